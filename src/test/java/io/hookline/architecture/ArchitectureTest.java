package io.hookline.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vertx.sqlclient.SqlClient;
import org.junit.jupiter.api.Test;

/**
 * Verifies that dependencies between Hookline's packages run one way: no package cycles, and nothing but the
 * wiring itself ({@code app}) knows the wiring; and that only stores run SQL (which store may write which table:
 * {@link SqlOwnershipTest}).
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
        noClasses()
                .that()
                .resideOutsideOfPackage("io.hookline.app..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.hookline.app..")
                .check(CLASSES);
    }

    /** Catches what the literal scan of SqlOwnershipTest cannot: a statement passed in a variable or built at run time. */
    @Test
    void onlyStoresRunStatements() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.hookline.store..")
                .and()
                .haveSimpleNameNotEndingWith("Store")
                .should()
                .callMethodWhere(
                        target(nameMatching("query|preparedQuery")).and(target(owner(assignableTo(SqlClient.class)))))
                .because("each table's SQL lives in its store; routes and services call a store method")
                .check(CLASSES);
    }
}
