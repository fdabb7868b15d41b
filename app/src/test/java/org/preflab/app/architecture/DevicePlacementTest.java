package org.preflab.app.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Every model and array gets its device in one place: a base manager from {@code DjlRuntime.newManager()} (and
 * sub-managers of it). {@code NDManager.newBaseManager()} would take DJL's own default device, the GPU whenever one
 * is visible, whatever PREFLAB_DEVICE says. Checked on the bytecode of the engine, the plugins and the app.
 */
class DevicePlacementTest {
    @Test
    void onlyTheRuntimeMakesBaseManagers() {
        JavaClasses all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.preflab");
        noClasses().that().resideOutsideOfPackage("org.preflab.engine.runtime..")
                .should().callMethodWhere(target(name("newBaseManager")))
                .because("DjlRuntime.newManager() puts managers on the device decided at engine start")
                .check(all);
    }
}
