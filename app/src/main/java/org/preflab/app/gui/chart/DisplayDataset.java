package org.preflab.app.gui.chart;

import java.util.ArrayList;
import java.util.List;
import org.jfree.data.DomainOrder;
import org.jfree.data.xy.AbstractXYDataset;

/**
 * What a chart draws: the downsampled points of each series, swapped in whole on each refresh (one change event,
 * one redraw) instead of item-by-item updates of an XYSeries, which redraw per item. FX thread only.
 */
final class DisplayDataset extends AbstractXYDataset {
    private final List<String> keys = new ArrayList<>();
    private final List<Downsampling.Points> points = new ArrayList<>();

    void set(List<String> newKeys, List<Downsampling.Points> newPoints) {
        keys.clear();
        keys.addAll(newKeys);
        points.clear();
        points.addAll(newPoints);
        fireDatasetChanged();
    }

    int pointCount() {
        return points.stream().mapToInt(Downsampling.Points::size).sum();
    }

    @Override
    public int getSeriesCount() {
        return keys.size();
    }

    @Override
    public Comparable<String> getSeriesKey(int series) {
        return keys.get(series);
    }

    @Override
    public DomainOrder getDomainOrder() {
        return DomainOrder.ASCENDING;
    }

    @Override
    public int getItemCount(int series) {
        return points.get(series).size();
    }

    @Override
    public Number getX(int series, int item) {
        return getXValue(series, item);
    }

    @Override
    public double getXValue(int series, int item) {
        return points.get(series).x()[item];
    }

    @Override
    public Number getY(int series, int item) {
        return getYValue(series, item);
    }

    @Override
    public double getYValue(int series, int item) {
        return points.get(series).y()[item];
    }
}
