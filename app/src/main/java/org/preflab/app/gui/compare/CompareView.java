package org.preflab.app.gui.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jfree.chart.plot.ValueMarker;
import org.preflab.app.gui.chart.ChartControls;
import org.preflab.app.gui.chart.MetricChart;
import org.preflab.app.gui.chart.SeriesStyle;

/**
 * Runs compared: for each chosen metric the runs overlaid (left) and their differences from the baseline (right),
 * by step or by tokens, with the settings that differ in a table below. Binds {@link CompareModel}.
 */
public final class CompareView extends BorderPane {
    static final double CHART_HEIGHT = 270;

    private final CompareModel model;
    private final ChartControls chartControls = new ChartControls();
    private final GridPane grid = new GridPane();
    private final TableView<ConfigDiff.Row> table = new TableView<>();
    private final List<MetricChart> charts = new ArrayList<>();
    private final ComboBox<String> baseline = new ComboBox<>();
    private final HBox controls = new HBox(10);

    public CompareView(CompareModel model) {
        this.model = model;
        setPadding(new Insets(10));
        setTop(header());
        setLeft(metricList());
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        grid.setHgap(10);
        grid.setVgap(10);
        grid.setPadding(new Insets(4));
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        grid.getColumnConstraints().addAll(half, half);
        table.setId("compare-config-diff");
        table.setPlaceholder(new Label("The runs' configs are the same"));
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        Label diffTitle = new Label("Settings that differ");
        diffTitle.getStyleClass().add("section-title");
        VBox diff = new VBox(4, diffTitle, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        SplitPane split = new SplitPane(scroll, diff);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.72);
        setCenter(split);

        model.runs().addListener((ListChangeListener<RunCurves>) c -> {
            baseline.getItems().setAll(model.runs().stream().map(RunCurves::name).toList());
            baseline.getSelectionModel().select(model.baselineProperty().get());
            rebuildTable();
            rebuildCharts();
        });
        model.chosenMetrics().addListener((ListChangeListener<String>) c -> rebuildCharts());
        model.baselineProperty().addListener((o, a, b) -> {
            rebuildTable();
            rebuildCharts();
        });
        model.alignmentProperty().addListener((o, a, b) -> rebuildCharts());
        model.configDiff().addListener((ListChangeListener<ConfigDiff.Row>) c -> rebuildTable());
    }

    /** The view as the workbench opens it: the runs read in the background. */
    public static CompareView open(java.util.List<java.nio.file.Path> runDirs) {
        return new CompareView(new CompareModel(runDirs, org.preflab.app.gui.common.ModelThreads.gui())).load();
    }

    /** A comparison's runs: aligned by its x, its metrics drawn first. */
    public static CompareView open(java.util.List<java.nio.file.Path> runDirs, RunCurves.Alignment alignment,
            java.util.List<String> metrics) {
        return new CompareView(new CompareModel(runDirs, org.preflab.app.gui.common.ModelThreads.gui(), alignment,
                metrics)).load();
    }

    /**
     * When the runs are one sample's comparison runs (all in its compare/runs/), a button back to that comparison's
     * results: its mean over seeds and its tables.
     */
    public CompareView linkComparison(org.preflab.app.gui.Navigator navigator) {
        ComparisonResultsModel.sampleOfRuns(model.runDirs()).ifPresent(sample -> {
            javafx.scene.control.Button results = new javafx.scene.control.Button("Comparison results");
            results.setId("compare-open-comparison");
            results.setTooltip(new javafx.scene.control.Tooltip("These runs are the comparison of "
                    + sample.getFileName() + ": its arms' means over seeds, with the tables of results.md"));
            results.setOnAction(e -> navigator.openComparison(sample));
            controls.getChildren().add(results);
        });
        return this;
    }

    /** Reads the runs. */
    public CompareView load() {
        model.load();
        return this;
    }

