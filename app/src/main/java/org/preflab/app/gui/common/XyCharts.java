package org.preflab.app.gui.common;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Plain JFreeChart line charts in the workbench's look (white plot, light grid, readable fonts, one palette), for
 * views with their own special charts. Datasets behind a {@link ChartViewer} are changed on the FX thread only.
 */
public final class XyCharts {
    /** Distinct colours that stay apart for colour-blind readers (Okabe-Ito, then a few more). */
    public static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7), new Color(0xE69F00),
        new Color(0x56B4E9), new Color(0x6B6B6B), new Color(0xB8860B), new Color(0x000000), new Color(0x8E44AD)
    };
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private XyCharts() {}

    /** A line chart over {@code data}, lines in palette order, legend at the bottom when there is more than one series. */
    public static JFreeChart lines(String title, String xLabel, String yLabel, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, true, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(TITLE);
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(LABEL);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xE3E6EA));
        plot.setRangeGridlinePaint(new Color(0xE3E6EA));
        plot.setOutlineVisible(false);
        for (var axis : new org.jfree.chart.axis.ValueAxis[] {plot.getDomainAxis(), plot.getRangeAxis()}) {
            axis.setLabelFont(LABEL);
            axis.setTickLabelFont(TICK);
        }
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setAutoPopulateSeriesPaint(false);
        for (int i = 0; i < PALETTE.length; i++) {
            r.setSeriesPaint(i, PALETTE[i]);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(r);
        return chart;
    }

    /** A dashed horizontal line at {@code y} (zero, a target) with an optional label. */
    public static void horizontalLine(XYPlot plot, double y, String label) {
        ValueMarker m = new ValueMarker(y, new Color(0x8A9099), new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        if (label != null) {
            m.setLabel(label);
            m.setLabelFont(TICK);
            m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
        }
        plot.addRangeMarker(m);
    }

    /** A dashed vertical line at {@code x} with an optional label. */
    public static void verticalLine(XYPlot plot, double x, String label) {
        ValueMarker m = new ValueMarker(x, new Color(0x8A9099), new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        if (label != null) {
            m.setLabel(label);
            m.setLabelFont(TICK);
            // the label left of the line, so one at the right edge of the plot stays readable
            m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
            m.setLabelBackgroundColor(new Color(255, 255, 255, 220));
        }
        plot.addDomainMarker(m);
    }

    /** Whole-number ticks on the x axis (steps). */
    public static void integerX(XYPlot plot) {
        ((org.jfree.chart.axis.NumberAxis) plot.getDomainAxis()).setStandardTickUnits(
                org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
    }

    /** Sets the y axis to the data's range plus a margin (auto range is unreliable while series are refilled). */
    public static void fitY(XYPlot plot, double min, double max) {
        if (!(max >= min)) {
            return;
        }
        double pad = max > min ? 0.06 * (max - min) : Math.max(1e-3, Math.abs(max) * 0.1);
        plot.getRangeAxis().setRange(min - pad, max + pad);
    }

    /** A viewer that fills its cell and can shrink (JavaFX layouts otherwise keep a canvas at its first size). */
    public static ChartViewer viewer(JFreeChart chart) {
        GlyphLayoutGuard.install();
        ChartViewer v = new ChartViewer(chart);
        v.setMinSize(100, 100);
        v.setPrefSize(400, 300);
        v.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        return v;
    }
}
