package org.preflab.app.gui.acquisition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.app.gui.common.XyCharts;

/**
 * The acquisition view of an apl run: a round selector; the round's score histograms (kept candidates stacked in
 * orange on the rest), its time split and its picked pairs with their verdicts; each score's means across rounds and
 * the win rate against labels used. Binds {@link AcquisitionViewModel}; charts change on the FX thread only.
 */
public final class AcquisitionView extends BorderPane {
    private final AcquisitionViewModel vm;
    private final GridPane charts = new GridPane();
    private final Map<String, JFreeChart> histogramCharts = new LinkedHashMap<>();
    private final Map<String, JFreeChart> trendCharts = new LinkedHashMap<>();
    private final JFreeChart winRate = AcquisitionCharts.winRate();
    private final TimeSplitBar times = new TimeSplitBar();
    private final TableView<AplHistory.Pick> table = new TableView<>();
    private List<String> drawnScores;

    public AcquisitionView(AcquisitionViewModel vm) {
        this.vm = vm;
        setId("acquisition-view");
        setPadding(new Insets(10));
        setTop(header());
        Label message = new Label();
        message.setId("acquisition-message");
        message.getStyleClass().add("section-title");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        SplitPane body = new SplitPane(charts, table());
        body.setOrientation(Orientation.VERTICAL);
        body.setDividerPositions(0.68);
        body.visibleProperty().bind(vm.messageProperty().isEmpty());
        message.visibleProperty().bind(body.visibleProperty().not());
        StackPane center = new StackPane(body, message);
        StackPane.setAlignment(message, Pos.TOP_LEFT);
        setCenter(center);

        charts.setHgap(8);
        charts.setVgap(8);
        charts.setPadding(new Insets(0, 0, 6, 0));
        vm.histograms().addListener((ListChangeListener<ScoreHistogram>) c -> drawHistograms());
        vm.trends().addListener((ListChangeListener<ScoreTrend>) c -> drawTrends());
        vm.winRates().addListener((ListChangeListener<AplHistory.WinRatePoint>) c ->
                AcquisitionCharts.fillWinRate(winRate, vm.winRates()));
        vm.timesProperty().addListener((o, a, b) -> times.show(b));
        layoutCharts(List.of());
        sceneProperty().addListener((o, was, now) -> {
            if (was != null && now == null) { // the tab closed
                vm.close();
            }
        });
    }

    /** The view as the workbench opens it, following the run as it goes. */
    public static AcquisitionView open(Path runDir) {
        AcquisitionViewModel vm = new AcquisitionViewModel(runDir, ModelThreads.gui());
        AcquisitionView view = new AcquisitionView(vm);
        vm.follow();
        return view;
    }

    public AcquisitionViewModel viewModel() {
        return vm;
    }

