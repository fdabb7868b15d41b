package org.preflab.app.gui.dataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The length histogram: pairs per length bucket, prompt, chosen and rejected side by side (JFreeChart). The
 * dataset is filled on the JavaFX thread only, once, when the report arrives.
 */
final class LengthChart extends StackPane {
    private static final Color[] COLOURS = {new Color(0x5B7DB1), new Color(0x3E9B5F), new Color(0xC0504D)};
    private DefaultCategoryDataset data = new DefaultCategoryDataset();
    private final JFreeChart chart;
    private final NumberAxis pairs = new NumberAxis("pairs");

    LengthChart() {
        setId("dataset-lengths");
        org.jfree.chart.axis.CategoryAxis buckets = new org.jfree.chart.axis.CategoryAxis("length");
        buckets.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        pairs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setItemMargin(0.05);
        for (int i = 0; i < COLOURS.length; i++) {
            bars.setSeriesPaint(i, COLOURS[i]);
        }
        CategoryPlot plot = new CategoryPlot(data, buckets, pairs, bars);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlineVisible(false);
        chart = new JFreeChart(null, new Font("SansSerif", Font.PLAIN, 12), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        org.preflab.app.gui.common.GlyphLayoutGuard.install(); // a canvas's text is laid out on the render thread
        ChartViewer viewer = new ChartViewer(chart);
        viewer.setPrefSize(480, 300);
        viewer.setMinHeight(220);
        getChildren().add(viewer);
    }

    /** Shows {@code s}: a new dataset set once, so the chart redraws once (each addValue would redraw it). */
    void show(LengthStats s) {
        DefaultCategoryDataset next = new DefaultCategoryDataset();
        if (s != null) {
            for (int c = 0; c < LengthStats.COLUMNS.length; c++) {
                for (int b = 0; b < s.buckets().size(); b++) {
                    next.addValue(s.counts()[c][b], LengthStats.COLUMNS[c], s.buckets().get(b));
                }
            }
            chart.getCategoryPlot().getDomainAxis().setLabel("length in " + s.unit());
        }
        data = next;
        chart.getCategoryPlot().setDataset(next);
    }

    /** Bars drawn per series, for tests: total pairs counted in the prompt column. */
    long promptPairs() {
        long n = 0;
        for (int b = 0; b < data.getColumnCount(); b++) {
            n += data.getValue(0, b).longValue();
        }
        return n;
    }
}
