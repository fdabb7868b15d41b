package org.preflab.app.gui.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.GuiTestSupport;
import org.preflab.app.gui.Workbench;
import org.preflab.app.gui.shell.MainWindow;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.run.RunHandle;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.run.RunService;
import org.preflab.engine.run.RunState;
import org.preflab.engine.runtime.EngineThread;
import org.preflab.engine.train.StepMetrics;
import org.testfx.api.FxToolkit;

/**
 * Measures what the issue asks of the dashboard during a real training run of the sample project (40 steps):
 * the longest gap between JavaFX pulses (an AnimationTimer records the time between its handle() calls while
 * the run trains with the dashboard open; a pulse is due every 16.7 ms, so the gap is how long the FX thread was
 * busy or blocked), and training speed (mean tokens/s of the steps after warm-up) with the dashboard open against
 * the same config run headless before and after. The JavaFX threads' CPU time within each gap tells the
 * dashboard's own work from a busy machine's (other processes hold the FX thread off the CPU without it working).
 * Slow (two to eight minutes), so run on request:
 * {@code mvn -pl app test -Dtest=DashboardPerformanceTest -Dpreflab.measure=true}. Writes
 * target/dashboard-measure.txt.
 */
@EnabledIfSystemProperty(named = "preflab.measure", matches = "true")
class DashboardPerformanceTest {
    private static final int STEPS = Integer.getInteger("preflab.measure.steps", 300);
    @TempDir Path tmp;

    @Test
    void pulseGapsStayShortAndTrainingSpeedHoldsWithTheDashboardOpen() throws Exception {
        double headless1 = headless("h1");
        double[] gui = withDashboard(true);
        double headless2 = headless("h2");
        double headless = (headless1 + headless2) / 2;
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        String report = String.format(Locale.ROOT, "pulse gaps while training (%d pulses): max %.1f ms wall"
                + " (JavaFX threads' CPU within it %.1f ms), p99 %.1f ms; most CPU within one gap: %.1f ms FX"
                + " application thread, %.1f ms with the renderer%n"
                + "CPU per s of training: FX application thread %.0f ms, with the renderer %.0f ms%n"
                + "tokens/s: headless %.0f (runs: %.0f, %.0f), dashboard open %.0f (%.1f%% of headless)%n"
                + "load average %.1f on %d cores%n",
                (int) gui[2], gui[0], gui[4], gui[1], gui[8], gui[6], gui[7], gui[5], headless, headless1, headless2,
                gui[3], 100 * gui[3] / headless, load, cores);
        System.out.print(report);
        Files.writeString(Path.of("target/dashboard-measure.txt"), report);
        // the dashboard's own work never holds a pulse back 50 ms, whatever else the machine runs
        assertTrue(gui[8] < 50, report);
        if (load < cores) {
            // on a quiet machine the wall-clock figures are the dashboard's too; on a busy one they are the load's
            assertTrue(gui[0] < 50, report);
            assertTrue(gui[3] >= 0.9 * headless, report);
        }
    }

    /** Mean tokens/s of a run's steps after the first three (warm-up, reference cache). */
    private static double tokensPerSecond(Path runDir) throws Exception {
        List<StepMetrics> rows = RunLog.open(runDir).train();
        return rows.stream().skip(3).mapToDouble(r -> r.get(MetricNames.TOKENS_PER_S)).average().orElseThrow();
    }

    private double headless(String name) throws Exception {
        Path exp = DashboardFixtures.sampleCopy(tmp.resolve(name), STEPS, STEPS / 4, STEPS / 4);
        try (EngineThread engine = new EngineThread()) {
            RunHandle h = RunService.standard(engine).start(exp);
            var outcome = h.outcome().get(10, TimeUnit.MINUTES);
            assertTrue(outcome.state() == RunState.FINISHED, outcome.message());
            return tokensPerSecond(outcome.runDir());
        }
    }

