package org.preflab.app.gui.chart;

/**
 * A vertical line across a chart at {@code x}: a checkpoint, a reference refresh, a health warning.
 *
 * @param x where, in the chart's x units
 * @param label what happened, shown when the mouse is near the line
 * @param color a CSS hex colour ("#d62728"); events of one kind share a colour
 * @param emphasised drawn thicker with its tag on the line (e.g. the event picked in the health panel)
 * @param tag a few words written on an emphasised line ("health: grad_spike @ step 41")
 */
public record EventMarker(double x, String label, String color, boolean emphasised, String tag) {
    public EventMarker(double x, String label, String color, boolean emphasised) {
        this(x, label, color, emphasised, label);
    }

    public EventMarker(double x, String label, String color) {
        this(x, label, color, false);
    }
}
