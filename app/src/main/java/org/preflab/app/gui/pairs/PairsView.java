package org.preflab.app.gui.pairs;

import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.preflab.app.gui.common.XyCharts;

/**
 * The per-pair drill-down: a table of one evaluation's pairs by margin (all, flipped since a step, or the hardest),
 * and for the selected pair its texts and its reward trajectory over the run. Binds {@link PairsModel}.
 */
public final class PairsView extends BorderPane {
    private final PairsModel model;
    private final TableView<PairRow> table = new TableView<>();
    private final XYSeries chosen = new XYSeries("chosen reward β·s_c");
    private final XYSeries rejected = new XYSeries("rejected reward β·s_r");
    private final XYSeries margin = new XYSeries("margin");
    private final JFreeChart chart;
    private EvalWatcher watcher;

    public PairsView(PairsModel model) {
        this.model = model;
        getStyleClass().add("pairs-view");
        setPadding(new Insets(10));
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(chosen);
        data.addSeries(rejected);
        data.addSeries(margin);
        chart = XyCharts.lines("Reward trajectory of the selected pair", "step", "implicit reward", data);
        XyCharts.horizontalLine(chart.getXYPlot(), 0, null);
        XyCharts.integerX(chart.getXYPlot());
        chart.getXYPlot().setNoDataMessage("Select a pair in the table");
        ((org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) chart.getXYPlot().getRenderer())
                .setDefaultShapesVisible(true);

        setTop(header());
        setCenter(body());
        model.trajectory().addListener((ListChangeListener<TrajectoryPoint>) c -> drawTrajectory());
        model.stepProperty().addListener((o, a, b) -> drawTrajectory());
        sceneProperty().addListener((o, was, now) -> {
            if (was != null && now == null && watcher != null) { // the tab closed
                watcher.close();
            }
        });
    }

    /** The view as the workbench opens it, following the run's new evaluations. */
    public static PairsView open(java.nio.file.Path runDir, int step) {
        return new PairsView(new PairsModel(runDir, step, org.preflab.app.gui.common.ModelThreads.gui())).follow();
    }

    /** Reads the run now and again whenever a new evaluation appears in its folder. */
    public PairsView follow() {
        model.reload();
        watcher = new EvalWatcher(model.runDir(), 2000, model::reload);
        return this;
    }

