package org.preflab.app.gui.acquisition;

import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A round's time split as one thin stacked bar (generate, score, label, train, each as wide as its share) over a legend
 * with the seconds and shares; "still going" while the round has no times yet.
 */
final class TimeSplitBar extends VBox {
    static final String[] PARTS = {"generate", "score", "label", "train"};
    private static final String[] COLOURS = {"#0072B2", "#009E73", "#E69F00", "#CC79A7"};
    static final double WIDTH = 360;

    private final HBox bar = new HBox();
    private final HBox legend = new HBox(14);

    TimeSplitBar() {
        setSpacing(3);
        bar.setPrefWidth(WIDTH);
        bar.setMaxWidth(WIDTH);
        bar.setMinHeight(12);
        bar.setStyle("-fx-background-color: #eef1f5;");
        legend.setId("acquisition-times");
        getChildren().addAll(bar, legend);
        setAlignment(Pos.CENTER_LEFT);
        show(null);
    }

    void show(AplHistory.Times t) {
        bar.getChildren().clear();
        legend.getChildren().clear();
        if (t == null) {
            Label going = new Label("Time split: the round is still going");
            going.getStyleClass().add("view-subtitle");
            legend.getChildren().add(going);
            return;
        }
        double[] s = {t.generate(), t.score(), t.label(), t.train()};
        double total = Math.max(1e-9, t.total());
        for (int i = 0; i < s.length; i++) {
            Region part = new Region();
            part.setPrefWidth(WIDTH * s[i] / total);
            part.setMinWidth(Region.USE_PREF_SIZE);
            part.setStyle("-fx-background-color: " + COLOURS[i] + ";");
            Tooltip.install(part, new Tooltip(describe(PARTS[i], s[i], total)));
            bar.getChildren().add(part);
            Region swatch = new Region();
            swatch.setMinSize(10, 10);
            swatch.setMaxSize(10, 10);
            swatch.setStyle("-fx-background-color: " + COLOURS[i] + ";");
            Label l = new Label(describe(PARTS[i], s[i], total), swatch);
            l.getStyleClass().add("view-subtitle");
            legend.getChildren().add(l);
        }
    }

    /** "generate 1.2 s (10%) · score 0.4 s (3%) · label 3.0 s (25%) · train 7.5 s (62%)". */
    static String text(AplHistory.Times t) {
        double[] s = {t.generate(), t.score(), t.label(), t.train()};
        double total = Math.max(1e-9, t.total());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length; i++) {
            b.append(i == 0 ? "" : "  ·  ").append(describe(PARTS[i], s[i], total));
        }
        return b.toString();
    }

    private static String describe(String part, double seconds, double total) {
        return String.format(Locale.ROOT, "%s %.1f s (%.0f%%)", part, seconds, 100 * seconds / total);
    }
}
