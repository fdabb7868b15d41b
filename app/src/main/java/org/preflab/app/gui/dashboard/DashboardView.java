package org.preflab.app.gui.dashboard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.stage.DirectoryChooser;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.preflab.app.gui.Navigator;
import org.preflab.app.gui.chart.ChartControls;
import org.preflab.app.gui.chart.MetricChart;
import org.preflab.app.gui.chart.SeriesData;
import org.preflab.app.gui.chart.SeriesStyle;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.run.RunEvent;
import org.preflab.engine.run.RunState;

/**
 * The live dashboard of one run: run controls and chart settings on top, a chart per metric (train and eval
 * together, event markers on each) in a scrolling grid, the health panel on the right, the status line below.
 * It only binds to its {@link DashboardViewModel}; charts take the points that arrived since they last drew.
 */
public final class DashboardView extends BorderPane {
    private static final int COLUMNS = 3;
    private static final double CHART_HEIGHT = 270;
    private static final String TRAIN_COLOR = "#1f77b4";
    private static final String EVAL_COLOR = "#ff7f0e";
    /** The win rate's interval ends and the starting model's oracle reward, beside the run's own values. */
    private static final String COMPANION_COLOR = "#b0b0b0";

    private final DashboardViewModel vm;
    private final Navigator navigator;
    private final ChartControls controls = new ChartControls();
    private final GridPane grid = new GridPane();
    private final ScrollPane scroll = new ScrollPane(grid);
    private final Map<String, MetricChart> charts = new LinkedHashMap<>();
    private final java.util.ArrayDeque<MetricChart> toPlace = new java.util.ArrayDeque<>();
    private final javafx.animation.AnimationTimer placer = new javafx.animation.AnimationTimer() {
        @Override
        public void handle(long now) {
            placeOne();
        }
    };
    private final Label forkNote = new Label();
    private final HBox forkBar = new HBox(8);
    private final Timeline ticker;
    private int drawnRewrites;
    private MetricStore.XAxis drawnAxis = MetricStore.XAxis.STEP;

    public DashboardView(DashboardViewModel vm, Navigator navigator) {
        this.vm = vm;
        this.navigator = navigator;
        getStyleClass().add("dashboard");
        setTop(new VBox(header(), toolbar(), forkBar()));
        setCenter(body());
        setBottom(new RunStatusBar(vm));
        vm.revisionProperty().addListener((o, a, b) -> syncCharts());
        vm.events().addListener((javafx.collections.ListChangeListener<RunEvent>) c -> syncMarkers());
        vm.selectedEventProperty().addListener((o, a, b) -> showEvent(b));
        vm.lastForkProperty().addListener((o, a, b) -> offerFork(b));
        ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> vm.tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
        // the tab closed: stop listening to the run and watching its folder
        sceneProperty().addListener((o, a, b) -> {
            if (b == null) {
                ticker.stop();
                placer.stop();
                vm.close();
            }
        });
    }

