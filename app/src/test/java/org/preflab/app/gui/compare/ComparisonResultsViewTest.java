package org.preflab.app.gui.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.RadioButton;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.GuiTestSupport;
import org.preflab.app.gui.Workbench;
import org.preflab.app.gui.chart.MetricChart;
import org.preflab.app.gui.chart.SeriesData;
import org.preflab.app.gui.explorer.ExplorerEntry;
import org.preflab.app.gui.explorer.ExplorerView;
import org.preflab.app.gui.project.Pictures;
import org.preflab.app.gui.project.TestProjects;
import org.preflab.app.gui.shell.MainWindow;

/**
 * The bundled apl-vs-random sample opened as a user would (the project, then its "Comparison" node in the explorer):
 * each metric's chart holds both arms' means over seeds and their ± std bands, equal to compare/results.csv, beside
 * its table. A copy with two runs in compare/runs/ opens them in the compare view by labels used.
 */
class ComparisonResultsViewTest {
    @TempDir Path tmp;

    @Test
    void theSamplesComparisonOpensFromTheExplorerWithEveryArmsMeanAndBand() throws Exception {
        Path sample = TestProjects.samples().resolve("apl-vs-random").toAbsolutePath().normalize();
        Map<String, double[]> expected = resultsCsv(sample); // "metric|arm|x" -> {n, mean, std}
        MainWindow w = GuiTestSupport.openWindow(tmp.resolve("recent.txt"));
        Workbench wb = GuiTestSupport.onFx(w::workbench);
        try {
            GuiTestSupport.onFx(() -> {
                w.openProject(sample);
                return null;
            });
            GuiTestSupport.waitFor(30, "the comparison in the explorer", () -> comparisonEntry(w) != null);
            ExplorerEntry entry = GuiTestSupport.onFx(() -> comparisonEntry(w));
            assertEquals("Comparison: Active preference learning against random acquisition (stories260k, sentiment"
                    + " oracle)", entry.label());
            GuiTestSupport.onFx(() -> {
                explorer(w).viewModel().open(entry);
                return null;
            });
            GuiTestSupport.waitFor(30, "both metrics drawn", () -> view(w) != null && view(w).charts().size() == 2);
            ComparisonResultsView v = GuiTestSupport.onFx(() -> view(w));
            assertEquals("", GuiTestSupport.onFx(() -> v.model().errorProperty().get()));
            List<String> metrics = List.of("eval_win_rate", "eval_oracle_reward");
            for (int m = 0; m < 2; m++) {
                String metric = metrics.get(m);
                MetricChart c = GuiTestSupport.onFx(() -> v.charts().get(metrics.indexOf(metric)));
                assertEquals(metric + "  (n = 5 seeds per point)", c.title());
                assertEquals(List.of("entropy + certainty", "random"),
                        c.seriesList().stream().map(SeriesData::name).toList());
                YIntervalSeriesCollection bands = (YIntervalSeriesCollection) c.chart().getXYPlot()
                        .getDataset(ComparisonResultsView.BAND_DATASET);
                assertEquals(2, bands.getSeriesCount());
                for (int a = 0; a < 2; a++) {
                    SeriesData s = c.seriesList().get(a);
                    assertEquals(5, s.size(), metric + " " + s.name());
                    for (int i = 0; i < s.size(); i++) {
                        double[] want = expected.get(metric + "|" + s.name() + "|" + (long) s.x(i));
                        assertNotNull(want, metric + " " + s.name() + " x=" + s.x(i));
                        assertEquals(want[1], s.y(i), 1e-12, "mean");
                        assertEquals(want[1] - want[2], bands.getStartYValue(a, i), 1e-12, "band low");
                        assertEquals(want[1] + want[2], bands.getEndYValue(a, i), 1e-12, "band high");
                    }
                }
                assertEquals(5, GuiTestSupport.onFx(() -> v.tables().get(metrics.indexOf(metric)).getItems().size()));
            }
            assertEquals("0.987 ± 0.026 (n=5)", GuiTestSupport.onFx(() -> v.tables().get(0).getItems().get(4).cells()
                    .get(0)));
            GuiTestSupport.settle();
            Thread.sleep(500); // MetricChart redraws at a coming pulse
            GuiTestSupport.settle();
            GuiTestSupport.snapshot(w.stage().getScene().getRoot(), Pictures.file("compare-results.png"));
            String docs = System.getProperty("preflab.docs.out");
            if (docs != null) {
                Files.copy(Pictures.file("compare-results.png"), Path.of(docs).resolve("compare-results.png"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            GuiTestSupport.close(w, wb);
        }
    }

    @Test
    void theRunsInCompareRunsOpenInTheCompareViewByLabelsUsed() throws Exception {
        Path sample = TestProjects.copySample(tmp, "apl-vs-random");
        for (String run : List.of("entropy-certainty-seed-1-20261202-112706", "random-seed-1-20261202-112804")) {
            Path d = Files.createDirectories(sample.resolve("compare/runs").resolve(run).resolve("checkpoints"))
                    .getParent();
            Files.writeString(d.resolve("config.json"), "{\"name\":\"" + run + "\",\"method\":\"apl\"}");
            Files.writeString(d.resolve("metrics.jsonl"), "{\"step\":3,\"labels_used\":4,\"loss\":0.6}\n"
                    + "{\"step\":3,\"labels_used\":4,\"eval_win_rate\":0.5}\n"
                    + "{\"step\":6,\"labels_used\":8,\"loss\":0.5}\n"
                    + "{\"step\":6,\"labels_used\":8,\"eval_win_rate\":0.7}\n");
        }
        MainWindow w = GuiTestSupport.openWindow(tmp.resolve("recent.txt"));
        Workbench wb = GuiTestSupport.onFx(w::workbench);
        try {
            GuiTestSupport.onFx(() -> {
                w.openComparison(sample);
                return null;
            });
            GuiTestSupport.waitFor(30, "the results read", () -> view(w) != null && view(w).charts().size() == 2);
            Button open = (Button) GuiTestSupport.onFx(() -> w.stage().getScene().lookup("#comparison-open-runs"));
            assertEquals("Open the 2 runs in Compare", GuiTestSupport.onFx(open::getText));
            assertFalse(GuiTestSupport.onFx(open::isDisabled));
            GuiTestSupport.onFx(() -> {
                open.fire();
                return null;
            });
            GuiTestSupport.waitFor(30, "the runs compared", () -> compareView(w) != null
                    && compareView(w).charts().size() == 2);
            CompareView c = GuiTestSupport.onFx(() -> compareView(w));
            assertTrue(GuiTestSupport.onFx(() -> ((RadioButton) c.lookup("#compare-by-labels")).isSelected()));
            MetricChart winRate = GuiTestSupport.onFx(() -> c.charts().get(0));
            assertEquals("eval_win_rate", winRate.title(), "the comparison's metric, not the default loss");
            assertEquals(8.0, winRate.seriesList().get(0).x(1), "by labels used");
            assertNotNull(GuiTestSupport.onFx(() -> c.lookup("#compare-open-comparison")), "and back to the results");
        } finally {
            GuiTestSupport.close(w, wb);
        }
    }

    private static Map<String, double[]> resultsCsv(Path sample) throws Exception {
        Map<String, double[]> out = new HashMap<>();
        for (String line : Files.readAllLines(sample.resolve("compare/results.csv")).subList(1, 21)) {
            String[] f = line.split(",");
            out.put(f[0] + "|" + f[2] + "|" + f[1], new double[] {Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5])});
        }
        return out;
    }

    private static ExplorerView explorer(MainWindow w) {
        return (ExplorerView) w.stage().getScene().lookup("#explorer");
    }

    private static ExplorerEntry comparisonEntry(MainWindow w) {
        ExplorerView e = explorer(w);
        return e == null || e.viewModel().comparisonSection().children().isEmpty() ? null
                : e.viewModel().comparisonSection().children().get(0);
    }

    private static ComparisonResultsView view(MainWindow w) {
        Node n = w.stage().getScene().lookup("#comparison-results");
        return n instanceof ComparisonResultsView v ? v : null;
    }

    private static CompareView compareView(MainWindow w) {
        return w.tabs().getTabs().stream().map(t -> t.getContent()).filter(CompareView.class::isInstance)
                .map(CompareView.class::cast).findFirst().orElse(null);
    }
}
