package org.rogatory.client.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The SDK never names Bouncy Castle or crypto internals, and has no framework dependency. */
class ClientArchitectureTest {
  private static final JavaClasses SDK =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.rogatory.client");

  @Test
  void sdk_neverNamesBouncyCastleOrCryptoInternals() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.bouncycastle..", "org.rogatory.crypto.internal..")
        .allowEmptyShould(true)
        .check(SDK);
  }

  @Test
  void sdk_dependsOnNoServerFramework() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "org.axonframework..")
        .allowEmptyShould(true)
        .check(SDK);
  }
}
