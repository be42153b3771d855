package org.rogatory.hub.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
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
    // A slice is a feature: org.rogatory.hub.<feature>. Another feature may be reached through
    // its .api package only; the shared infrastructure (org.rogatory.hub.infra) is not a feature.
    slices()
        .matching("org.rogatory.hub.(*)..")
        .should()
        .notDependOnEachOther()
        .ignoreDependency(
            DescribedPredicate.alwaysTrue(),
            JavaClass.Predicates.resideInAPackage("org.rogatory.hub.*.api.."))
        .ignoreDependency(
            JavaClass.Predicates.resideInAPackage("org.rogatory.hub.infra.."),
            DescribedPredicate.alwaysTrue())
        .ignoreDependency(
            DescribedPredicate.alwaysTrue(),
            JavaClass.Predicates.resideInAPackage("org.rogatory.hub.infra.."))
        .allowEmptyShould(true)
        .check(HUB);
  }

  @Test
  void infrastructure_usesFeaturesOnlyThroughTheirApi() {
    noClasses()
        .that()
        .resideInAPackage("org.rogatory.hub.infra..")
        .should()
        .dependOnClassesThat(
            JavaClass.Predicates.resideInAPackage("org.rogatory.hub..")
                .and(
                    DescribedPredicate.not(
                        JavaClass.Predicates.resideInAPackage("org.rogatory.hub.infra..")))
                .and(
                    DescribedPredicate.not(
                        JavaClass.Predicates.resideInAPackage("org.rogatory.hub.*.api.."))))
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
