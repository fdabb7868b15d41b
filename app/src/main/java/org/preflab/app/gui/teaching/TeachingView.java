package org.preflab.app.gui.teaching;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.preflab.app.gui.common.XyCharts;
import org.preflab.app.gui.pairs.EvalWatcher;

/**
 * The teaching view: pick a loss variant and see its formula, its loss and its push on the margin (−dL/dh) over a
 * range of margins, as the engine's own loss code computes them, with β and ε on sliders; with a run open, the
 * run's eval pairs sit on both curves and move as new evaluations arrive. Binds {@link TeachingModel}.
 */
public final class TeachingView extends BorderPane {
    private static final double PANEL_WIDTH = 380;

    private final TeachingModel model;
    private final Plot lossPlot = new Plot("Loss L", "loss");
    private final Plot pushPlot = new Plot("Push on the margin  −dL/dh  (> 0 raises the margin, < 0 pulls it back)",
            "−dL/dh");
    private EvalWatcher watcher;

    /** One chart: the curve, the run's pairs as points, landmarks as dashed lines. */
    private static final class Plot {
        final XYSeries curve;
        final XYSeries pairs = new XYSeries("eval pairs of the run", false);
        final JFreeChart chart;

        Plot(String title, String yLabel) {
            curve = new XYSeries(yLabel, false);
            XYSeriesCollection lines = new XYSeriesCollection(curve);
            chart = XyCharts.lines(title, "margin h", yLabel, lines);
            XYPlot plot = chart.getXYPlot();
            XYSeriesCollection points = new XYSeriesCollection(pairs);
            XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
            dots.setSeriesPaint(0, new Color(0xD55E00));
            dots.setSeriesShape(0, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
            plot.setDataset(1, points);
            plot.setRenderer(1, dots);
        }
    }

    public TeachingView(TeachingModel model) {
        this.model = model;
        setPadding(new Insets(10));
        setLeft(controls());
        VBox charts = new VBox(8, XyCharts.viewer(lossPlot.chart), XyCharts.viewer(pushPlot.chart));
        charts.getChildren().forEach(n -> VBox.setVgrow(n, Priority.ALWAYS));
        setCenter(charts);
        model.curvesProperty().addListener((o, a, c) -> draw(c));
        draw(model.curvesProperty().get());
        sceneProperty().addListener((o, was, now) -> {
            if (was != null && now == null && watcher != null) { // the tab closed
                watcher.close();
            }
        });
    }

    /** The view as the workbench opens it: curves on its engine thread, a run's pairs (when given) followed. */
    public static TeachingView open(org.preflab.app.gui.Workbench wb, java.nio.file.Path runDir) {
        return new TeachingView(new TeachingModel(wb.losses(), org.preflab.app.gui.common.ModelThreads.engineShort(
                wb.engine()), org.preflab.app.gui.common.ModelThreads.gui(), runDir)).follow();
    }

    /** With a run: reads its pairs now and again at each new evaluation. */
    public TeachingView follow() {
        if (model.runDir() != null) {
            model.reloadRun();
            watcher = new EvalWatcher(model.runDir(), 2000, model::reloadRun);
        }
        return this;
    }

    /** The run's pairs drawn on the loss curve now (for tests). */
    public int pairPointCount() {
        return lossPlot.pairs.getItemCount();
    }

    /** Points of the loss curve drawn now (for tests). */
    public int curvePointCount() {
        return lossPlot.curve.getItemCount();
    }

    /** The eval step of the run's pairs on the curves, -1 when none (for tests). */
    public int pairStep() {
        RunPairs p = model.runPairsProperty().get();
        return p == null || lossPlot.pairs.getItemCount() == 0 ? -1 : p.step();
    }

