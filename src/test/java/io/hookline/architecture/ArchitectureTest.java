package io.hookline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Verifies that dependencies between Hookline's packages run one way: no package cycles, and nothing but the
 * wiring itself ({@code app}) knows the wiring.
 */
class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.hookline");

  @Test
  void noPackageCycles() {
    slices().matching("io.hookline.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void nothingImportsTheWiring() {
    noClasses().that().resideOutsideOfPackage("io.hookline.app..")
        .should().dependOnClassesThat().resideInAPackage("io.hookline.app..")
        .check(CLASSES);
  }
}
