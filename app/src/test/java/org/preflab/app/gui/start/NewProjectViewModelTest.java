package org.preflab.app.gui.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.project.Project;
import org.preflab.app.gui.project.TestProjects;
import org.preflab.engine.run.RunConfig;

/** New project: both inputs checked by the engine, problems by file and line, a project the engine loads. */
class NewProjectViewModelTest {
    @TempDir Path tmp;

    private NewProjectViewModel vm() {
        return new NewProjectViewModel(tmp.resolve("projects"), Runnable::run, Runnable::run);
    }

    @Test
    void writesAnExperimentThatRunConfigLoads() throws Exception {
        Path model = TestProjects.samples().resolve("tinystories-dpo/model");
        Path data = TestProjects.samples().resolve("tinystories-dpo/data/pairs.jsonl");
        NewProjectViewModel vm = vm();
        vm.modelDirProperty().set(model.toString());
        vm.dataFileProperty().set(data.toString());
        assertEquals("pairs-dpo", vm.nameProperty().get(), "named after the data file");
        assertTrue(vm.modelInfoProperty().get().startsWith("llama, 260K parameters, context 512 tokens"),
                vm.modelInfoProperty().get());
        assertTrue(vm.dataInfoProperty().get().startsWith("64 records"), vm.dataInfoProperty().get());
        assertEquals(List.of(), vm.problems());
        assertTrue(vm.readyProperty().get());

        Path dir = vm.create();
        assertEquals(tmp.resolve("projects/pairs-dpo"), dir);
        RunConfig c = RunConfig.load(dir.resolve("experiment.json"));
        assertEquals("dpo", c.method());
        assertEquals(model.toAbsolutePath().normalize().toString(), c.model(), "referenced where it is");
        assertEquals(List.of("sigmoid"), c.dpo().lossType());
        assertEquals(0.1, c.data().evalFraction());
        assertEquals(512, c.data().maxLength());
        Project p = Project.open(dir);
        assertEquals(List.of(data.toAbsolutePath().normalize()), p.dataFiles());

        // the same name again: refused, the folder holds a project now
        vm.nameProperty().set("x");
        vm.nameProperty().set("pairs-dpo");
        assertFalse(vm.readyProperty().get());
        assertTrue(vm.problems().get(0).endsWith("already holds a project; choose another name"), vm.problems().toString());
        assertThrows(IOException.class, vm::create);
    }

    @Test
    void badInputsAreListedByFileAndLine() throws Exception {
        Path data = tmp.resolve("mine.jsonl");
        Files.write(data, List.of("{\"prompt\": \"a\", \"chosen\": \" b\", \"rejected\": \" c\"}",
                "{\"prompt\": \"a\", \"chosen\": \" b\", \"rejected\": 3}"));
        Path model = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{\"model_type\": \"bert\"}");
        NewProjectViewModel vm = vm();
        vm.modelDirProperty().set(model.toString());
        vm.dataFileProperty().set(data.toString());
        vm.nameProperty().set("bad name!");
        assertFalse(vm.readyProperty().get());
        List<String> p = vm.problems();
        assertTrue(p.get(0).contains("config.json") && p.get(0).contains("unknown model_type 'bert'"), p.get(0));
        assertTrue(p.get(1).startsWith("mine.jsonl line 2: "), p.get(1));
        assertTrue(p.get(2).startsWith("name 'bad name!'"), p.get(2));
    }
}
