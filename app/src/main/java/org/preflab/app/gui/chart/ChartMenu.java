package org.preflab.app.gui.chart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.MenuItem;
import javafx.stage.FileChooser;

/** A chart's right-click menu: its data as CSV, its picture as PNG, and back to the whole range. */
final class ChartMenu {
    private ChartMenu() {}

    static List<MenuItem> items(MetricChart chart) {
        MenuItem csv = new MenuItem("Export data as CSV…");
        csv.setOnAction(e -> chooseAndWrite(chart, "csv", chart::writeCsv));
        MenuItem png = new MenuItem("Export chart as PNG…");
        png.setOnAction(e -> chooseAndWrite(chart, "png", f -> chart.writePng(f, 1200, 700)));
        MenuItem reset = new MenuItem("Reset zoom");
        reset.setOnAction(e -> {
            chart.chart().getXYPlot().getDomainAxis().setAutoRange(true);
            chart.chart().getXYPlot().getRangeAxis().setAutoRange(true);
        });
        return List.of(csv, png, reset);
    }

    private interface FileWrite {
        void write(Path file) throws IOException;
    }

    private static void chooseAndWrite(MetricChart chart, String ext, FileWrite write) {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName(MetricChart.fileName(chart.title()) + "." + ext);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(ext.toUpperCase(Locale.ROOT), "*." + ext));
        java.io.File f = fc.showSaveDialog(chart.getScene() == null ? null : chart.getScene().getWindow());
        if (f == null) {
            return;
        }
        try {
            write.write(f.toPath());
        } catch (IOException ex) {
            chart.showProblem("could not write " + f + ": " + ex.getMessage());
        }
    }
}
