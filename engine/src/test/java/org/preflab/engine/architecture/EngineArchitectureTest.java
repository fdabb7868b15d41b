package org.preflab.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's layering, checked on its bytecode: the engine is a library that the GUI and the command line both
 * use, so it never reaches up into them (or into the loss plugins it loads through ServiceLoader), and its packages
 * form a hierarchy, not a knot, so each can be read and tested from the bottom up.
 */
class EngineArchitectureTest {
    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.preflab.engine");
    }

    @Test
    void engineDependsOnNeitherGuiNorAppNorPlugins() {
        noClasses().that().resideInAPackage("org.preflab.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.preflab.app..",
                        "org.preflab.plugins..")
                .because("the engine is shared by the GUI and the CLI and loads plugins only through ServiceLoader")
                .check(engine);
    }

    @Test
    void thePluginApiNeedsNothingButItselfJavaAndDjl() {
        // org.preflab.engine.spi is the preflab-api artifact (plugins/api), the one thing a plugin compiles against.
        classes().that().resideInAPackage("org.preflab.engine.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.preflab.engine.spi..", "java..",
                        "ai.djl..")
                .because("a plugin depends on preflab-api alone, so the API may not reach into the engine")
                .check(engine);
    }

    @Test
    void enginePackagesAreFreeOfCycles() {
        // A slice is a top-level package with its sub-packages (data and data.chat are one slice).
        slices().matching("org.preflab.engine.(*)..").should().beFreeOfCycles().check(engine);
    }
}
