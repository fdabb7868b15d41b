package org.preflab.app.gui.setup;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.apl.AcquisitionRegistry;
import org.preflab.engine.data.DatasetFormats;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.oracle.OracleRegistry;
import org.preflab.engine.run.RunConfig;

/** The run setup's logic without a window: fields, messages, losses, save and load. */
class RunSetupViewModelTest {
    static final Path SAMPLE = Path.of("..", "sample-projects", "tinystories-dpo", "experiment.json");
    private static PreferenceLosses losses;

    @TempDir Path tmp;

    @BeforeAll
    static void loadLosses() {
        losses = PreferenceLosses.load();
    }

    private RunSetupViewModel sample() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("tinystories-dpo"));
        Files.copy(SAMPLE, project.resolve("experiment.json"));
        return new RunSetupViewModel(project.resolve("experiment.json"), losses);
    }

    @Test
    void opensAProjectAsTheEngineReadsIt() throws Exception {
        RunSetupViewModel vm = sample();
        assertEquals(RunConfig.load(vm.experimentFile()), vm.configProperty().get());
        assertFalse(vm.dirtyProperty().get());
        assertEquals("", vm.problemsProperty().get());
        assertEquals("0.1", vm.field("dpo.beta").textProperty().get());
        assertEquals("1e-8", vm.field("train.adam_epsilon").textProperty().get());
        assertEquals("COSINE", vm.field("train.schedule").textProperty().get());
        assertFalse(vm.field("sdpo.steps").activeProperty().get(), "sdpo is not part of a dpo config");
        assertEquals("preflab run " + vm.experimentFile().getParent(), vm.commandLine());
        assertTrue(vm.commandNoteProperty().get().startsWith("Runs this project headless"));
    }

    @Test
    void methodAplShowsItsOwnOracleAndWinRateSectionsUnderTheirTitles() throws Exception {
        RunSetupViewModel vm = sample();
        vm.methodProperty().set("apl");
        for (String key : java.util.List.of("apl.acquisition", "oracle.type", "winrate.max_new_tokens")) {
            assertTrue(vm.field(key).activeProperty().get(), key + " is part of an apl config");
        }
        assertFalse(vm.field("sdpo.steps").activeProperty().get());
        for (String section : org.preflab.engine.run.ExperimentSettings.SECTIONS) {
            assertTrue(SettingItem.CATEGORIES.get(section) != null, "section '" + section + "' has a title");
        }
    }

    @Test
    void aBadValueShowsTheEnginesMessageAsTyped() throws Exception {
        RunSetupViewModel vm = sample();
        SettingField rate = vm.field("train.learning_rate");
        rate.textProperty().set("-1");
        assertEquals("train.learning_rate = -1.0 is invalid: must be a finite number >= 0", rate.errorProperty().get());
        assertNull(vm.configProperty().get());
        assertEquals(rate.errorProperty().get(), vm.startBlockedProperty().get());
        rate.textProperty().set("3e-4x");
        assertEquals("train.learning_rate = '3e-4x' is invalid: must be a finite number >= 0",
                rate.errorProperty().get());
        rate.textProperty().set("3e-4");
        assertEquals("", rate.errorProperty().get());
        assertEquals(3e-4, vm.configProperty().get().train().learningRate());

        // a rule over two keys comes from the record's constructor, and shows at the key it names
        vm.methodProperty().set("sdpo");
        vm.field("sdpo.partition").textProperty().set("RANDOM");
        vm.field("sdpo.steps").textProperty().set("1");
        assertEquals("sdpo.steps = 1 is invalid: stepwise DPO needs >= 2 steps",
                vm.field("sdpo.steps").errorProperty().get());
        vm.field("sdpo.steps").textProperty().set("3");
        assertEquals(3, vm.configProperty().get().sdpo().steps());
        assertEquals("", vm.field("sdpo.steps").errorProperty().get());
    }

    @Test
    void aRewardModelRunHasNoDpoSection() throws Exception {
        RunSetupViewModel vm = sample();
        vm.methodProperty().set("reward");
        assertEquals("", vm.problemsProperty().get());
        assertEquals("reward", vm.configProperty().get().method());
        assertNull(vm.configProperty().get().dpo());
        assertFalse(vm.field("dpo.beta").activeProperty().get());
    }

    @Test
    void lossesCombineWithWeights() throws Exception {
        RunSetupViewModel vm = sample();
        assertTrue(vm.losses().choices().size() >= 16, "every built-in loss is offered");
        assertEquals("sigmoid", vm.losses().choices().get(0).id(), "the config's own losses come first");
        LossChoice sft = choice(vm, "sft");
        sft.selectedProperty().set(true);
        sft.weightProperty().set("0.5");
        RunConfig c = vm.configProperty().get();
        assertEquals(List.of("sigmoid", "sft"), c.dpo().lossType());
        assertEquals(List.of(1.0, 0.5), c.dpo().lossWeights());

        sft.weightProperty().set("-2");
        assertEquals("dpo.loss_weights = [-2.0] is invalid: must be a list of finite numbers >= 0",
                sft.weightErrorProperty().get());
        assertNull(vm.configProperty().get());
        sft.weightProperty().set("1");
        assertEquals(List.of(), vm.configProperty().get().dpo().lossWeights(), "all 1: TRL's default, not written");

        vm.losses().choices().forEach(l -> l.selectedProperty().set(false));
        assertEquals("dpo.loss_type: choose at least one loss type", vm.startBlockedProperty().get());
    }

    @Test
    void aLossNoPluginProvidesIsShownAndBlocksStart() throws Exception {
        Path f = tmp.resolve("experiment.json");
        Files.writeString(f, Files.readString(SAMPLE).replace("[\"sigmoid\"]", "[\"sigmoid\", \"my_loss\"]"));
        RunSetupViewModel vm = new RunSetupViewModel(f, losses);
        LossChoice mine = choice(vm, "my_loss");
        assertFalse(mine.isLoaded());
        assertTrue(mine.selectedProperty().get());
        assertTrue(vm.problemsProperty().get().contains("unknown loss type 'my_loss'; known: "),
                vm.problemsProperty().get());
        assertNull(vm.configProperty().get());
    }

    @Test
    void pluginsOfEveryKindThatFailedToLoadAreListedOneLineEach() throws Exception {
        assertEquals(List.of(), sample().pluginProblems(), "the test class path has no broken plugin");

        // A folder standing in for a broken plugin jar: each services file names a class that does not exist.
        Path broken = tmp.resolve("broken-plugin");
        Path services = Files.createDirectories(broken.resolve("META-INF/services"));
        for (String kind : List.of("PreferenceLoss", "OracleProvider", "AcquisitionFunction", "DatasetFormat")) {
            Files.writeString(services.resolve("org.preflab.engine.spi." + kind), "org.preflab.nowhere.Missing" + kind);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {broken.toUri().toURL()},
                RunSetupViewModelTest.class.getClassLoader())) {
            Path project = Files.createDirectories(tmp.resolve("with-broken-plugin"));
            Files.copy(SAMPLE, project.resolve("experiment.json"));
            RunSetupViewModel vm = new RunSetupViewModel(project.resolve("experiment.json"),
                    PreferenceLosses.load(loader), OracleRegistry.load(loader), AcquisitionRegistry.load(loader),
                    DatasetFormats.load(loader));

            List<String> lines = vm.pluginProblems();
            assertEquals(4, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("loss type: org.preflab.nowhere.MissingPreferenceLoss: "), lines.get(0));
            assertTrue(lines.get(1).startsWith("oracle: org.preflab.nowhere.MissingOracleProvider: "), lines.get(1));
            assertTrue(lines.get(2).startsWith("acquisition function: org.preflab.nowhere.MissingAcquisitionFunction:"),
                    lines.get(2));
            assertTrue(lines.get(3).startsWith("dataset format: org.preflab.nowhere.MissingDatasetFormat:"), lines.get(3));
            lines.forEach(l -> assertTrue(l.endsWith("not found") && !l.contains("\n"), l));
            assertEquals("", vm.problemsProperty().get(), "a broken plugin the config does not use blocks nothing");
            assertNotNull(vm.configProperty().get());
        }
        Path corrupt = Files.writeString(tmp.resolve("corrupt.jar"), "not a zip file");
        List<String> jarLine = PluginProblems.of(List.of(corrupt), new PreferenceLosses(), new OracleRegistry(),
                new AcquisitionRegistry(), new DatasetFormats());
        assertEquals(1, jarLine.size(), jarLine.toString());
        assertTrue(jarLine.get(0).startsWith("jar: corrupt.jar: not a readable jar ("), jarLine.get(0));
    }

    @Test
    void savedFileLoadsBackAsTheSameConfig() throws Exception {
        RunSetupViewModel vm = sample();
        vm.field("dpo.beta").textProperty().set("0.25");
        choice(vm, "sft").selectedProperty().set(true);
        choice(vm, "sft").weightProperty().set("0.5");
        vm.spoProperty().set(true);
        vm.field("spo.k").textProperty().set("3");
        assertTrue(vm.dirtyProperty().get());
        assertTrue(vm.commandNoteProperty().get().contains("save first"), vm.commandNoteProperty().get());
        assertTrue(vm.commandNoteProperty().get().contains("preflab fork <run-dir> --set dpo.beta=0.25"),
                vm.commandNoteProperty().get());
        RunConfig shown = vm.configProperty().get();

        vm.save();
        assertFalse(vm.dirtyProperty().get());
        assertEquals(shown, RunConfig.load(vm.experimentFile()));
        RunSetupViewModel again = new RunSetupViewModel(vm.experimentFile(), losses);
        assertEquals(shown, again.configProperty().get());
        assertFalse(again.dirtyProperty().get());
        assertTrue(again.spoProperty().get());
        String text = Files.readString(vm.experimentFile());
        assertFalse(text.contains("null"), text);
        assertTrue(text.indexOf("\"beta\" : 0.25") > 0, text);

        again.field("dpo.beta").textProperty().set("0.5");
        again.reload();
        assertEquals("0.25", again.field("dpo.beta").textProperty().get(), "reload drops unsaved edits");
    }

    @Test
    void aFolderWithoutExperimentJsonGetsSuggestedSettings() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("my project"));
        Files.createDirectories(project.resolve("model"));
        Files.writeString(project.resolve("model").resolve("config.json"), "{}");
        Files.createDirectories(project.resolve("data"));
        Files.writeString(project.resolve("data").resolve("pairs.jsonl"), "");
        RunSetupViewModel vm = new RunSetupViewModel(project.resolve("experiment.json"), losses);
        RunConfig c = vm.configProperty().get();
        assertEquals("my-project", c.name());
        assertEquals("dpo", c.method());
        assertEquals("model", c.model());
        assertEquals("data/pairs.jsonl", c.data().train());
        assertTrue(vm.dirtyProperty().get(), "nothing is written until Save");
        assertFalse(Files.exists(vm.experimentFile()));
        assertTrue(vm.fileNoteProperty().get().contains("No experiment.json here yet"));
        AtomicReference<Path> started = new AtomicReference<>();
        vm.start(started::set);
        assertEquals(vm.experimentFile(), started.get(), "Start saves first, then starts the saved file");
        assertEquals(c, RunConfig.load(vm.experimentFile()));
    }

    @Test
    void aFileThatIsNotJsonIsReportedAndNotOverwritten() throws Exception {
        Path f = tmp.resolve("experiment.json");
        Files.writeString(f, "{\"name\": \"x\",\n \"model\": }");
        RunSetupViewModel vm = new RunSetupViewModel(f, losses);
        assertTrue(vm.fileNoteProperty().get().contains("experiment.json: line 2:"), vm.fileNoteProperty().get());
        assertFalse(vm.canSaveProperty().get());
        assertThrows(java.io.IOException.class, vm::save);
        assertEquals("{\"name\": \"x\",\n \"model\": }", Files.readString(f));

        Files.writeString(f, Files.readString(SAMPLE).replace("\"epochs\": 3", "\"epochs\": 3, \"epoch\": 2"));
        vm.reload();
        assertTrue(vm.canSaveProperty().get());
        assertTrue(vm.fileNoteProperty().get().contains("unknown key 'epoch'"), vm.fileNoteProperty().get());
        assertNotNull(vm.configProperty().get(), "the known values are shown and valid");
    }

    private static LossChoice choice(RunSetupViewModel vm, String id) {
        return vm.losses().choices().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }
}