    private VBox header() {
        Label title = new Label("Compare " + model.runDirs().size() + " runs");
        title.getStyleClass().add("view-title");
        Label help = new Label("Left: each run's metric, one colour per run. Right: each run minus the baseline, at"
                + " the baseline's steps (or token counts), interpolated. Drag to zoom, right-click to export.");
        help.getStyleClass().add("view-subtitle");
        help.setWrapText(true);
        baseline.setId("compare-baseline");
        baseline.getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> {
            if (i.intValue() >= 0) {
                model.baselineProperty().set(i.intValue());
            }
        });
        ToggleGroup align = new ToggleGroup();
        RadioButton steps = new RadioButton("steps");
        RadioButton tokens = new RadioButton("tokens");
        RadioButton labels = new RadioButton("labels used");
        steps.setId("compare-by-step");
        tokens.setId("compare-by-tokens");
        labels.setId("compare-by-labels");
        labels.setTooltip(new javafx.scene.control.Tooltip("apl and spa runs: each metric's value once a round "
                + "had trained on that many labels"));
        steps.setToggleGroup(align);
        tokens.setToggleGroup(align);
        labels.setToggleGroup(align);
        RunCurves.Alignment start = model.alignmentProperty().get();
        (start == RunCurves.Alignment.TOKENS ? tokens : start == RunCurves.Alignment.LABELS ? labels : steps)
                .setSelected(true);
        align.selectedToggleProperty().addListener((o, a, t) -> model.alignmentProperty().set(
                t == tokens ? RunCurves.Alignment.TOKENS : t == labels ? RunCurves.Alignment.LABELS
                        : RunCurves.Alignment.STEP));
        Label error = new Label();
        error.textProperty().bind(model.errorProperty());
        error.getStyleClass().add("error-text");
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        javafx.scene.control.Button reload = new javafx.scene.control.Button("Reload");
        reload.setOnAction(e -> model.load()); // runs still training have more points now
        controls.getChildren().setAll(new Label("Baseline"), baseline, new Label("   Align by"), steps, tokens,
                labels, new Label("   "), chartControls, new Label("   "), reload);
        controls.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(6, title, help, controls, error);
        top.setPadding(new Insets(0, 0, 8, 0));
        return top;
    }

    private VBox metricList() {
        ListView<String> list = new ListView<>(model.metrics());
        list.setId("compare-metrics");
        list.setCellFactory(CheckBoxListCell.forListView(this::chosen));
        Label t = new Label("Metrics");
        t.getStyleClass().add("section-title");
        VBox box = new VBox(4, t, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        box.setPrefWidth(210);
        box.setPadding(new Insets(0, 10, 0, 0));
        return box;
    }

    /** A check box per metric, kept in step with the model's chosen list. */
    private ObservableValue<Boolean> chosen(String metric) {
        SimpleBooleanProperty p = new SimpleBooleanProperty(model.chosenMetrics().contains(metric));
        p.addListener((o, was, now) -> {
            if (now && !model.chosenMetrics().contains(metric)) {
                List<String> order = model.metrics();
                int at = 0;
                while (at < model.chosenMetrics().size()
                        && order.indexOf(model.chosenMetrics().get(at)) < order.indexOf(metric)) {
                    at++;
                }
                model.chosenMetrics().add(at, metric);
            } else if (!now) {
                model.chosenMetrics().remove(metric);
            }
        });
        return p;
    }

    private void rebuildCharts() {
        grid.getChildren().clear();
        charts.clear();
        int row = 0;
        String base = model.runs().isEmpty() ? "" : model.runs().get(model.baselineProperty().get()).name();
        for (String metric : model.chosenMetrics()) {
            SeriesStyle style = metric.startsWith("eval_") ? SeriesStyle.POINTS : SeriesStyle.LINE;
            MetricChart overlay = chart(metric, metric, style, model.overlay(metric));
            MetricChart diff = chart(metric + "  −  baseline " + base, "diff-" + metric, style,
                    model.differences(metric));
            ValueMarker zero = new ValueMarker(0, new Color(0x88, 0x88, 0x88), new BasicStroke(1f));
            diff.chart().getXYPlot().addRangeMarker(zero);
            grid.add(overlay, 0, row);
            grid.add(diff, 1, row);
            row++;
        }
    }

    private MetricChart chart(String title, String id, SeriesStyle style, List<CompareModel.Named> curves) {
        MetricChart c = new MetricChart(title);
        c.setId("compare-" + MetricChart.fileName(id));
        c.setPrefHeight(CHART_HEIGHT);
        c.setMinHeight(CHART_HEIGHT);
        c.setXName(model.xName());
        chartControls.bind(c);
        for (CompareModel.Named n : curves) {
            c.addSeries(n.run(), style, MetricChart.PALETTE.get(n.runIndex() % MetricChart.PALETTE.size()));
            for (int i = 0; i < n.curve().size(); i++) {
                c.append(n.run(), n.curve().x()[i], n.curve().y()[i]);
            }
        }
        charts.add(c);
        return c;
    }

    private void rebuildTable() {
        table.getColumns().clear();
        TableColumn<ConfigDiff.Row, String> key = new TableColumn<>("setting");
        key.setCellValueFactory(r -> new ReadOnlyStringWrapper(r.getValue().key()));
        key.setPrefWidth(240);
        table.getColumns().add(key);
        for (int i = 0; i < model.runs().size(); i++) {
            int run = i;
            String name = model.runs().get(i).name() + (i == model.baselineProperty().get() ? " (baseline)" : "");
            TableColumn<ConfigDiff.Row, String> c = new TableColumn<>(name);
            c.setCellValueFactory(r -> new ReadOnlyStringWrapper(run < r.getValue().values().size()
                    ? r.getValue().values().get(run) : ""));
            c.setPrefWidth(Math.max(260, Math.min(480, 1150.0 / Math.max(1, model.runs().size()))));
            table.getColumns().add(c);
        }
        table.getItems().setAll(model.configDiff());
    }

    /** The charts drawn now, overlay and difference per metric (for tests). */
    public List<MetricChart> charts() {
        return List.copyOf(charts);
    }

    public TableView<ConfigDiff.Row> table() {
        return table;
    }
}
