package org.preflab.app.gui.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.RecordingNavigator;
import org.preflab.app.gui.Workbench;
import org.preflab.app.gui.project.TestProjects;
import org.preflab.engine.run.RunConfig;
import org.preflab.engine.run.RunState;
import org.preflab.engine.runtime.EngineThread;

/** The explorer lists a project's data, checkpoints and runs, and follows run folders other processes write. */
class ExplorerViewModelTest {
    @TempDir Path tmp;
    private final RecordingNavigator nav = new RecordingNavigator();
    private Workbench wb;

    @AfterEach
    void close() {
        if (wb != null) {
            wb.close();
            wb.engine().close();
        }
    }

    private ExplorerViewModel explorer(Path project) {
        wb = new Workbench(new EngineThread());
        return new ExplorerViewModel(project, wb, nav, Runnable::run);
    }

    @Test
    void listsAProjectWithARealRun() throws Exception {
        Path project = TestProjects.copySample(tmp);
        TestProjects.shorten(project, 2);
        ExplorerViewModel vm = explorer(project);
        var handle = wb.start(project);
        handle.outcome().get(10, java.util.concurrent.TimeUnit.MINUTES);
        vm.refreshInBackground();

        assertEquals(List.of("data/pairs.jsonl"), vm.datasets().stream().map(ExplorerEntry::label).toList());
        assertEquals("train", vm.datasets().get(0).detail());
        ExplorerEntry model = vm.checkpoints().get(0);
        assertEquals(ExplorerEntry.Kind.MODEL, model.kind());
        assertEquals("llama, 260K parameters", model.detail());
        ExplorerEntry run = vm.runs().get(0);
        assertEquals(handle.runDir(), run.path());
        assertEquals(RunState.FINISHED, run.state());
        assertEquals("finished, step 2 / 2, dpo", run.detail());
        ExplorerEntry group = vm.checkpoints().get(1);
        assertEquals(ExplorerEntry.Kind.CHECKPOINT_GROUP, group.kind());
        assertEquals(List.of("step-000002"), group.children().stream().map(ExplorerEntry::label).toList());
        assertFalse(vm.canResume(run), "a finished run has nothing to resume");

        vm.open(vm.datasets().get(0));
        vm.open(model);
        vm.open(group.children().get(0));
        vm.open(run);
        vm.drillDown(run);
        assertEquals(List.of("openDataset " + project.resolve("data/pairs.jsonl"), "openCheckpoint " + project.resolve("model"),
                "openCheckpoint " + run.path().resolve("checkpoints/step-000002"), "openRun " + run.path(),
                "openDrillDown " + run.path() + " -1"), nav.calls);
    }

    @Test
    void anAplRunWithAHumanOracleOffersItsAcquisitionAndLabellingViews() throws Exception {
        Path project = TestProjects.copySample(tmp);
        Path run = Files.createDirectories(project.resolve("runs").resolve("apl-human").resolve("checkpoints"))
                .getParent();
        Files.writeString(run.resolve("config.json"), "{\"method\": \"apl\", \"oracle\": {\"type\": \"human\"}}");
        ExplorerViewModel vm = explorer(project);
        vm.refreshInBackground();
        ExplorerEntry e = vm.runs().get(0);
        assertTrue(e.runKind().isApl() && e.runKind().asksAPerson(), e.runKind().toString());
        vm.acquisition(e);
        vm.labelling(e);
        assertEquals(List.of("openAcquisition " + e.path(), "openLabelling " + e.path()), nav.calls);
    }

