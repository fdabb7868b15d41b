package org.preflab.app.gui.start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.preflab.app.gui.Navigator;
import org.preflab.app.gui.RecentProjects;
import org.preflab.app.gui.project.Project;
import org.preflab.app.gui.project.ProjectSummary;

/** The start page's state: the sample projects, the recent ones, and what opening a folder said. */
public final class StartPageViewModel {
    private final Navigator navigator;
    private final RecentProjects recentProjects;
    private final Optional<Path> samplesFolder;
    private final ObservableList<ProjectSummary> samples = FXCollections.observableArrayList();
    private final ObservableList<ProjectSummary> recent = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper samplesNote = new ReadOnlyStringWrapper("");

    public StartPageViewModel(Navigator navigator, RecentProjects recentProjects, Optional<Path> samplesFolder) {
        this.navigator = navigator;
        this.recentProjects = recentProjects;
        this.samplesFolder = samplesFolder;
        reload();
    }

    /** Reads the sample and recent projects again (a few small files each). */
    public void reload() {
        samples.setAll(samplesFolder.map(SampleProjects::list).orElse(java.util.List.of()));
        samplesNote.set(samplesFolder.isEmpty()
                ? "No sample-projects folder found beside the application (set -Dpreflab.samples=DIR to point to one)."
                : samples.isEmpty() ? "No projects in " + samplesFolder.get() : "");
        recent.setAll(recentProjects.list().stream().map(ProjectSummary::of).toList());
    }

    public ObservableList<ProjectSummary> samples() {
        return samples;
    }

    public ObservableList<ProjectSummary> recent() {
        return recent;
    }

    /** Why the last open failed; empty after a success. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Why no samples are listed; empty when some are. */
    public ReadOnlyStringProperty samplesNoteProperty() {
        return samplesNote.getReadOnlyProperty();
    }

    /**
     * Opens {@code dir} as a project when it holds experiment.json (an invalid one still opens: the explorer and the
     * run setup show its error); otherwise says why not and opens nothing.
     */
    public boolean open(Path dir) {
        if (dir == null) {
            return false;
        }
        if (!Files.isDirectory(dir)) {
            error.set(dir + ": no such folder");
            return false;
        }
        if (!Files.isRegularFile(dir.resolve(Project.EXPERIMENT))) {
            error.set(dir + ": no " + Project.EXPERIMENT + " in this folder. A project folder holds one; use "
                    + "New project... to make one from a model folder and a preference file.");
            return false;
        }
        error.set("");
        navigator.openProject(dir.toAbsolutePath().normalize());
        reload();
        return true;
    }
}
