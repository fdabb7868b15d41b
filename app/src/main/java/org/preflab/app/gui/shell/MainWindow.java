package org.preflab.app.gui.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.preflab.app.gui.Navigator;
import org.preflab.app.gui.Workbench;
import org.preflab.engine.run.RunHandle;

/**
 * The workbench window: the project explorer on the left, views as tabs in the middle, a status line below. It is
 * the {@link Navigator}: each open call shows the view's tab, reusing one already open for the same thing.
 */
public final class MainWindow implements Navigator {
    public static final int WIDTH = 1600;
    public static final int HEIGHT = 1000;

    private final Workbench workbench;
    private final Stage stage;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final SplitPane split = new SplitPane();
    private final Label status = new Label("Ready");
    private Path project;

    public MainWindow(Workbench workbench, Stage stage) {
        this.workbench = workbench;
        this.stage = stage;
        workbench.setNavigator(this);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        // a view that works from the keyboard (labelling) takes the focus whenever its tab is chosen again
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && now.getContent() != null && now.getContent().isFocusTraversable()) {
                javafx.application.Platform.runLater(now.getContent()::requestFocus);
            }
        });
        split.getItems().add(tabs);
        root.setCenter(split);
        status.setId("status-line");
        status.setMaxWidth(Double.MAX_VALUE);
        status.getStyleClass().add("status-line");
        root.setBottom(status);
        root.setTop(MenuBarFactory.create(workbench, this));
        stage.setTitle("PrefLab");
        stage.setScene(new Scene(root, WIDTH, HEIGHT));
        stage.getScene().getStylesheets().add(MainWindow.class.getResource("/org/preflab/app/gui/preflab.css").toExternalForm());
        stage.setOnCloseRequest(e -> {
            if (!confirmClose()) {
                e.consume();
            }
        });
    }

    public void show() {
        stage.show();
    }

    public Workbench workbench() {
        return workbench;
    }

    public Stage stage() {
        return stage;
    }

    public TabPane tabs() {
        return tabs;
    }

    /** Puts a side panel (the explorer) left of the tabs, a fifth of the width. */
    public void setSidePanel(Node panel) {
        if (split.getItems().size() > 1) {
            split.getItems().remove(0);
        }
        split.getItems().add(0, panel);
        SplitPane.setResizableWithParent(panel, false);
        javafx.application.Platform.runLater(() -> split.setDividerPositions(0.2)); // after the first layout
    }

    /** The open project's folder, if any. */
    public java.util.Optional<Path> currentProject() {
        return java.util.Optional.ofNullable(project);
    }

    /** Closes the window as the close button does (asking first while runs train). */
    public void requestClose() {
        if (confirmClose()) {
            stage.hide();
            javafx.application.Platform.exit();
        }
    }

    /**
     * Closing while a run trains asks first, then stops each run at its next step (it writes its checkpoint) before
     * the window goes.
     */
    private boolean confirmClose() {
        List<RunHandle> active = workbench.activeRuns();
        if (active.isEmpty()) {
            return true;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, active.size() + " run(s) still training. Stop "
                + (active.size() == 1 ? "it" : "them") + " (a checkpoint is written first) and close?",
                ButtonType.OK, ButtonType.CANCEL);
        a.setHeaderText("Stop training and close PrefLab?");
        a.initOwner(stage);
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    /** Shows the tab with {@code key}, creating it with {@code content} when it is not open. */
    public Tab showTab(String key, String title, Supplier<Node> content) {
        for (Tab t : tabs.getTabs()) {
            if (key.equals(t.getId())) {
                tabs.getSelectionModel().select(t);
                return t;
            }
        }
        Tab t = new Tab(title, content.get());
        t.setId(key);
        tabs.getTabs().add(t);
        tabs.getSelectionModel().select(t);
        return t;
    }

    @Override
    public void notify(String message, boolean important) {
        status.setText(message);
        if (important) {
            Notifications.show(stage, message);
        }
    }

    // Each view is built by its own package; these are the only places that know which class shows what.

    @Override
    public void openStartPage() {
        showTab("start", "Start", () -> Views.startPage(workbench));
    }

    @Override
    public void openProject(Path projectDir) {
        project = projectDir;
        workbench.recentProjects().add(projectDir);
        setSidePanel(Views.explorer(workbench, projectDir));
        stage.setTitle("PrefLab - " + projectDir.getFileName());
        openRunSetup(projectDir.resolve("experiment.json"));
    }

    @Override
    public void openDataset(Path dataFile) {
        showTab("dataset:" + dataFile, dataFile.getFileName().toString(), () -> Views.dataset(workbench, dataFile));
    }

    @Override
    public void openCheckpoint(Path modelDir) {
        showTab("checkpoint:" + modelDir, "Model " + modelDir.getFileName(), () -> Views.checkpoint(workbench, modelDir));
    }

    @Override
    public void openRunSetup(Path experimentFile) {
        showTab("setup:" + experimentFile, "Setup " + experimentFile.getParent().getFileName(),
                () -> Views.runSetup(workbench, experimentFile));
    }

    @Override
    public void startRun(Path experimentFile) {
        Views.startRun(workbench, this, experimentFile);
    }

    @Override
    public void openRun(Path runDir) {
        showTab("run:" + runDir, runDir.getFileName().toString(), () -> Views.dashboard(workbench, runDir));
    }

    @Override
    public void openCompare(List<Path> runDirs) {
        showTab("compare:" + runDirs, "Compare (" + runDirs.size() + ")", () -> Views.compare(workbench, runDirs));
    }

    @Override
    public void openCompare(List<Path> runDirs, org.preflab.app.gui.compare.RunCurves.Alignment alignment,
            List<String> metrics) {
        showTab("compare:" + runDirs, "Compare (" + runDirs.size() + ")",
                () -> Views.compare(workbench, runDirs, alignment, metrics));
    }

    @Override
    public void openComparison(Path sampleDir) {
        showTab("comparison:" + sampleDir, "Comparison " + sampleDir.getFileName(),
                () -> Views.comparison(workbench, sampleDir));
    }

    @Override
    public void openSamples(Path runDir) {
        showTab("samples:" + runDir, "Samples " + runDir.getFileName(), () -> Views.samples(workbench, runDir));
    }

    @Override
    public void openDrillDown(Path runDir, int step) {
        showTab("pairs:" + runDir, "Pairs " + runDir.getFileName(), () -> Views.drillDown(workbench, runDir, step));
    }

    @Override
    public void openAcquisition(Path runDir) {
        showTab("acquisition:" + runDir, "Acquisition " + runDir.getFileName(), () -> Views.acquisition(workbench, runDir));
    }

    @Override
    public void openLabelling(Path runDir) {
        showTab("labelling:" + runDir, "Label " + runDir.getFileName(), () -> Views.labelling(workbench, runDir));
    }

    @Override
    public void openTeaching(Path runDir) {
        showTab("teaching:" + runDir, "Loss curves", () -> Views.teaching(workbench, runDir));
    }
}