    @Test
    void followsARunFolderAnotherProcessWrites() throws Exception {
        Path project = TestProjects.copySample(tmp);
        ExplorerViewModel vm = explorer(project);
        vm.refreshInBackground();
        assertTrue(vm.runs().isEmpty());

        Path run = fakeRun(project, "cli-run");
        // the writing process holds the run's lock (it would be another process; for a reader that is the same)
        org.preflab.engine.run.RunLock writing = org.preflab.engine.run.RunLock.acquire(run);
        append(run.resolve("metrics.jsonl"), "{\"step\":0,\"data/train_pairs\":56,\"data/eval_pairs\":8}",
                "{\"step\":1,\"loss\":0.69}");
        vm.refreshInBackground();
        ExplorerEntry entry = vm.runs().get(0);
        assertEquals(RunState.RUNNING, entry.state(), "a process holds the run: training");
        assertEquals("running, step 1 / 21, dpo", entry.detail(), "56 pairs, batch 8, 3 epochs: 21 steps");

        append(run.resolve("metrics.jsonl"), "{\"step\":2,\"loss\":0.6}", "{\"step\":3,\"loss\":0.5}");
        Path second = fakeRun(project, "cli-run-2");
        vm.refreshInBackground();
        assertSame(entry, vm.runs().stream().filter(e -> e.path().equals(run)).findFirst().orElseThrow(),
                "updated in place, so a selection stays");
        assertEquals(3, entry.step());
        assertEquals(2, vm.runs().size());

        append(run.resolve("events.jsonl"), "{\"time\":\"2026-01-01T00:00:00Z\",\"step\":3,\"type\":\"failed\","
                + "\"message\":\"loss is NaN\"}");
        writing.close(); // the process ends
        vm.refreshInBackground();
        assertEquals(RunState.FAILED, entry.state());
        assertTrue(entry.problemProperty().get());
        assertTrue(vm.canResume(entry), "a failed run resumes from its newest checkpoint");

        // a folder no process holds, without an end event, was interrupted (killed): stopped, resumable
        vm.refreshInBackground();
        ExplorerEntry other = vm.runs().stream().filter(e -> e.path().equals(second)).findFirst().orElseThrow();
        assertEquals(RunState.STOPPED, other.state());

        vm.compare(List.of(entry, other));
        assertEquals("openCompare [" + run + ", " + second + "]", nav.calls.get(nav.calls.size() - 1));

        // a deleted run folder leaves the list
        deleteTree(second);
        vm.refreshInBackground();
        assertEquals(List.of(entry), List.copyOf(vm.runs()));
    }

    @Test
    void anInvalidExperimentStillOpensWithItsError() throws Exception {
        Path project = TestProjects.copySample(tmp);
        Files.writeString(project.resolve("experiment.json"), "{\"name\": \"x\", \"model\": \"model\", \"data\": {\"train\": "
                + "\"data/pairs.jsonl\"}, \"trian\": {}}");
        ExplorerViewModel vm = explorer(project);
        vm.refreshInBackground();
        assertTrue(vm.configErrorProperty().get().contains("unknown key 'trian'"), vm.configErrorProperty().get());
        assertEquals(List.of("data/pairs.jsonl"), vm.datasets().stream().map(ExplorerEntry::label).toList(),
                "data/ is still listed");
    }

    @Test
    void aSampleWithComparisonResultsListsItsComparisonWhichOpensItsResults() throws Exception {
        Path plain = TestProjects.copySample(tmp);
        ExplorerViewModel none = explorer(plain);
        none.refreshInBackground();
        assertTrue(none.comparisonSection().children().isEmpty(), "no compare.json: no comparison node");
        none.close();
        wb.close();
        wb.engine().close();

        Path sample = TestProjects.copySample(tmp, "apl-vs-random");
        ExplorerViewModel vm = explorer(sample);
        vm.refreshInBackground();
        ExplorerEntry c = vm.comparisonSection().children().get(0);
        assertEquals(ExplorerEntry.Kind.COMPARISON, c.kind());
        assertEquals("Comparison: Active preference learning against random acquisition (stories260k, sentiment"
                + " oracle)", c.label());
        assertEquals("results (the runs are not here)", c.detail());
        vm.open(c);
        assertEquals("openComparison " + sample, nav.calls.get(nav.calls.size() - 1));

        Files.createDirectories(sample.resolve("compare/runs"));
        Files.writeString(sample.resolve("compare.json"), "{\"title\": 3}");
        Files.setLastModifiedTime(sample.resolve("compare.json"), java.nio.file.attribute.FileTime.fromMillis(1000));
        vm.refreshInBackground();
        assertSame(c, vm.comparisonSection().children().get(0), "updated in place");
        assertTrue(c.problemProperty().get());
        assertTrue(c.detail().contains("field 'title'"), c.detail());

        Files.delete(sample.resolve("compare/seeds.csv"));
        vm.refreshInBackground();
        assertTrue(vm.comparisonSection().children().isEmpty(), "no results yet: nothing to open");
    }

    /** A run folder as a CLI run makes it: config.json (paths resolved) and checkpoints/. */
    private static Path fakeRun(Path project, String name) throws Exception {
        Path run = project.resolve("runs").resolve(name);
        Files.createDirectories(run.resolve("checkpoints"));
        RunConfig c = RunConfig.load(project.resolve("experiment.json"));
        Files.writeString(run.resolve("config.json"), c.toJson());
        return run;
    }

    private static void append(Path f, String... lines) throws Exception {
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static void deleteTree(Path p) throws Exception {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
