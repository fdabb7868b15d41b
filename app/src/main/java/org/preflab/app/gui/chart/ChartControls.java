package org.preflab.app.gui.chart;

import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * The settings a page of charts shares: TensorBoard's smoothing slider (0 to 0.999) and a log-y toggle. Charts
 * {@link #bind} to it; moving the slider re-smooths every bound chart.
 */
public final class ChartControls extends HBox {
    private final Slider slider = new Slider(0, Smoothing.MAX_WEIGHT, 0.6);
    private final CheckBox logY = new CheckBox("Log y");

    public ChartControls() {
        super(8);
        setAlignment(Pos.CENTER_LEFT);
        slider.setId("smoothing-slider");
        slider.setPrefWidth(180);
        slider.setTooltip(new Tooltip("Exponential moving average with debiasing, as in TensorBoard; "
                + "the faint line is the raw value"));
        Label value = new Label();
        value.setMinWidth(40);
        value.textProperty().bind(slider.valueProperty().asString(Locale.ROOT, "%.3f"));
        logY.setId("log-y");
        getChildren().addAll(new Label("Smoothing"), slider, value, logY);
    }

    public DoubleProperty smoothingProperty() {
        return slider.valueProperty();
    }

    public BooleanProperty logYProperty() {
        return logY.selectedProperty();
    }

    /** Makes {@code chart} follow these settings. */
    public void bind(MetricChart chart) {
        chart.smoothingProperty().bind(slider.valueProperty());
        chart.logYProperty().bind(logY.selectedProperty());
    }
}
