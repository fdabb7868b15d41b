package org.preflab.app.gui.compare;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.preflab.app.compare.CompareSpec;
import org.preflab.app.gui.Navigator;
import org.preflab.app.gui.chart.MetricChart;
import org.preflab.app.gui.chart.SeriesStyle;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.app.gui.common.XyCharts;

/**
 * A sample's comparison results: per metric, each arm's mean over seeds with a band of ± 1 sample standard
 * deviation against the comparison's x (a {@link MetricChart}: crosshair readout, zoom, CSV/PNG export), beside the
 * table results.md holds; and a button that opens the runs in the compare view when compare/runs/ has them. Binds
 * {@link ComparisonResultsModel}; built on the FX thread when a read arrives (datasets change only there).
 */
public final class ComparisonResultsView extends BorderPane {
    static final double ROW_HEIGHT = 300;
    static final double TABLE_ROW = 26;
    /** The band's dataset index: after MetricChart's own three (raw, smoothed, points). */
    static final int BAND_DATASET = 3;

    private final ComparisonResultsModel model;
    private final Label title = new Label("Comparison");
    private final Label subtitle = new Label();
    private final Label arms = new Label();
    private final Label runsNote = new Label();
    private final Button openRuns = new Button("Open the runs in Compare");
    private final GridPane grid = new GridPane();
    private final List<MetricChart> charts = new ArrayList<>();
    private final List<TableView<ComparisonResultsModel.TableRow>> tables = new ArrayList<>();

    public ComparisonResultsView(ComparisonResultsModel model) {
        this.model = model;
        setId("comparison-results");
        setPadding(new Insets(10));
        setTop(header());
        grid.setHgap(10);
        grid.setVgap(12);
        grid.setPadding(new Insets(4));
        ColumnConstraints chart = new ColumnConstraints();
        chart.setPercentWidth(62);
        ColumnConstraints table = new ColumnConstraints();
        table.setPercentWidth(38);
        grid.getColumnConstraints().addAll(chart, table);
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        model.loadedProperty().addListener((o, was, now) -> show(now));
        show(model.loadedProperty().get());
    }

    /** The view as the workbench opens it: compare.json and seeds.csv read in the background. */
    public static ComparisonResultsView open(Path sample, Navigator navigator) {
        ComparisonResultsModel m = new ComparisonResultsModel(sample, ModelThreads.gui(), navigator);
        m.load();
        return new ComparisonResultsView(m);
    }

