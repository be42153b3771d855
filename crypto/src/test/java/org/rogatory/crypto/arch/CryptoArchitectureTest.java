package org.rogatory.crypto.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package rules of ../shared/STYLE.md that concern the crypto module. */
class CryptoArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.rogatory.crypto");

  @Test
  void bouncyCastle_isNamedOnlyInTheInternalPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.rogatory.crypto.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.bouncycastle..")
        .check(MAIN);
  }

  @Test
  void crypto_dependsOnNoFrameworkOrNetwork() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..", "org.axonframework..", "io.netty..", "java.net.http..")
        .check(MAIN);
  }

  @Test
  void publicApi_typesAreFinalOrInterfacesOrEnums() {
    classes()
        .that()
        .resideInAPackage("org.rogatory.crypto")
        .and()
        .arePublic()
        .and()
        .areNotInterfaces()
        .and()
        .areNotEnums()
        .and()
        .areTopLevelClasses()
        .should()
        .haveModifier(JavaModifier.FINAL)
        .check(MAIN);
  }

  @Test
  void internal_isNotUsedBackwardsByItsOwnClasses() {
    noClasses()
        .that()
        .resideInAPackage("org.rogatory.crypto.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.rogatory.crypto")
        .check(MAIN);
  }

  @Test
  void noClass_isNamedManagerHelperOrUtil() {
    noClasses()
        .should()
        .haveSimpleNameEndingWith("Manager")
        .orShould()
        .haveSimpleNameEndingWith("Helper")
        .orShould()
        .haveSimpleNameEndingWith("Util")
        .orShould()
        .haveSimpleNameEndingWith("Utils")
        .check(MAIN);
  }
}
