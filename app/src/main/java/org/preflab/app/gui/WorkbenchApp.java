package org.preflab.app.gui;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.preflab.app.gui.shell.MainWindow;
import org.preflab.engine.runtime.EngineThread;

/**
 * The JavaFX application. The command line launches it with {@link #launchAndWait}; it runs on the JavaFX thread,
 * while every run trains on the engine thread the command line already owns.
 */
public final class WorkbenchApp extends Application {
    /** Held so that the level set on it stays (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger JAVAFX_LOG = java.util.logging.Logger.getLogger("javafx");
    private static volatile Path initialProject;
    private static volatile EngineThread engine;
    private Workbench workbench;

    /**
     * Opens the workbench (on {@code project}, or the start page when null) and returns when its window closes.
     * Runs train on {@code engineThread}; call this from any other thread (the JavaFX launcher blocks it).
     */
    public static void launchAndWait(EngineThread engineThread, Path project) {
        // JavaFX warns on every start that it runs from the class path, which is how PrefLab is built: not news
        JAVAFX_LOG.setLevel(java.util.logging.Level.SEVERE);
        engine = engineThread;
        initialProject = project;
        Application.launch(WorkbenchApp.class);
    }

    @Override
    public void start(Stage stage) {
        org.preflab.app.gui.common.GlyphLayoutGuard.install(); // before anything draws text on a canvas
        workbench = new Workbench(engine == null ? new EngineThread() : engine);
        MainWindow window = new MainWindow(workbench, stage);
        window.show();
        if (initialProject != null) {
            workbench.navigator().openProject(initialProject);
        } else {
            workbench.navigator().openStartPage();
        }
    }

    @Override
    public void stop() {
        if (workbench != null) {
            workbench.close();
        }
        Platform.exit();
    }
}