    private VBox header() {
        title.getStyleClass().add("view-title");
        title.setId("comparison-title");
        title.setWrapText(true);
        subtitle.getStyleClass().add("view-subtitle");
        subtitle.setWrapText(true);
        arms.getStyleClass().add("view-subtitle");
        arms.setWrapText(true);
        openRuns.setId("comparison-open-runs");
        openRuns.setDisable(true);
        openRuns.setOnAction(e -> model.openRuns());
        runsNote.setId("comparison-runs-note");
        runsNote.setWrapText(true);
        Button reload = new Button("Reload");
        reload.setOnAction(e -> model.load()); // after `preflab compare` redrew it, or trained the runs
        HBox row = new HBox(10, openRuns, runsNote, reload);
        row.setAlignment(Pos.CENTER_LEFT);
        Label error = new Label();
        error.setId("comparison-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        VBox top = new VBox(6, title, subtitle, arms, row, error);
        top.setPadding(new Insets(0, 0, 8, 0));
        return top;
    }

    private void show(ComparisonResultsModel.Loaded l) {
        grid.getChildren().clear();
        charts.clear();
        tables.clear();
        if (l == null) {
            return;
        }
        CompareSpec spec = l.spec();
        title.setText(spec.title());
        subtitle.setText("Each arm's mean over seeds " + join(l.summary().seeds()) + " against " + spec.x().words
                + ", the band ± 1 sample standard deviation (none where one seed has a value), n = the seeds behind"
                + " a point. From compare/seeds.csv, the numbers of compare/results.md: no run folder is needed.");
        List<String> armText = new ArrayList<>();
        for (CompareSpec.Arm a : spec.arms()) {
            armText.add(a.label() + " (" + a.config() + (a.set().isEmpty() ? "" : ", " + String.join(", ", a.set()))
                    + ")");
        }
        arms.setText("Arms: " + String.join(";  ", armText));
        openRuns.setText(l.runDirs().size() >= 2 ? "Open the " + l.runDirs().size() + " runs in Compare"
                : "Open the runs in Compare");
        openRuns.setDisable(!model.canOpenRuns());
        runsNote.setText(model.runsNote());
        int row = 0;
        for (String metric : spec.metrics()) {
            grid.add(chart(metric, l), 0, row);
            grid.add(table(metric, spec), 1, row);
            row++;
        }
    }

    private MetricChart chart(String metric, ComparisonResultsModel.Loaded l) {
        int[] n = l.summary().seedCountRange(metric);
        String seeds = n[1] == 0 ? "no values" : n[0] == n[1] ? "n = " + n[0] + " seeds per point"
                : "n = " + n[0] + " to " + n[1] + " seeds per point";
        MetricChart c = new MetricChart(metric + "  (" + seeds + ")");
        c.setId("comparison-chart-" + MetricChart.fileName(metric));
        c.setPrefHeight(ROW_HEIGHT);
        c.setMinHeight(ROW_HEIGHT);
        c.setXName(l.spec().x().key);
        XYPlot plot = c.chart().getXYPlot();
        XyCharts.integerX(plot); // labels used and steps are whole numbers
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        DeviationRenderer band = new DeviationRenderer(false, false);
        band.setAlpha(0.16f);
        band.setDefaultSeriesVisibleInLegend(false);
        for (SeedSummary.ArmCurve arm : l.summary().curves(metric)) {
            String colour = MetricChart.PALETTE.get(arm.armIndex() % MetricChart.PALETTE.size());
            c.addSeries(arm.arm(), SeriesStyle.POINTS, colour);
            YIntervalSeries s = new YIntervalSeries(arm.arm());
            for (SeedSummary.Point p : arm.points()) {
                c.append(arm.arm(), p.x(), p.mean());
                double spread = Double.isNaN(p.std()) ? 0 : p.std();
                s.add(p.x(), p.mean(), p.mean() - spread, p.mean() + spread);
            }
            band.setSeriesFillPaint(bands.getSeriesCount(), Color.decode(colour));
            bands.addSeries(s);
        }
        plot.setDataset(BAND_DATASET, bands);
        plot.setRenderer(BAND_DATASET, band);
        charts.add(c);
        return c;
    }

    private TableView<ComparisonResultsModel.TableRow> table(String metric, CompareSpec spec) {
        TableView<ComparisonResultsModel.TableRow> t = new TableView<>();
        t.setId("comparison-table-" + MetricChart.fileName(metric));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        TableColumn<ComparisonResultsModel.TableRow, String> x = new TableColumn<>(spec.x().words);
        x.setCellValueFactory(r -> new ReadOnlyStringWrapper(r.getValue().x()));
        x.setStyle("-fx-alignment: CENTER-RIGHT;");
        t.getColumns().add(x);
        for (int i = 0; i < spec.arms().size(); i++) {
            int arm = i;
            TableColumn<ComparisonResultsModel.TableRow, String> c = new TableColumn<>(spec.arms().get(i).label());
            c.setCellValueFactory(r -> new ReadOnlyStringWrapper(r.getValue().cells().get(arm)));
            t.getColumns().add(c);
        }
        t.getItems().setAll(model.table(metric));
        t.setPlaceholder(new Label("No seed wrote " + metric + " against " + spec.x().words));
        // as tall as its rows (a few budgets, or many steps up to the chart's height): no empty rows below
        t.setFixedCellSize(TABLE_ROW);
        t.setPrefHeight(Math.min(ROW_HEIGHT, TABLE_ROW * (Math.max(1, t.getItems().size()) + 1) + 6));
        t.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.GridPane.setValignment(t, javafx.geometry.VPos.TOP);
        tables.add(t);
        return t;
    }

    private static String join(List<Integer> seeds) {
        return String.join(", ", seeds.stream().map(String::valueOf).toList());
    }

    /** The charts drawn now, one per metric in compare.json's order (for tests). */
    public List<MetricChart> charts() {
        return List.copyOf(charts);
    }

    /** The tables shown now, one per metric (for tests). */
    public List<TableView<ComparisonResultsModel.TableRow>> tables() {
        return List.copyOf(tables);
    }

    public ComparisonResultsModel model() {
        return model;
    }
}
