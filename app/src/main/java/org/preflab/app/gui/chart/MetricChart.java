package org.preflab.app.gui.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.fx.ChartCanvas;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;

/**
 * A chart of named series against step or tokens, TensorBoard style: each dense series drawn raw (faint) and
 * smoothed (solid) together, a log-y toggle, a crosshair with the values under the mouse, vertical event markers,
 * CSV and PNG export (right-click). It keeps every point (for export and the readout) but draws only what its
 * width can show of the visible x range ({@link Downsampling}), so 100,000 points pan smoothly: zooming or panning
 * recomputes the drawn points from the full data.
 *
 * <p>FX thread only. Appending marks the chart dirty and asks for a redraw, which {@link RedrawScheduler} spreads
 * over pulses (a few per second per chart); a chart whose {@link #onScreenProperty()} is false (scrolled out of
 * view) keeps the points and redraws when it comes back.
 */
public final class MetricChart extends StackPane {
    /** Matplotlib's tab10: distinct and familiar from TensorBoard and W&B. */
    public static final List<String> PALETTE = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf");

    private final String title;
    private final JFreeChart chart;
    private final XYPlot plot;
    private final ChartViewer viewer;
    private final DisplayDataset raw = new DisplayDataset();
    private final DisplayDataset smooth = new DisplayDataset();
    private final DisplayDataset sparse = new DisplayDataset();
    private final XYLineAndShapeRenderer rawRenderer = new XYLineAndShapeRenderer(true, false);
    private final XYLineAndShapeRenderer smoothRenderer = new XYLineAndShapeRenderer(true, false);
    private final XYLineAndShapeRenderer sparseRenderer = new XYLineAndShapeRenderer(true, true);
    private final List<SeriesData> series = new ArrayList<>();
    private final List<EventMarker> markers = new ArrayList<>();
    private final Label readout = new Label();
    private final DoubleProperty smoothing = new SimpleDoubleProperty(0.6);
    private final BooleanProperty logY = new SimpleBooleanProperty(false);
    private final BooleanProperty onScreen = new SimpleBooleanProperty(true);
    private String xName = "step";
    private boolean dirty = true;
    private long lastRedraw = Long.MIN_VALUE / 2;
    private boolean prompt;
    private Range drawnRange;

