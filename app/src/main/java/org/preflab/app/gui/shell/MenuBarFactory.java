package org.preflab.app.gui.shell;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.DirectoryChooser;
import org.preflab.app.gui.Workbench;

/** The window's menus: projects, the current project's run, and the views that need no selection. */
final class MenuBarFactory {
    private MenuBarFactory() {}

    static MenuBar create(Workbench wb, MainWindow window) {
        MenuItem start = item("Start page", "Shortcut+1", () -> window.openStartPage());
        MenuItem open = item("Open project folder...", "Shortcut+O", () -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Open a PrefLab project (a folder with experiment.json)");
            File dir = chooser.showDialog(window.stage());
            if (dir != null) {
                openProject(window, dir.toPath());
            }
        });
        Menu recent = new Menu("Recent projects");
        recent.setOnShowing(e -> {
            recent.getItems().clear();
            for (Path p : wb.recentProjects().list()) {
                recent.getItems().add(item(p.toString(), null, () -> openProject(window, p)));
            }
            if (recent.getItems().isEmpty()) {
                MenuItem none = new MenuItem("(none yet)");
                none.setDisable(true);
                recent.getItems().add(none);
            }
        });
        MenuItem openTrl = item("Open TRL run...", null, () -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Open a TRL run (its output_dir: trainer_state.json, checkpoint-N)");
            File dir = chooser.showDialog(window.stage());
            if (dir != null) {
                openTrlRun(window, dir.toPath());
            }
        });
        MenuItem quit = item("Quit", "Shortcut+Q", () -> window.requestClose());
        Menu file = new Menu("File", null, start, open, recent, openTrl, new SeparatorMenuItem(), quit);

        MenuItem setup = item("Run setup", "Shortcut+E", () -> window.currentProject()
                .ifPresentOrElse(p -> window.openRunSetup(p.resolve("experiment.json")),
                        () -> window.notify("Open a project first (File > Open project folder)", false)));
        MenuItem run = item("Start run", "Shortcut+R", () -> window.currentProject()
                .ifPresentOrElse(p -> window.startRun(p.resolve("experiment.json")),
                        () -> window.notify("Open a project first (File > Open project folder)", false)));
        Menu runMenu = new Menu("Run", null, setup, run);

        MenuItem teaching = item("Loss curves (teaching)", null, () -> window.openTeaching(null));
        Menu view = new Menu("View", null, teaching);
        return new MenuBar(file, runMenu, view);
    }

    private static void openProject(MainWindow window, Path dir) {
        if (!Files.isRegularFile(dir.resolve("experiment.json"))) {
            window.notify(dir + " has no experiment.json: not a PrefLab project (New project on the start page makes"
                    + " one)", true);
            return;
        }
        window.openProject(dir);
    }

    /** A TRL output folder opens as a dashboard (followed while TRL writes it), like a run of this window. */
    static void openTrlRun(MainWindow window, Path dir) {
        if (!org.preflab.engine.run.RunLog.isReadable(dir)) {
            window.notify(dir + " holds no trainer_state.json, checkpoint-N or preflab_trl.json: not a TRL run's "
                    + "output_dir (nor a PrefLab run)", true);
            return;
        }
        window.openRun(dir);
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }
}