    private Node header() {
        Label title = new Label(vm.runDir().getFileName().toString());
        title.getStyleClass().add("view-title");
        Label state = new Label();
        state.setId("run-state");
        state.textProperty().bind(Bindings.createStringBinding(
                () -> vm.stateProperty().get() == null ? "OPENING" : vm.stateProperty().get().name(), vm.stateProperty()));
        state.styleProperty().bind(Bindings.createStringBinding(() -> badgeStyle(vm.stateProperty().get()),
                vm.stateProperty()));
        Label message = new Label();
        message.setId("run-message");
        message.textProperty().bind(vm.messageProperty());
        message.setWrapText(true);
        message.styleProperty().bind(Bindings.when(vm.failedProperty())
                .then("-fx-text-fill: #b3261e; -fx-font-weight: bold;").otherwise("-fx-text-fill: #555b66;"));
        HBox.setHgrow(message, Priority.ALWAYS);
        HBox box = new HBox(12, title, state, message);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(8, 10, 4, 10));
        return box;
    }

    static String badgeStyle(RunState s) {
        String color = s == null ? "#7f7f7f" : switch (s) {
            case RUNNING -> "#1e7b34";
            case PAUSED, QUEUED -> "#b26b00";
            case FAILED -> "#b3261e";
            case FINISHED -> "#1f5fa8";
            case STOPPED -> "#5f6368";
        };
        return "-fx-background-color: " + color + "; -fx-text-fill: white; -fx-padding: 2 8 2 8;"
                + " -fx-background-radius: 10; -fx-font-weight: bold;";
    }

    private Node toolbar() {
        Button pause = button("Pause", "pause", vm::pause, vm.canPauseProperty());
        Button resume = button("Resume", "resume", vm::resume, vm.canResumeProperty());
        Button stop = button("Stop", "stop", vm::stop, vm.canStopProperty());
        stop.setTooltip(new Tooltip("Stops at the next step, after writing a checkpoint"));
        Button fork = button("Fork…", "fork", this::openForkDialog, vm.canForkProperty());
        fork.setTooltip(new Tooltip("A new run from the newest checkpoint with changed settings"));
        ChoiceBox<MetricStore.XAxis> x = new ChoiceBox<>();
        x.setId("x-axis");
        x.getItems().addAll(MetricStore.XAxis.values());
        x.setConverter(new StringConverter<>() {
            @Override
            public String toString(MetricStore.XAxis a) {
                return a == null ? "" : a == MetricStore.XAxis.STEP ? "step" : "tokens";
            }

            @Override
            public MetricStore.XAxis fromString(String s) {
                return MetricStore.XAxis.valueOf(s.toUpperCase(java.util.Locale.ROOT));
            }
        });
        x.valueProperty().bindBidirectional(vm.xAxisProperty());
        Button export = new Button("Export…");
        export.setId("export");
        export.setTooltip(new Tooltip("Writes each chart's data (CSV) and picture (PNG) to a folder"));
        export.setOnAction(e -> chooseExportFolder());
        HBox bar = new HBox(8, pause, resume, stop, fork, new Separator(Orientation.VERTICAL), new Label("x:"), x,
                new Separator(Orientation.VERTICAL), controls, export);
        bar.getChildren().addAll(LoopViewButtons.of(vm.runDir(), navigator));
        bar.setAlignment(Pos.CENTER_LEFT);
        keepLabelsWhole(bar);
        // the marker legend gets a line of its own: beside the controls it was squeezed to "checkpo..."
        javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(4, bar, legend());
        box.setPadding(new Insets(4, 10, 6, 10));
        return box;
    }

    private static Button button(String text, String id, Runnable action, javafx.beans.binding.BooleanBinding enabled) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        b.disableProperty().bind(enabled.not());
        return b;
    }

    /** Controls keep their preferred width (and whole labels); the row scrolls off the edge rather than clips. */
    private static void keepLabelsWhole(javafx.scene.Parent parent) {
        for (Node n : parent.getChildrenUnmodifiable()) {
            if (n instanceof javafx.scene.layout.Region r && !(n instanceof javafx.scene.control.Slider)) {
                r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
            if (n instanceof HBox inner) {
                keepLabelsWhole(inner);
            }
        }
    }

    private static Node legend() {
        HBox box = new HBox(14);
        box.setAlignment(Pos.CENTER_LEFT);
        for (String[] kind : EventStyle.LEGEND) {
            Rectangle swatch = new Rectangle(3, 14, javafx.scene.paint.Color.web(kind[1]));
            Label l = new Label(kind[0], swatch);
            l.setStyle("-fx-font-size: 11px;");
            l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            box.getChildren().add(l);
        }
        return box;
    }

    private Node forkBar() {
        Button resumeFork = new Button("Resume it now");
        resumeFork.setId("resume-fork");
        resumeFork.setOnAction(e -> {
            Path child = vm.lastForkProperty().get();
            vm.resumeOther(child);
            navigator.openRun(child);
            hideForkBar();
        });
        Button openFork = new Button("Open");
        openFork.setOnAction(e -> {
            navigator.openRun(vm.lastForkProperty().get());
            hideForkBar();
        });
        Button dismiss = new Button("Later");
        dismiss.setOnAction(e -> hideForkBar());
        forkNote.setId("fork-note");
        forkBar.getChildren().addAll(forkNote, resumeFork, openFork, dismiss);
        forkBar.setAlignment(Pos.CENTER_LEFT);
        forkBar.setPadding(new Insets(4, 10, 4, 10));
        forkBar.setStyle("-fx-background-color: #fff4d6;");
        hideForkBar();
        return forkBar;
    }

    private void hideForkBar() {
        forkBar.setVisible(false);
        forkBar.setManaged(false);
    }

    private void offerFork(Path child) {
        if (child == null) {
            return;
        }
        forkNote.setText("Fork ready: " + child.getFileName() + " (continue it from its first checkpoint)");
        forkBar.setVisible(true);
        forkBar.setManaged(true);
    }

    private Node body() {
        for (int i = 0; i < COLUMNS; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(100.0 / COLUMNS);
            grid.getColumnConstraints().add(c);
        }
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(8));
        scroll.setId("chart-scroll");
        scroll.setFitToWidth(true);
        // a scroll bar that comes and goes would resize, and so redraw, every chart at once
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.ALWAYS);
        scroll.vvalueProperty().addListener((o, a, b) -> updateOnScreen());
        scroll.viewportBoundsProperty().addListener((o, a, b) -> updateOnScreen());
        grid.heightProperty().addListener((o, a, b) -> updateOnScreen());
        Label empty = new Label("Waiting for the first step…");
        empty.getStyleClass().add("view-subtitle");
        empty.visibleProperty().bind(Bindings.isEmpty(grid.getChildren()));
        javafx.scene.layout.StackPane center = new javafx.scene.layout.StackPane(scroll, empty);
        SplitPane split = new SplitPane(center, new HealthPanel(vm));
        split.setDividerPositions(0.79);
        SplitPane.setResizableWithParent(split.getItems().get(1), false);
        return split;
    }

    /** Charts take the points that arrived since they last drew; all of them after a replay or an x-axis change. */
    private void syncCharts() {
        MetricStore store = vm.store();
        MetricStore.XAxis axis = vm.xAxisProperty().get();
        boolean redo = store.rewrites() != drawnRewrites || axis != drawnAxis;
        for (String name : store.charts()) {
            MetricChart chart = charts.computeIfAbsent(name, this::newChart);
            if (redo) {
                chart.clearData();
                chart.setXName(axis.label);
            }
            for (String metric : store.seriesOf(name)) {
                boolean eval = MetricNames.isEval(metric);
                String colour = MetricStore.isCompanionSeries(metric) ? COMPANION_COLOR : eval ? EVAL_COLOR : TRAIN_COLOR;
                SeriesData s = chart.series(metric).orElseGet(() -> chart.addSeries(metric,
                        eval ? SeriesStyle.POINTS : SeriesStyle.LINE, colour));
                MetricStore.Points p = store.points(metric);
                for (int i = s.size(); i < p.size(); i++) {
                    chart.append(metric, store.x(p.step(i), axis), p.value(i));
                }
            }
        }
        if (redo) {
            drawnRewrites = store.rewrites();
            drawnAxis = axis;
            syncMarkers();
        }
    }

    private MetricChart newChart(String name) {
        MetricChart c = new MetricChart(name);
        c.setId("chart-" + MetricChart.fileName(name));
        c.setPrefHeight(CHART_HEIGHT);
        c.setMinHeight(CHART_HEIGHT);
        c.setXName(vm.xAxisProperty().get().label);
        controls.bind(c);
        c.setMarkers(vm.markers());
        toPlace.add(c);
        placer.start();
        return c;
    }

    /**
     * Puts the next new chart in the grid, one per pulse: a chart draws itself in full when it first gets its size,
     * and twenty of them in one pulse would hold the FX thread for a quarter of a second.
     */
    private void placeOne() {
        MetricChart c = toPlace.poll();
        if (c == null) {
            placer.stop();
            return;
        }
        grid.getChildren().add(c);
        arrange();
        updateOnScreen();
    }

    /**
     * Cells follow the store's reading order, also for a chart that arrives late: a run's first win rate comes with
     * its first evaluation, after the training charts, and still belongs at the top.
     */
    private void arrange() {
        List<String> order = vm.store().charts();
        List<javafx.scene.Node> placed = new java.util.ArrayList<>(grid.getChildren());
        placed.sort(java.util.Comparator.comparingInt(n -> {
            int i = order.indexOf(((MetricChart) n).title());
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        for (int i = 0; i < placed.size(); i++) {
            GridPane.setConstraints(placed.get(i), i % COLUMNS, i / COLUMNS);
        }
    }

    private void syncMarkers() {
        var markers = vm.markers();
        charts.values().forEach(c -> c.setMarkers(markers));
    }

    /** The health panel picked a finding: every chart's crosshair goes to its step, its marker stands out. */
    private void showEvent(RunEvent e) {
        syncMarkers();
        if (e != null) {
            double x = vm.store().x(e.step(), vm.xAxisProperty().get());
            charts.values().forEach(c -> c.showCrosshair(x));
        }
    }

    /** Charts scrolled out of view keep their points but skip drawing until they are back. */
    private void updateOnScreen() {
        Bounds view = scroll.getViewportBounds();
        double contentHeight = grid.getHeight();
        double top = Math.max(0, contentHeight - view.getHeight()) * scroll.getVvalue();
        double bottom = top + view.getHeight();
        for (MetricChart c : charts.values()) {
            Bounds b = c.getBoundsInParent();
            boolean laidOut = b.getHeight() > 0;
            c.onScreenProperty().set(!laidOut || (b.getMaxY() >= top - CHART_HEIGHT && b.getMinY() <= bottom + CHART_HEIGHT));
        }
    }

    private void openForkDialog() {
        ForkViewModel form;
        try {
            form = vm.forkForm();
        } catch (IOException e) {
            vm.messageProperty().set("cannot fork: " + e.getMessage());
            return;
        }
        boolean live = vm.liveProperty().get() && vm.stateProperty().get() == RunState.RUNNING;
        String where = live ? "at its next step (a checkpoint is written first)" : "from its newest checkpoint";
        ForkDialog d = new ForkDialog(form, vm.runDir().getFileName().toString(), where,
                getScene() == null ? null : getScene().getWindow());
        d.showAndWait().filter(b -> b == ForkDialog.FORK).ifPresent(b -> vm.fork(form));
    }

    private void chooseExportFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Export charts (CSV and PNG) to");
        java.io.File dir = dc.showDialog(getScene() == null ? null : getScene().getWindow());
        if (dir != null) {
            exportTo(dir.toPath());
        }
    }

    /** Writes every chart's full data as CSV and its picture as PNG into {@code dir}; returns the charts written. */
    public int exportTo(Path dir) {
        int n = 0;
        try {
            java.nio.file.Files.createDirectories(dir);
            for (MetricChart c : charts.values()) {
                String base = MetricChart.fileName(c.title());
                c.writeCsv(dir.resolve(base + ".csv"));
                c.writePng(dir.resolve(base + ".png"), 1200, 700);
                n++;
            }
            vm.messageProperty().set("exported " + n + " charts to " + dir);
        } catch (IOException e) {
            vm.messageProperty().set("export failed: " + e.getMessage());
        }
        return n;
    }

    /** The charts by metric name (for tests and the picture renderer). */
    public Map<String, MetricChart> charts() {
        return charts;
    }

    public DashboardViewModel viewModel() {
        return vm;
    }
}