    private Node header() {
        Label title = new Label("Acquisition: " + vm.runDir().getFileName());
        title.getStyleClass().add("view-title");
        Label help = new Label("Each round scores candidate pairs with the current policy and keeps the most useful for "
                + "the oracle to label (orange); the model is then trained on every label so far and its win rate "
                + "against the starting model measured on held-out prompts.");
        help.getStyleClass().add("view-subtitle");
        help.setWrapText(true);
        ComboBox<Integer> round = new ComboBox<>(vm.rounds());
        round.setId("acquisition-round");
        round.valueProperty().bindBidirectional(vm.roundProperty());
        Label summary = new Label();
        summary.setId("acquisition-summary");
        summary.textProperty().bind(vm.roundSummaryProperty());
        HBox controls = new HBox(10, new Label("Round"), round, summary);
        controls.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, title, help, controls, times);
        box.setPadding(new Insets(0, 0, 8, 0));
        return box;
    }

    /** Charts for these score names: a histogram over a trend per score, the win rate on the right. */
    private void layoutCharts(List<String> scores) {
        drawnScores = scores;
        charts.getChildren().clear();
        charts.getColumnConstraints().clear();
        charts.getRowConstraints().clear();
        histogramCharts.clear();
        trendCharts.clear();
        int columns = Math.max(1, scores.size()) + 1;
        for (int c = 0; c < columns; c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / columns);
            charts.getColumnConstraints().add(cc);
        }
        for (int r = 0; r < 2; r++) {
            RowConstraints rc = new RowConstraints();
            rc.setPercentHeight(50);
            charts.getRowConstraints().add(rc);
        }
        for (int i = 0; i < scores.size(); i++) {
            String s = scores.get(i);
            histogramCharts.put(s, AcquisitionCharts.histogram(s));
            trendCharts.put(s, AcquisitionCharts.trend(s));
            charts.add(viewer(histogramCharts.get(s), "acquisition-histogram-" + s), i, 0);
            charts.add(viewer(trendCharts.get(s), "acquisition-trend-" + s), i, 1);
        }
        if (scores.isEmpty()) {
            Label none = new Label("This acquisition scores nothing (random picks): no histograms.");
            none.setId("acquisition-no-scores");
            none.setWrapText(true);
            none.getStyleClass().add("view-subtitle");
            charts.add(none, 0, 0);
        }
        charts.add(viewer(winRate, "acquisition-win-rate"), columns - 1, 0, 1, 2);
    }

    private static ChartViewer viewer(JFreeChart chart, String id) {
        ChartViewer v = XyCharts.viewer(chart);
        v.setId(id);
        return v;
    }

    private void drawHistograms() {
        ensureScores();
        for (ScoreHistogram h : vm.histograms()) {
            JFreeChart c = histogramCharts.get(h.name());
            if (c != null) {
                AcquisitionCharts.fillHistogram(c, h);
            }
        }
    }

    private void drawTrends() {
        ensureScores();
        for (ScoreTrend t : vm.trends()) {
            JFreeChart c = trendCharts.get(t.name());
            if (c != null) {
                AcquisitionCharts.fillTrend(c, t);
            }
        }
    }

    /** Lays the grid out again when the scores differ from those drawn (the first read, another round). */
    private void ensureScores() {
        List<String> names = new ArrayList<>();
        vm.trends().forEach(t -> names.add(t.name()));
        vm.histograms().stream().map(ScoreHistogram::name).filter(n -> !names.contains(n)).forEach(names::add);
        if (!names.equals(drawnScores)) {
            layoutCharts(names);
            vm.histograms().forEach(h -> AcquisitionCharts.fillHistogram(histogramCharts.get(h.name()), h));
            vm.trends().forEach(t -> AcquisitionCharts.fillTrend(trendCharts.get(t.name()), t));
        }
    }

    private TableView<AplHistory.Pick> table() {
        table.setId("acquisition-picks");
        table.setItems(vm.picks());
        table.setPlaceholder(new Label("No pairs picked in this round"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(wrapped("Prompt", 0.28, AplHistory.Pick::prompt));
        table.getColumns().add(wrapped("First completion", 0.3, AplHistory.Pick::first));
        table.getColumns().add(wrapped("Second completion", 0.3, AplHistory.Pick::second));
        table.getColumns().add(wrapped("Preferred", 0.1, AplHistory.Pick::verdict));
        return table;
    }

    /** A column whose cells wrap their text to the column's width. */
    private TableColumn<AplHistory.Pick, String> wrapped(String title, double share,
            Function<AplHistory.Pick, String> value) {
        TableColumn<AplHistory.Pick, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.prefWidthProperty().bind(table.widthProperty().multiply(share));
        c.setCellFactory(col -> new TableCell<>() {
            private final Text text = new Text();

            {
                text.wrappingWidthProperty().bind(col.widthProperty().subtract(12));
                setPrefHeight(USE_COMPUTED_SIZE);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                text.setText(empty || item == null ? "" : item.strip());
                setGraphic(empty ? null : text);
            }
        });
        return c;
    }
}
