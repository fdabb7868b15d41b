package org.preflab.app.gui.chart;

/**
 * A vertical line across a chart at {@code x}: a checkpoint, a reference refresh, a health warning.
 *
 * @param x where, in the chart's x units
 * @param label what happened, shown when the mouse is near the line (and on the line when {@code emphasised})
 * @param color a CSS hex colour ("#d62728"); events of one kind share a colour
 * @param emphasised drawn thicker with its label (e.g. the event picked in the health panel)
 */
public record EventMarker(double x, String label, String color, boolean emphasised) {
    public EventMarker(double x, String label, String color) {
        this(x, label, color, false);
    }
}
