package org.preflab.app.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * One metric of a comparison as a PNG: per arm the mean over seeds as a line with points, and a shaded band of
 * ± one standard deviation around it. Plain JFreeChart drawn with AWT, so it renders headless (no JavaFX, no display).
 */
final class CompareChart {
    /** Colour-blind-safe (Okabe–Ito): arms stay told apart in print and for most readers. */
    private static final Color[] COLOURS = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000)};
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    private CompareChart() {}

    static void write(CompareResults r, String metric, Path png) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // a terminal without a display must still draw
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Map.Entry<CompareSpec.Arm, TreeMap<Double, CompareResults.Cell>> arm : r.cells(metric).entrySet()) {
            YIntervalSeries s = new YIntervalSeries(arm.getKey().label());
            arm.getValue().forEach((x, c) -> {
                double spread = c.n() < 2 ? 0 : c.std();
                s.add(x, c.mean(), c.mean() - spread, c.mean() + spread);
            });
            data.addSeries(s);
        }
        NumberAxis xAxis = new NumberAxis(r.spec().x().words);
        xAxis.setAutoRangeIncludesZero(false);
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // labels and steps are whole numbers
        NumberAxis yAxis = new NumberAxis(metric);
        yAxis.setAutoRangeIncludesZero(false);
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.18f);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            Color c = COLOURS[i % COLOURS.length];
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesFillPaint(i, c);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        JFreeChart chart = new JFreeChart(r.spec().title(), new Font("SansSerif", Font.BOLD, 16), plot, true);
        chart.addSubtitle(new TextTitle(metric + ": mean over seeds " + seedsText(r) + ", band ± 1 std",
                new Font("SansSerif", Font.PLAIN, 12)));
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    private static String seedsText(CompareResults r) {
        return String.join(", ", r.seeds().stream().map(String::valueOf).toList());
    }
}
