package org.preflab.app.gui.acquisition;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.preflab.app.gui.common.XyCharts;

/**
 * The acquisition view's charts, in the workbench's look ({@link XyCharts}). Each fill method replaces a chart's
 * data; call them on the FX thread only (a ChartViewer repaints from its dataset there).
 */
final class AcquisitionCharts {
    /** Kept candidates stand out in the palette's orange against a quiet grey-blue for the rest. */
    static final Color KEPT = XyCharts.PALETTE[1];
    static final Color OTHERS = new Color(0xA9BCD0);

    private AcquisitionCharts() {}

    /** A histogram whose bars stack the kept candidates on the others. */
    static JFreeChart histogram(String score) {
        DefaultTableXYDataset data = new DefaultTableXYDataset();
        JFreeChart chart = XyCharts.lines(score, score, "candidates", new XYSeriesCollection());
        XYPlot plot = chart.getXYPlot();
        plot.setDataset(data); // before the renderer: a stacked renderer reads its dataset as a table
        StackedXYBarRenderer r = new StackedXYBarRenderer(0.08);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setSeriesPaint(0, OTHERS);
        r.setSeriesPaint(1, KEPT);
        plot.setRenderer(r);
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        return chart;
    }

    static void fillHistogram(JFreeChart chart, ScoreHistogram h) {
        XYSeries others = new XYSeries("scored, not kept", true, false);
        XYSeries kept = new XYSeries("kept (" + h.keptCount() + ")", true, false);
        for (int b = 0; b < h.bins(); b++) {
            others.add(h.centre(b), h.others()[b], false);
            kept.add(h.centre(b), h.kept()[b], false);
        }
        DefaultTableXYDataset data = new DefaultTableXYDataset();
        data.addSeries(others);
        data.addSeries(kept);
        data.setIntervalWidth(h.width());
        chart.getXYPlot().setDataset(data);
        chart.setTitle(h.caption());
    }

    /** Mean of everything scored against mean of what was kept, per round, for one score. */
    static JFreeChart trend(String score) {
        JFreeChart chart = XyCharts.lines(score + " across rounds", "round", "mean " + score,
                new XYSeriesCollection());
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        r.setDefaultShapesVisible(true);
        r.setSeriesPaint(0, OTHERS.darker());
        r.setSeriesPaint(1, KEPT);
        XyCharts.integerX(chart.getXYPlot());
        return chart;
    }

    static void fillTrend(JFreeChart chart, ScoreTrend t) {
        XYSeries all = new XYSeries("mean of all scored");
        XYSeries kept = new XYSeries("mean of kept");
        for (ScoreTrend.Point p : t.points()) {
            all.add(p.round(), p.meanAll());
            kept.add(p.round(), p.meanKept());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(all);
        data.addSeries(kept);
        chart.getXYPlot().setDataset(data);
    }

    /** The win rate against the labels used, with its interval as error bars, and the 50% line of no change. */
    static JFreeChart winRate() {
        JFreeChart chart = XyCharts.lines("Win rate against the reference", "labels used", "win rate",
                new XYSeriesCollection());
        XYPlot plot = chart.getXYPlot();
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        r.setSeriesPaint(0, XyCharts.PALETTE[0]);
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setErrorPaint(XyCharts.PALETTE[0]);
        r.setCapLength(8);
        plot.setRenderer(r);
        plot.setDataset(new YIntervalSeriesCollection());
        plot.getRangeAxis().setRange(0, 1);
        ((NumberAxis) plot.getRangeAxis()).setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.1));
        // the first and last evaluations' error bars stay clear of the plot's edges
        plot.getDomainAxis().setLowerMargin(0.08);
        plot.getDomainAxis().setUpperMargin(0.08);
        XyCharts.horizontalLine(plot, 0.5, null);
        // labelled at the right, on no background: at the left it sat on the first evaluation's error bar
        org.jfree.chart.plot.ValueMarker even = (org.jfree.chart.plot.ValueMarker) plot.getRangeMarkers(
                org.jfree.chart.ui.Layer.FOREGROUND).iterator().next();
        even.setLabel("0.5: as good as the reference");
        even.setLabelFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        even.setLabelPaint(new Color(0x555B66));
        even.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        even.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_RIGHT);
        even.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
        plot.setNoDataMessage("No win rate yet: measured after each round's training");
        return chart;
    }

    static void fillWinRate(JFreeChart chart, List<AplHistory.WinRatePoint> points) {
        YIntervalSeries s = new YIntervalSeries("win rate, 95% interval");
        for (AplHistory.WinRatePoint p : points) {
            s.add(p.labelsUsed(), p.rate(), p.low(), p.high());
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        if (!points.isEmpty()) {
            data.addSeries(s);
        }
        chart.getXYPlot().setDataset(data);
        XyCharts.integerX(chart.getXYPlot());
    }
}