    public MetricChart(String title) {
        this.title = title;
        NumberAxis x = new NumberAxis(xName);
        x.setAutoRangeIncludesZero(false);
        // One evaluation so far is a range of width 0: JFreeChart then labelled every tick "1.3E1"
        x.setAutoRangeMinimumSize(1.0);
        x.setLowerMargin(0.01);
        x.setUpperMargin(0.01);
        plot = new XYPlot(raw, x, newRangeAxis(false), rawRenderer);
        plot.setDataset(1, smooth);
        plot.setRenderer(1, smoothRenderer);
        plot.setDataset(2, sparse);
        plot.setRenderer(2, sparseRenderer);
        // smoothed lines over the faint raw ones, sparse (eval) points over both
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setDomainCrosshairLockedOnData(false);
        plot.setDomainCrosshairPaint(new Color(0x44, 0x44, 0x44));
        plot.setDomainCrosshairStroke(new BasicStroke(1f));
        plot.setNoDataMessage("no points yet");
        plot.setDomainPannable(true);
        rawRenderer.setDefaultSeriesVisibleInLegend(false);
        // one path per series instead of one line per segment: several times faster on the FX canvas
        rawRenderer.setDrawSeriesLineAsPath(true);
        smoothRenderer.setDrawSeriesLineAsPath(true);
        sparseRenderer.setDefaultSeriesVisibleInLegend(false);
        smoothRenderer.setDefaultSeriesVisibleInLegend(false);
        chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 13), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new org.jfree.chart.ui.RectangleInsets(2, 4, 2, 18)); // room for the last x tick label
        chart.getLegend().setVisible(false);
        chart.getLegend().setItemFont(new Font("SansSerif", Font.PLAIN, 11));
        org.preflab.app.gui.common.GlyphLayoutGuard.install(); // a canvas's text is laid out on the render thread
        viewer = new ChartViewer(chart, true);
        ChartCanvas canvas = viewer.getCanvas();
        // the mouse wheel scrolls the page of charts; zoom is a drag, pan is ctrl-drag (alt-drag, JFreeChart's
        // default, moves the window on many Linux desktops)
        canvas.removeAuxiliaryMouseHandler(canvas.getMouseHandler("scroll"));
        canvas.removeMouseHandler(canvas.getMouseHandler("pan"));
        canvas.addMouseHandler(new org.jfree.chart.fx.interaction.PanHandlerFX("pan", false, true, false, false));
        viewer.addChartMouseListener(new Crosshair());
        viewer.setOnMouseExited(e -> hideCrosshair());
        viewer.getContextMenu().getItems().setAll(ChartMenu.items(this));
        readout.getStyleClass().add("chart-readout");
        // styled here, not in the stylesheet, so the chart looks the same in any window that embeds it
        readout.setStyle("-fx-background-color: rgba(255,255,255,0.92); -fx-border-color: #c8ccd4;"
                + " -fx-padding: 4 6 4 6; -fx-font-family: monospace; -fx-font-size: 11px;");
        readout.setMouseTransparent(true);
        readout.setVisible(false);
        StackPane.setAlignment(readout, Pos.TOP_RIGHT);
        StackPane.setMargin(readout, new Insets(24, 12, 0, 0));
        getChildren().addAll(viewer, readout);
        getStyleClass().add("metric-chart");

        plot.getDomainAxis().addChangeListener(e -> onDomainChange());
        widthProperty().addListener((o, a, b) -> requestPromptRedraw());
        smoothing.addListener((o, a, b) -> {
            series.forEach(s -> s.setSmoothing(b.doubleValue()));
            requestPromptRedraw();
        });
        logY.addListener((o, a, b) -> {
            quietly(() -> plot.setRangeAxis(newRangeAxis(b)));
            requestPromptRedraw();
        });
        onScreen.addListener((o, a, b) -> {
            if (b && dirty) {
                requestPromptRedraw();
            }
        });
    }

    public String title() {
        return title;
    }

    /** Adds a series with the next palette colour. */
    public SeriesData addSeries(String name, SeriesStyle style) {
        return addSeries(name, style, PALETTE.get(series.size() % PALETTE.size()));
    }

    public SeriesData addSeries(String name, SeriesStyle style, String color) {
        SeriesData s = new SeriesData(name, style, color, smoothing.get());
        series.add(s);
        quietly(() -> {
            styleSeries(series.size() - 1);
            chart.getLegend().setVisible(series.size() > 1);
        });
        requestRedraw();
        return s;
    }

    public Optional<SeriesData> series(String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public List<SeriesData> seriesList() {
        return List.copyOf(series);
    }

    /** Appends a point to a series added before; redraws at the next FX turn. */
    public void append(String seriesName, double x, double y) {
        series(seriesName).orElseThrow(() -> new IllegalArgumentException("no series '" + seriesName + "' in "
                + title)).append(x, y);
        requestRedraw();
    }

    /** Forgets every point (the series stay). */
    public void clearData() {
        series.forEach(SeriesData::clear);
        requestRedraw();
    }

    /** The name of the x values (axis label and CSV column): "step" or "num_tokens". */
    public void setXName(String name) {
        xName = name;
        quietly(() -> plot.getDomainAxis().setLabel(name));
        requestRedraw();
    }

    public String xName() {
        return xName;
    }

    public void setMarkers(List<EventMarker> newMarkers) {
        markers.clear();
        markers.addAll(newMarkers);
        requestPromptRedraw();
    }

    public List<EventMarker> markers() {
        return List.copyOf(markers);
    }

    /** TensorBoard's smoothing weight, 0 (off) to {@link Smoothing#MAX_WEIGHT}. */
    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    public BooleanProperty logYProperty() {
        return logY;
    }

    /** False while the chart is scrolled out of view: points are kept, drawing waits until it is back. */
    public BooleanProperty onScreenProperty() {
        return onScreen;
    }

    public JFreeChart chart() {
        return chart;
    }

    /** Points drawn now (raw and smoothed), after downsampling. */
    public int drawnPointCount() {
        return raw.pointCount() + smooth.pointCount() + sparse.pointCount();
    }

    /** Whether points arrived (or settings changed) since the last redraw. */
    public boolean isDirty() {
        return dirty;
    }

    /**
     * Moves the crosshair line to {@code x} (an event picked elsewhere); the values show when the mouse is over the
     * chart, so that a page of charts is not covered with readouts.
     */
    public void showCrosshair(double x) {
        plot.setDomainCrosshairVisible(true);
        plot.setDomainCrosshairValue(x);
        readout.setVisible(false);
    }

    public void hideCrosshair() {
        plot.setDomainCrosshairVisible(false);
        readout.setVisible(false);
    }

    /** The readout shown now ("" when hidden). */
    public String readout() {
        return readout.isVisible() ? readout.getText() : "";
    }

    /** The x of the data point nearest {@code x} over all series ({@code x} itself when there are none). */
    public double snap(double x) {
        return ChartReadout.snap(series, x);
    }

    /** The crosshair's text: each series' value nearest {@code x}, and the events within {@code tolerance}. */
    public String readoutText(double x, double tolerance) {
        return ChartReadout.text(series, markers, xName, smoothing.get() > 0, x, tolerance);
    }

    /** Writes every point of every series (not just the drawn ones). */
    public void writeCsv(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            ChartCsv.write(series, xName, w);
        }
    }

    public void writePng(Path file, int width, int height) throws IOException {
        redrawNow();
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
    }

    /** Asks for a redraw at a coming pulse ({@link RedrawScheduler}: spread over pulses, a few per second). */
    public void requestRedraw() {
        dirty = true;
        if (onScreen.get()) {
            RedrawScheduler.request(this);
        }
    }

    /** As {@link #requestRedraw()}, at the next pulse: the user zoomed, panned or changed a setting. */
    private void requestPromptRedraw() {
        prompt = true;
        requestRedraw();
    }

    long lastRedrawNanos() {
        return lastRedraw;
    }

    boolean isPrompt() {
        return prompt;
    }

    /** The scheduler's turn: redraws when still wanted (on screen, and something changed). */
    void redrawIfWanted() {
        if (dirty && onScreen.get()) {
            redrawNow();
        }
    }

    /** Recomputes the drawn points from the full data for the visible range and width, with one redraw. */
    public void redrawNow() {
        ValueAxis axis = plot.getDomainAxis();
        Range range = axis.isAutoRange() ? dataRange() : axis.getRange();
        int buckets = Math.max(50, (int) dataAreaWidth());
        List<String> keys = new ArrayList<>();
        List<Downsampling.Points> rawPoints = new ArrayList<>();
        List<Downsampling.Points> smoothPoints = new ArrayList<>();
        List<Downsampling.Points> sparsePoints = new ArrayList<>();
        Downsampling.Points none = new Downsampling.Points(new double[0], new double[0]);
        for (SeriesData s : series) {
            keys.add(s.name());
            boolean line = s.style() == SeriesStyle.LINE;
            if (range == null) {
                rawPoints.add(none);
                smoothPoints.add(none);
                sparsePoints.add(none);
                continue;
            }
            double lo = range.getLowerBound();
            double hi = range.getUpperBound();
            Downsampling.Points values = positiveIfLog(Downsampling.minMax(s.xs(), s.ys(), s.size(), lo, hi, buckets));
            rawPoints.add(line ? values : none);
            sparsePoints.add(line ? none : values);
            smoothPoints.add(line
                    ? positiveIfLog(Downsampling.minMax(s.xs(), s.smoothedValues(), s.size(), lo, hi, buckets))
                    : none);
        }
        boolean notify = chart.isNotify();
        chart.setNotify(false);
        try {
            raw.set(keys, rawPoints);
            smooth.set(keys, smoothPoints);
            sparse.set(keys, sparsePoints);
            drawMarkers();
        } finally {
            drawnRange = range;
            dirty = false;
            prompt = false;
            lastRedraw = System.nanoTime();
            chart.setNotify(notify); // one change event: one redraw of the canvas
        }
    }

    private Downsampling.Points positiveIfLog(Downsampling.Points p) {
        if (!logY.get()) {
            return p;
        }
        int n = 0;
        for (double v : p.y()) {
            if (v > 0) {
                n++;
            }
        }
        if (n == p.size()) {
            return p;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        int k = 0;
        for (int i = 0; i < p.size(); i++) {
            if (p.y()[i] > 0) {
                x[k] = p.x()[i];
                y[k++] = p.y()[i];
            }
        }
        return new Downsampling.Points(x, y);
    }

    private Range dataRange() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (SeriesData s : series) {
            if (s.size() > 0) {
                lo = Math.min(lo, s.x(0));
                hi = Math.max(hi, s.x(s.size() - 1));
            }
        }
        return lo <= hi ? new Range(lo, hi) : null;
    }

    private double dataAreaWidth() {
        ChartRenderingInfo info = viewer.getRenderingInfo();
        Rectangle2D area = info == null ? null : info.getPlotInfo().getDataArea();
        return area != null && area.getWidth() > 0 ? area.getWidth() : Math.max(getWidth() - 80, 200);
    }

    /** A zoom or pan (or going back to auto range) needs the drawn points recomputed for the new range. */
    private void onDomainChange() {
        ValueAxis axis = plot.getDomainAxis();
        Range want = axis.isAutoRange() ? dataRange() : axis.getRange();
        if (want != null && !want.equals(drawnRange)) {
            requestPromptRedraw();
        }
    }

    private void drawMarkers() {
        plot.clearDomainMarkers();
        for (EventMarker m : markers) {
            ValueMarker vm = new ValueMarker(m.x());
            Color c = awt(m.color(), m.emphasised() ? 255 : 150);
            vm.setPaint(c);
            if (m.emphasised()) {
                vm.setStroke(new BasicStroke(2.5f));
                vm.setLabel(m.tag().length() > 40 ? m.tag().substring(0, 39) + "…" : m.tag());
                vm.setLabelFont(new Font("SansSerif", Font.PLAIN, 11));
                vm.setLabelPaint(c.darker());
                vm.setLabelBackgroundColor(new Color(255, 255, 255, 220));
                // the label on the side with room: right of the line in the left half, left of it in the right
                boolean rightHalf = m.x() > plot.getDomainAxis().getRange().getCentralValue();
                vm.setLabelAnchor(rightHalf ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
                vm.setLabelTextAnchor(rightHalf ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
                plot.addDomainMarker(0, vm, Layer.FOREGROUND, false);
            } else {
                vm.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {4f, 3f}, 0f));
                plot.addDomainMarker(0, vm, Layer.BACKGROUND, false);
            }
        }
    }

    /**
     * Makes changes without the canvas hearing of them: every JFreeChart setter redraws the whole chart at once, ten
     * for one new series; the scheduled redraw draws them all.
     */
    private void quietly(Runnable changes) {
        ChartCanvas canvas = viewer.getCanvas();
        chart.removeChangeListener(canvas);
        try {
            changes.run();
        } finally {
            chart.addChangeListener(canvas);
        }
    }

    private void styleSeries(int i) {
        SeriesData s = series.get(i);
        Color solid = awt(s.color(), 255);
        boolean line = s.style() == SeriesStyle.LINE;
        rawRenderer.setSeriesPaint(i, awt(s.color(), 70));
        rawRenderer.setSeriesStroke(i, new BasicStroke(1f));
        smoothRenderer.setSeriesPaint(i, solid);
        smoothRenderer.setSeriesStroke(i, new BasicStroke(1.8f));
        smoothRenderer.setSeriesVisibleInLegend(i, line);
        sparseRenderer.setSeriesPaint(i, solid);
        sparseRenderer.setSeriesStroke(i, new BasicStroke(1.5f));
        sparseRenderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-3.5, -3.5, 7, 7));
        sparseRenderer.setSeriesVisibleInLegend(i, !line);
    }

    private static Color awt(String hex, int alpha) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return new Color((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, alpha);
    }

    private ValueAxis newRangeAxis(boolean log) {
        ValueAxis axis;
        if (log) {
            LogAxis a = new LogAxis(null);
            a.setSmallestValue(1e-12);
            axis = a;
        } else {
            NumberAxis a = new NumberAxis(null);
            a.setAutoRangeIncludesZero(false);
            axis = a;
        }
        axis.setTickLabelFont(new Font("SansSerif", Font.PLAIN, 11));
        return axis;
    }

    /** A file name for a metric ("rewards/margins" becomes "rewards_margins"). */
    public static String fileName(String metric) {
        return metric.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    /** Shows a one-line problem (a failed export) where the readout goes. */
    void showProblem(String message) {
        readout.setText(message);
        readout.setVisible(true);
    }

    /** Moves the crosshair with the mouse and shows the values under it. */
    private final class Crosshair implements ChartMouseListenerFX {
        @Override
        public void chartMouseClicked(ChartMouseEventFX event) {}

        @Override
        public void chartMouseMoved(ChartMouseEventFX event) {
            ChartRenderingInfo info = viewer.getRenderingInfo();
            Rectangle2D area = info == null ? null : info.getPlotInfo().getDataArea();
            double px = event.getTrigger().getX();
            if (area == null || px < area.getMinX() || px > area.getMaxX()) {
                hideCrosshair();
                return;
            }
            ValueAxis axis = plot.getDomainAxis();
            double atMouse = axis.java2DToValue(px, area, plot.getDomainAxisEdge());
            double fourPixels = Math.abs(axis.java2DToValue(px + 4, area, plot.getDomainAxisEdge()) - atMouse);
            double x = snap(atMouse);
            plot.setDomainCrosshairVisible(true);
            plot.setDomainCrosshairValue(x);
            readout.setText(readoutText(x, fourPixels));
            readout.setVisible(true);
        }
    }
}