    /**
     * {max gap ms, p99 gap ms, pulses, tokens/s, ...} of a run started and watched in a workbench window, after a
     * short unmeasured one (the JIT compiling the charts' code would otherwise be counted against the dashboard).
     */
    private double[] withDashboard(boolean warmUp) throws Exception {
        Path exp = DashboardFixtures.sampleCopy(tmp.resolve("gui"), STEPS, STEPS / 4, STEPS / 4);
        System.setProperty("preflab.recent", tmp.resolve("recent.txt").toString());
        FxToolkit.registerPrimaryStage();
        Workbench wb = new Workbench(new EngineThread());
        MainWindow window = GuiTestSupport.onFx(() -> {
            MainWindow w = new MainWindow(wb, new Stage());
            w.show();
            return w;
        });
        List<Long> gaps = Collections.synchronizedList(new ArrayList<>());
        // the longest gap and the JavaFX threads' CPU time within it; the most CPU time within any one gap
        long[] worst = {0, 0, 0, 0};
        boolean[] measuring = {false};
        java.util.function.BooleanSupplier[] training = {null}; // true once the measured run has ended
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        AnimationTimer timer = new AnimationTimer() {
            private long last;
            private long lastCpu;
            private long lastApp;
            private long renderer = -1;

            @Override
            public void handle(long now) {
                if (renderer < 0) {
                    renderer = threadId(mx, "QuantumRenderer");
                }
                long t = System.nanoTime();
                if (measuring[0] && training[0] != null && training[0].getAsBoolean()) {
                    measuring[0] = false; // the run ended: its notification is not training
                }
                long app = mx.getCurrentThreadCpuTime();
                long cpu = app + (renderer < 0 ? 0 : mx.getThreadCpuTime(renderer));
                if (measuring[0] && last != 0) {
                    gaps.add(t - last);
                    if (t - last > worst[0]) {
                        worst[0] = t - last;
                        worst[1] = cpu - lastCpu;
                    }
                    worst[2] = Math.max(worst[2], cpu - lastCpu);
                    worst[3] = Math.max(worst[3], app - lastApp);
                }
                last = t;
                lastCpu = cpu;
                lastApp = app;
            }
        };
        try {
            if (warmUp) {
                Path first = DashboardFixtures.sampleCopy(tmp.resolve("warm-up"), 30, 10, 10);
                GuiTestSupport.onFx(() -> {
                    window.startRun(first);
                    return null;
                });
                GuiTestSupport.waitFor(300, "the warm-up dashboard", () -> dashboard(window) != null);
                GuiTestSupport.waitFor(300, "the warm-up run to end", () -> dashboard(window).viewModel()
                        .stateProperty().get() != null && dashboard(window).viewModel().stateProperty().get().isFinal());
                GuiTestSupport.onFx(() -> {
                    window.tabs().getTabs().clear();
                    return null;
                });
            }
            GuiTestSupport.onFx(() -> {
                timer.start();
                window.startRun(exp);
                return null;
            });
            GuiTestSupport.waitFor(300, "the dashboard", () -> dashboard(window) != null);
            DashboardView d = dashboard(window);
            GuiTestSupport.waitFor(300, "the first points", () -> d.charts().containsKey("loss"));
            GuiTestSupport.onFx(() -> {
                training[0] = () -> d.viewModel().stateProperty().get().isFinal();
                measuring[0] = true;
                return null;
            });
            long cpu0 = fxCpuMs(mx);
            long app0 = cpuMs(mx, "JavaFX Application");
            long t0 = System.nanoTime();
            GuiTestSupport.waitFor(600, "the run to end", () -> d.viewModel().stateProperty().get().isFinal());
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            cpu0 = fxCpuMs(mx) - cpu0;
            long fxCpu = cpu0;
            long appCpu = cpuMs(mx, "JavaFX Application") - app0;
            GuiTestSupport.onFx(() -> {
                measuring[0] = false;
                timer.stop();
                return null;
            });
            GuiTestSupport.snapshot(window.stage().getScene().getRoot(), Path.of("target/dashboard-40-steps.png"));
            List<Long> sorted = new ArrayList<>(gaps);
            Collections.sort(sorted);
            double max = sorted.get(sorted.size() - 1) / 1e6;
            double p99 = sorted.get((int) (sorted.size() * 0.99)) / 1e6;
            return new double[] {max, p99, sorted.size(), tokensPerSecond(d.viewModel().runDir()), worst[1] / 1e6,
                    fxCpu / trainSeconds, worst[2] / 1e6, appCpu / trainSeconds, worst[3] / 1e6};
        } finally {
            GuiTestSupport.onFx(() -> {
                window.stage().hide();
                return null;
            });
            wb.close();
            wb.engine().close();
        }
    }

    /** CPU time of the JavaFX threads (application and renderer), in ms. */
    private static long fxCpuMs(java.lang.management.ThreadMXBean mx) {
        return cpuMs(mx, "JavaFX Application") + cpuMs(mx, "QuantumRenderer");
    }

    private static long threadId(java.lang.management.ThreadMXBean mx, String namePrefix) {
        for (java.lang.management.ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti != null && ti.getThreadName().startsWith(namePrefix)) {
                return ti.getThreadId();
            }
        }
        return -1;
    }

    private static long cpuMs(java.lang.management.ThreadMXBean mx, String namePrefix) {
        long ns = 0;
        for (java.lang.management.ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti != null && ti.getThreadName().startsWith(namePrefix)) {
                ns += Math.max(0, mx.getThreadCpuTime(ti.getThreadId()));
            }
        }
        return ns / 1_000_000;
    }

    private static DashboardView dashboard(MainWindow w) {
        for (Tab t : w.tabs().getTabs()) {
            if (t.getContent() instanceof DashboardView d) {
                return d;
            }
        }
        return null;
    }
}
