package org.preflab.app.gui.chart;

/** How a series is drawn. */
public enum SeriesStyle {
    /** A dense series (training metrics): the raw line faint, the smoothed line solid on top. */
    LINE,
    /** A sparse series (evaluations): the raw points marked and joined, no smoothing. */
    POINTS
}
