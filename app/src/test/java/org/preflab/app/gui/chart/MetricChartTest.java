package org.preflab.app.gui.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.GuiTestSupport;
import org.testfx.api.FxToolkit;

/** The chart headless: a 100,000-point series draws a few thousand points, zooming redraws from the full data. */
class MetricChartTest {
    @TempDir Path tmp;
    private Stage stage;
    private MetricChart chart;

    @BeforeEach
    void open() throws Exception {
        FxToolkit.registerPrimaryStage();
        chart = GuiTestSupport.onFx(() -> {
            MetricChart c = new MetricChart("loss");
            stage = new Stage();
            stage.setScene(new Scene(c, 900, 420));
            stage.show();
            return c;
        });
    }

    @AfterEach
    void close() throws Exception {
        GuiTestSupport.onFx(() -> {
            stage.hide();
            return null;
        });
    }

    private void fill(int n) throws Exception {
        GuiTestSupport.onFx(() -> {
            chart.addSeries("loss", SeriesStyle.LINE);
            chart.addSeries("eval_loss", SeriesStyle.POINTS);
            for (int i = 1; i <= n; i++) {
                chart.append("loss", i, 0.7 * Math.exp(-i / (double) n) + 0.05 * Math.sin(i * 0.37));
                if (i % 1000 == 0) {
                    chart.append("eval_loss", i, 0.7 * Math.exp(-i / (double) n) + 0.02);
                }
            }
            chart.setMarkers(List.of(new EventMarker(20_000, "checkpoint step 20000", "#2ca02c"),
                    new EventMarker(60_000, "health: gradient spike", "#d62728", true)));
            return null;
        });
        GuiTestSupport.settle();
    }

    @Test
    void hundredThousandPointsAreDrawnDownsampledAndZoomRedrawsFromFullData() throws Exception {
        fill(100_000);
        GuiTestSupport.waitFor(5, "the first redraw", () -> !chart.isDirty());
        int drawn = GuiTestSupport.onFx(chart::drawnPointCount);
        assertTrue(drawn < 4_500, "drawn " + drawn);
        assertTrue(drawn > 500, "drawn " + drawn);
        assertEquals(100_000, (int) GuiTestSupport.onFx(() -> chart.series("loss").orElseThrow().size()));

        // zoom into 1,000 steps: every point there is drawn (the range holds fewer than 4 per pixel column)
        GuiTestSupport.onFx(() -> {
            chart.chart().getXYPlot().getDomainAxis().setRange(new Range(50_000, 51_000));
            return null;
        });
        // redraws are spread over pulses, so wait for the one at the new range (an earlier one may still show)
        GuiTestSupport.waitFor(10, "the zoomed redraw", () -> {
            int n = ((XYPlot) chart.chart().getPlot()).getDataset(0).getItemCount(0);
            return n >= 1001 && n <= 1003;
        });
        int zoomed = GuiTestSupport.onFx(() -> ((XYPlot) chart.chart().getPlot()).getDataset(0).getItemCount(0));
        assertTrue(zoomed >= 1001 && zoomed <= 1003, "points drawn when zoomed: " + zoomed);

        // a redraw (recompute + paint) of the full view costs little FX-thread time; CPU time, not wall time,
        // so that other processes on a busy machine do not count
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] worst = GuiTestSupport.onFx(() -> {
            chart.chart().getXYPlot().getDomainAxis().setAutoRange(true);
            long maxCpu = 0;
            long maxWall = 0;
            for (int i = 0; i < 20; i++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                chart.redrawNow();
                if (i >= 5) { // after the JIT has compiled the drawing code
                    maxCpu = Math.max(maxCpu, mx.getCurrentThreadCpuTime() - c0);
                    maxWall = Math.max(maxWall, System.nanoTime() - t0);
                }
            }
            return new long[] {maxCpu, maxWall};
        });
        System.out.printf("MetricChart: 100,000 points, %d drawn, redraw max %.1f ms CPU (%.1f ms wall)%n",
                GuiTestSupport.onFx(chart::drawnPointCount), worst[0] / 1e6, worst[1] / 1e6);
        assertTrue(worst[0] < 60_000_000L, "redraw took " + worst[0] / 1e6 + " ms CPU");
        Path png = GuiTestSupport.snapshot(chart, Path.of("target/metric-chart-100k.png"));
        assertTrue(Files.size(png) > 5_000);
    }

    @Test
    void crosshairReadsValuesAndNearbyEvents() throws Exception {
        GuiTestSupport.onFx(() -> {
            chart.addSeries("loss", SeriesStyle.LINE);
            chart.append("loss", 10, 0.5);
            chart.append("loss", 20, 0.25);
            chart.setMarkers(List.of(new EventMarker(20, "checkpoint", "#2ca02c")));
            return null;
        });
        String text = GuiTestSupport.onFx(() -> chart.readoutText(chart.snap(19), 1));
        assertTrue(text.startsWith("step 20\nloss: 0.2500"), text);
        assertTrue(text.contains("checkpoint"), text);
    }

    @Test
    void logAxisDropsNonPositivePointsAndCsvPngExportWrite() throws Exception {
        GuiTestSupport.onFx(() -> {
            chart.addSeries("rewards/margins", SeriesStyle.LINE);
            chart.append("rewards/margins", 1, -0.5);
            chart.append("rewards/margins", 2, 0.5);
            chart.append("rewards/margins", 3, 1.5);
            chart.logYProperty().set(true);
            chart.redrawNow();
            return null;
        });
        int drawn = GuiTestSupport.onFx(() -> chart.chart().getXYPlot().getDataset(0).getItemCount(0));
        assertEquals(2, drawn);
        GuiTestSupport.onFx(() -> {
            chart.writeCsv(tmp.resolve("m.csv"));
            chart.writePng(tmp.resolve("m.png"), 800, 400);
            return null;
        });
        assertEquals(4, Files.readAllLines(tmp.resolve("m.csv")).size()); // all 3 points, the negative one too
        assertTrue(Files.size(tmp.resolve("m.png")) > 2_000);
    }
}
