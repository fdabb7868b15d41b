package org.preflab.app.gui.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.RecentProjects;
import org.preflab.app.gui.RecordingNavigator;
import org.preflab.app.gui.project.ProjectSummary;
import org.preflab.app.gui.project.TestProjects;

/** The start page lists the bundled samples with a description, and the recent projects; opening checks first. */
class StartPageViewModelTest {
    @TempDir Path tmp;

    @Test
    void listsTheBundledSamplesWithMethodAndDescription() {
        StartPageViewModel vm = new StartPageViewModel(new RecordingNavigator(), new RecentProjects(tmp.resolve("r.txt")),
                SampleProjects.folder());
        List<String> names = vm.samples().stream().map(ProjectSummary::name).toList();
        assertEquals(List.of("apl-vs-random", "sdpo-steps", "spa-seed", "spo-vs-dpo", "stories-dpo", "tinystories-dpo",
                "tinystories-sft"), names);
        ProjectSummary dpo = vm.samples().get(5);
        assertEquals("dpo", dpo.method());
        assertEquals("DPO on 64 hand-written preference pairs: a quick first look at the DPO dashboard (about 5 s on 2 "
                + "cores).", dpo.description(), "the README's first line of prose");
        assertEquals("", vm.samplesNoteProperty().get());
    }

    @Test
    void opensProjectsAndRefusesFoldersWithoutExperiment() throws Exception {
        RecordingNavigator nav = new RecordingNavigator();
        RecentProjects recent = new RecentProjects(tmp.resolve("r.txt"));
        StartPageViewModel vm = new StartPageViewModel(nav, recent, Optional.empty());
        assertTrue(vm.samplesNoteProperty().get().startsWith("No sample-projects folder"));

        Path empty = Files.createDirectories(tmp.resolve("not-a-project"));
        assertFalse(vm.open(empty));
        assertTrue(vm.errorProperty().get().contains("no experiment.json in this folder"), vm.errorProperty().get());
        assertTrue(nav.calls.isEmpty());

        Path project = TestProjects.copySample(tmp);
        recent.add(project); // what the main window does on openProject
        assertTrue(vm.open(project));
        assertEquals("", vm.errorProperty().get());
        assertEquals(List.of("openProject " + project), nav.calls);
        assertEquals(project, vm.recent().get(0).dir());
    }
}