    private VBox controls() {
        Label title = new Label("How each loss treats a pair");
        title.getStyleClass().add("view-title");
        Text intro = wrapped("h = s_c − s_r is the pair's margin: how much more the policy prefers the chosen"
                + " response than the reference does (log-ratios, in nats; the run's tables show β·h). The curves"
                + " come from the engine's own loss code and its autograd gradient.");
        intro.getStyleClass().add("teaching-subtle");

        ComboBox<String> loss = new ComboBox<>(model.lossIds());
        loss.setId("teaching-loss");
        loss.valueProperty().bindBidirectional(model.lossIdProperty());
        loss.setMaxWidth(Double.MAX_VALUE);
        Text description = wrapped("");
        description.textProperty().bind(model.descriptionProperty());
        description.getStyleClass().add("teaching-subtle");
        Label formula = new Label();
        formula.setWrapText(true);
        formula.setPrefWidth(PANEL_WIDTH);
        formula.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        formula.setId("teaching-formula");
        formula.textProperty().bind(model.formulaProperty());
        formula.getStyleClass().addAll("mono", "teaching-formula");
        Text explanation = wrapped("");
        explanation.setId("teaching-explanation");
        explanation.textProperty().bind(model.explanationProperty());

        Slider beta = new Slider(-2, 0, Math.log10(model.betaProperty().get()));
        beta.setId("teaching-beta");
        Label betaValue = new Label();
        beta.valueProperty().addListener((o, a, v) -> model.betaProperty().set(round3(Math.pow(10, v.doubleValue()))));
        model.betaProperty().addListener((o, a, v) -> {
            betaValue.setText(String.format(Locale.ROOT, "β = %.3f", v.doubleValue()));
            if (Math.abs(Math.pow(10, beta.getValue()) - v.doubleValue()) > 1e-3) {
                beta.setValue(Math.log10(v.doubleValue()));
            }
        });
        betaValue.setText(String.format(Locale.ROOT, "β = %.3f", model.betaProperty().get()));
        Slider eps = new Slider(0, 0.49, model.labelSmoothingProperty().get());
        eps.setId("teaching-eps");
        eps.valueProperty().bindBidirectional(model.labelSmoothingProperty());
        Label epsValue = new Label();
        epsValue.textProperty().bind(model.labelSmoothingProperty().asString(Locale.ROOT, "label smoothing ε = %.3f"
                + " (robust, exo_pair, aot, cdpo)"));
        epsValue.setWrapText(true);

        Text run = wrapped("");
        run.textProperty().bind(model.runInfoProperty());
        run.getStyleClass().add("teaching-run");
        Text error = wrapped("");
        error.textProperty().bind(model.errorProperty());
        error.getStyleClass().add("teaching-error");
        Label lossLabel = new Label("Loss variant");
        lossLabel.getStyleClass().add("section-title");
        Label settings = new Label("Settings");
        settings.getStyleClass().add("section-title");

        VBox box = new VBox(8, title, intro, lossLabel, loss, description, formula, explanation, settings, betaValue,
                beta, epsValue, eps, run, error);
        box.setPadding(new Insets(0, 14, 0, 0));
        box.setPrefWidth(PANEL_WIDTH + 14);
        box.setMaxWidth(PANEL_WIDTH + 14);
        return box;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /**
     * Text wrapped at the panel's width. A Text node rather than a wrapped Label: its height always follows its
     * text, however often the text changes (a loss is picked, a run is read).
     */
    private static Text wrapped(String text) {
        Text t = new Text(text);
        t.setWrappingWidth(PANEL_WIDTH);
        t.getStyleClass().add("teaching-text");
        return t;
    }

    private void draw(LossCurves.Curves c) {
        for (Plot p : new Plot[] {lossPlot, pushPlot}) {
            p.curve.clear();
            p.pairs.clear();
            XYPlot plot = p.chart.getXYPlot();
            plot.clearDomainMarkers();
            plot.clearRangeMarkers();
            if (c == null) {
                continue;
            }
            boolean push = p == pushPlot;
            double[] y = push ? c.push() : c.loss();
            for (int i = 0; i < c.x().length; i++) {
                p.curve.add(c.x()[i], y[i], false);
            }
            p.curve.fireSeriesChanged();
            double[] py = push ? c.pairPush() : c.pairLoss();
            for (int i = 0; i < c.pairX().length; i++) {
                p.pairs.add(c.pairX()[i], py[i], false);
            }
            p.pairs.fireSeriesChanged();
            RunPairs run = model.runPairsProperty().get();
            p.pairs.setKey(run == null ? "eval pairs" : "eval pairs of " + run.runName() + " at step " + run.step());
            plot.getDomainAxis().setLabel(c.lengthAveraged() ? "length-averaged margin h̄ = s_c/L_c − s_r/L_r"
                    : "margin h = s_c − s_r");
            plot.getDomainAxis().setRange(c.x()[0], c.x()[c.x().length - 1]);
            double lo = 0; // zero always in view: where the push stops, and the loss's floor for most variants
            double hi = 0;
            for (double v : y) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            for (double v : py) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            XyCharts.fitY(plot, lo, hi);
            XyCharts.horizontalLine(plot, 0, null);
            XyCharts.verticalLine(plot, 0, null);
            for (Map.Entry<Double, String> m : LossNotes.landmarks(c.settings().lossId(), c.settings().beta(),
                    c.settings().labelSmoothing()).entrySet()) {
                XyCharts.verticalLine(plot, m.getKey(), m.getValue());
            }
        }
    }
}