    private VBox header() {
        Label title = new Label("Per-pair drill-down: " + model.runDir().getFileName());
        title.getStyleClass().add("view-title");
        Label help = new Label("Each evaluation scores every held-out pair: margin = β·h, the chosen reward minus the"
                + " rejected one. Low margins are the pairs the model likes least; a pair flips when its preference"
                + " (margin > 0) changed between two evaluations.");
        help.getStyleClass().add("view-subtitle");
        help.setWrapText(true);

        ComboBox<Integer> step = new ComboBox<>(model.steps());
        step.valueProperty().bindBidirectional(model.stepProperty());
        step.setId("pairs-step");
        ComboBox<Integer> base = new ComboBox<>(model.steps());
        base.valueProperty().bindBidirectional(model.baseStepProperty());
        base.setId("pairs-base-step");
        Spinner<Integer> count = new Spinner<>(1, 10_000, model.hardestCountProperty().get());
        count.setEditable(true);
        count.setPrefWidth(90);
        count.valueProperty().addListener((o, a, b) -> model.hardestCountProperty().set(b));

        ToggleGroup which = new ToggleGroup();
        RadioButton all = radio("All pairs", PairsModel.Filter.ALL, which);
        RadioButton flipped = radio("Flipped since step", PairsModel.Filter.FLIPPED, which);
        RadioButton hardest = radio("Hardest", PairsModel.Filter.HARDEST, which);
        all.setId("pairs-all");
        flipped.setId("pairs-flipped");
        hardest.setId("pairs-hardest");
        which.selectToggle(all);
        which.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.filterProperty().set((PairsModel.Filter) b.getUserData());
            }
        });
        Button reload = new Button("Reload");
        reload.setOnAction(e -> model.reload());

        HBox controls = new HBox(10, new Label("Evaluation at step"), step, gap(), all, flipped, base, hardest,
                count, gap(), reload);
        controls.setAlignment(Pos.CENTER_LEFT);
        Label summary = new Label();
        summary.textProperty().bind(model.summaryProperty());
        summary.setId("pairs-summary");
        Label error = new Label();
        error.textProperty().bind(model.errorProperty());
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        VBox top = new VBox(6, title, help, controls, summary, error);
        top.setPadding(new Insets(0, 0, 8, 0));
        return top;
    }

    private static RadioButton radio(String text, PairsModel.Filter f, ToggleGroup g) {
        RadioButton b = new RadioButton(text);
        b.setUserData(f);
        b.setToggleGroup(g);
        return b;
    }

    private static Label gap() {
        Label l = new Label();
        l.setMinWidth(12);
        return l;
    }

    private SplitPane body() {
        table.setId("pairs-table");
        table.setItems(model.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No pairs to show"));
        table.getColumns().add(intColumn("#", 40, PairRow::rank));
        table.getColumns().add(intColumn("pair", 50, r -> r.pair().index()));
        table.getColumns().add(numberColumn("margin β·h", 95, r -> r.pair().margin(), true));
        table.getColumns().add(numberColumn("reward chosen", 115, r -> r.pair().rewardChosen(), false));
        table.getColumns().add(numberColumn("reward rejected", 125, r -> r.pair().rewardRejected(), false));
        table.getColumns().add(numberColumn("loss", 75, r -> r.pair().loss(), false));
        TableColumn<PairRow, Number> before = numberColumn("margin then", 130, PairRow::marginBefore, true);
        model.baseStepProperty().addListener((o, a, b) -> before.setText("margin at step " + b));
        table.getColumns().add(before);
        TableColumn<PairRow, String> prompt = new TableColumn<>("prompt");
        prompt.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().promptExcerpt()));
        prompt.setPrefWidth(300);
        table.getColumns().add(prompt);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> model.selectedProperty().set(b));
        model.selectedProperty().addListener((o, a, b) -> {
            if (b != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(b);
            }
        });

        TextArea promptText = textArea("pair-prompt");
        TextArea chosenText = textArea("pair-chosen");
        TextArea rejectedText = textArea("pair-rejected");
        model.selectedTextProperty().addListener((o, a, t) -> {
            promptText.setText(t == null ? "" : t.prompt());
            chosenText.setText(t == null ? "" : t.chosen());
            rejectedText.setText(t == null ? "" : t.rejected());
        });
        Label pairTitle = new Label("Select a pair to read it and follow its rewards");
        pairTitle.getStyleClass().add("section-title");
        model.selectedProperty().addListener((o, a, r) -> pairTitle.setText(r == null
                ? "Select a pair to read it and follow its rewards"
                : String.format(Locale.ROOT, "Pair %d: margin %.4f at step %d (%s)", r.pair().index(),
                        r.pair().margin(), model.stepProperty().get(), r.pair().correct() ? "ranked right"
                        : "ranked wrong")));
        VBox chosenBox = labelled("chosen", chosenText);
        VBox rejectedBox = labelled("rejected", rejectedText);
        HBox responses = new HBox(8, chosenBox, rejectedBox);
        HBox.setHgrow(chosenBox, Priority.ALWAYS);
        HBox.setHgrow(rejectedBox, Priority.ALWAYS);
        VBox texts = new VBox(6, pairTitle, labelled("prompt", promptText), responses);
        VBox.setVgrow(responses, Priority.ALWAYS);
        texts.setPadding(new Insets(0, 0, 6, 0));

        SplitPane right = new SplitPane(texts, XyCharts.viewer(chart));
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.45);
        SplitPane split = new SplitPane(table, right);
        split.setDividerPositions(0.6);
        return split;
    }

    private static TextArea textArea(String id) {
        TextArea t = new TextArea();
        t.setId(id);
        t.setEditable(false);
        t.setWrapText(true);
        t.setPrefRowCount(3);
        return t;
    }

    private static VBox labelled(String label, TextArea area) {
        VBox v = new VBox(2, new Label(label), area);
        VBox.setVgrow(area, Priority.ALWAYS);
        return v;
    }

    private void drawTrajectory() {
        chosen.clear();
        rejected.clear();
        margin.clear();
        for (TrajectoryPoint p : model.trajectory()) {
            chosen.add(p.step(), p.rewardChosen(), false);
            rejected.add(p.step(), p.rewardRejected(), false);
            margin.add(p.step(), p.margin(), false);
        }
        chosen.fireSeriesChanged();
        rejected.fireSeriesChanged();
        margin.fireSeriesChanged();
        XYPlot plot = chart.getXYPlot();
        plot.clearDomainMarkers();
        if (model.stepProperty().get() != null && !model.trajectory().isEmpty()) {
            XyCharts.verticalLine(plot, model.stepProperty().get(), "step " + model.stepProperty().get());
        }
    }

    private static TableColumn<PairRow, Number> intColumn(String name, double width, Function<PairRow, Integer> f) {
        TableColumn<PairRow, Number> c = new TableColumn<>(name);
        c.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(f.apply(v.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(width); // the flexible last column would squeeze it to "..."
        c.setMaxWidth(width * 1.5);
        return c;
    }

    /** A right-aligned number column; {@code signed} colours negative values (a pair ranked wrong) red. */
    private static TableColumn<PairRow, Number> numberColumn(String name, double width, Function<PairRow, Double> f,
            boolean signed) {
        TableColumn<PairRow, Number> c = new TableColumn<>(name);
        c.setCellValueFactory(v -> (ObservableValue<Number>) new ReadOnlyObjectWrapper<Number>(f.apply(v.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(width);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                getStyleClass().removeAll("error-text", "ok-text");
                setAlignment(Pos.CENTER_RIGHT);
                if (empty || n == null || Double.isNaN(n.doubleValue())) {
                    setText(empty ? null : "–");
                    return;
                }
                setText(String.format(Locale.ROOT, "%.4f", n.doubleValue()));
                if (signed) {
                    getStyleClass().add(n.doubleValue() > 0 ? "ok-text" : "error-text");
                }
            }
        });
        return c;
    }

    /** The evaluation step shown, -1 before the first (for tests). */
    public int shownStep() {
        Integer s = model.stepProperty().get();
        return s == null ? -1 : s;
    }
}
