package org.preflab.app.gui.acquisition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.xy.TableXYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.GuiTestSupport;
import org.preflab.app.gui.Workbench;
import org.preflab.app.gui.project.Pictures;
import org.preflab.app.gui.shell.MainWindow;
import org.preflab.app.run.ShortRuns;

/** The acquisition view of a real apl run in a window: both histograms, their kept bars and counts, the picks. */
class AcquisitionViewTest {
    @TempDir Path tmp;

    @Test
    void showsBothHistogramsWithTheKeptCandidatesCounted() throws Exception {
        Path run = ShortRuns.aplRun();
        MainWindow w = GuiTestSupport.openWindow(tmp.resolve("recent.txt"));
        Workbench wb = GuiTestSupport.onFx(w::workbench);
        try {
            GuiTestSupport.onFx(() -> {
                w.openAcquisition(run);
                return null;
            });
            GuiTestSupport.waitFor(20, "both histograms drawn", () -> chart(w, "entropy") != null
                    && chart(w, "certainty") != null && chart(w, "certainty").getTitle().getText().contains("kept"));
            for (String score : new String[] {"entropy", "certainty"}) {
                JFreeChart c = GuiTestSupport.onFx(() -> chart(w, score));
                String title = c.getTitle().getText();
                assertTrue(title.matches(score + ": \\d+ scored, \\d+ kept"), title);
                int kept = Integer.parseInt(title.replaceAll(".*scored, (\\d+) kept", "$1"));
                int scored = Integer.parseInt(title.replaceAll(".*: (\\d+) scored.*", "$1"));
                TableXYDataset bars = (TableXYDataset) c.getXYPlot().getDataset();
                assertEquals(2, bars.getSeriesCount(), "kept stacked on the rest");
                assertEquals(kept, sum(bars, 1), score + " kept bars");
                assertEquals(scored, sum(bars, 0) + sum(bars, 1), score + " all bars");
            }
            Node table = w.stage().getScene().lookup("#acquisition-picks");
            assertTrue(((TableView<?>) table).getItems().size() > 0, "the round's picked pairs");
            assertTrue(!w.stage().getScene().lookup("#acquisition-message").isVisible());
            GuiTestSupport.settle();
            GuiTestSupport.snapshot(w.stage().getScene().getRoot(), Pictures.file("acquisition.png"));
        } finally {
            GuiTestSupport.close(w, wb);
        }
    }

    private static JFreeChart chart(MainWindow w, String score) {
        Node n = w.stage().getScene().lookup("#acquisition-histogram-" + score);
        return n instanceof ChartViewer v ? v.getChart() : null;
    }

    private static int sum(TableXYDataset d, int series) {
        int s = 0;
        for (int i = 0; i < d.getItemCount(); i++) {
            s += d.getYValue(series, i);
        }
        return s;
    }
}
