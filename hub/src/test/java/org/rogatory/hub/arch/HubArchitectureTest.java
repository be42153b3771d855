package org.rogatory.hub.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The hub's package rules from ../shared/STYLE.md: features first, then roles; features talk to
 * each other only through their {@code .api} packages; no Bouncy Castle outside {@code crypto}.
 */
class HubArchitectureTest {
  private static final JavaClasses HUB =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.rogatory.hub");

  @Test
  void hub_neverNamesBouncyCastle() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.bouncycastle..")
        .allowEmptyShould(true)
        .check(HUB);
  }

  @Test
  void hub_neverUsesCryptoInternals() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.rogatory.crypto.internal..")
        .allowEmptyShould(true)
        .check(HUB);
  }

  @Test
  void features_onlyReachOtherFeaturesThroughTheirApi() {
    // Slices are features: org.rogatory.hub.<feature>.<role>. Only .api may be shared.
    slices()
        .matching("org.rogatory.hub.(*).(command|query|web)..")
        .should()
        .notDependOnEachOther()
        .allowEmptyShould(true)
        .check(HUB);
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
        .allowEmptyShould(true)
        .check(HUB);
  }
}
