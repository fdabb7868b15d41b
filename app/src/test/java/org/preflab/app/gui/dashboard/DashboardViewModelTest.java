package org.preflab.app.gui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.chart.EventMarker;
import org.preflab.engine.run.RunControl;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.run.RunOutcome;
import org.preflab.engine.run.RunState;
import org.preflab.engine.train.StepMetrics;

/** The dashboard's logic without a window: history and live rows, state and controls, failures, following. */
class DashboardViewModelTest {
    @TempDir Path tmp;
    private final DashboardFixtures.FakeAccess access = new DashboardFixtures.FakeAccess();
    private final List<String> notices = new ArrayList<>();
    private DashboardViewModel vm;

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    private DashboardViewModel open(Path run) {
        vm = new DashboardViewModel(run, access, notices::add, drain -> () -> {});
        vm.open();
        return vm;
    }

    /** Drains until {@code condition} holds (the folder watcher reads on its own thread). */
    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            vm.drain();
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private Path historyFolder() throws IOException {
        return DashboardFixtures.runFolder(tmp, List.of(
                "{\"step\":0,\"data/train_pairs\":56,\"data/eval_pairs\":8,\"data/truncated\":1,\"data/dropped\":0}",
                DashboardFixtures.row(1, 0.69, 100), DashboardFixtures.row(2, 0.6, 200),
                DashboardFixtures.row(3, 0.5, 300), "{\"step\":2,\"eval_loss\":0.65,\"eval_rewards/margins\":0.1}"),
                List.of(DashboardFixtures.event(2, "checkpoint", "saved step-000002", "{\"path\":\"checkpoints/step-000002\"}"),
                        DashboardFixtures.event(3, "health:grad_spike", "grad spike",
                                "{\"kind\":\"grad_spike\",\"explanation\":\"grad_norm jumped\",\"fix\":\"lower the lr\"}"),
                        DashboardFixtures.event(3, "evaluation", "eval on 8 pairs", null)));
    }

    @Test
    void historyThenLiveRowsMakeTheSeriesTheChartsShow() throws Exception {
        access.live = new DashboardFixtures.FakeLive();
        open(historyFolder());
        await("history", () -> vm.store().points("loss").size() == 3);
        // the live run's listener was attached before the history was read
        RunListener l = access.live.listeners.get(0);
        l.onMetrics(new StepMetrics(3, Map.of("loss", 0.5, "num_tokens", 300.0))); // heard live and read: once
        l.onMetrics(new StepMetrics(4, Map.of("loss", 0.4, "num_tokens", 400.0, "spo/loss", 0.3)));
        vm.drain();
        MetricStore s = vm.store();
        assertEquals(4, s.points("loss").size());
        assertEquals(0.4, s.points("loss").value(3));
        assertEquals(List.of("loss", "rewards/margins", "num_tokens", "spo/loss", "tokens_per_s", "epoch").stream()
                .sorted().toList(), s.charts().stream().sorted().toList());
        assertEquals("loss", s.charts().get(0)); // TRL's order first
        assertEquals("spo/loss", s.charts().get(s.charts().size() - 1)); // others after
        assertEquals(List.of("loss", "eval_loss"), s.seriesOf("loss"));
        assertEquals(300.0, s.x(3, MetricStore.XAxis.TOKENS));
        assertEquals("56 train pairs · 8 eval · 1 truncated · 0 dropped", vm.dataTextProperty().get());
        assertEquals("step 4 of 20", vm.stepTextProperty().get());
        assertEquals("1,000 tokens/s", vm.throughputProperty().get());
        // markers: the checkpoint and the health finding (not the evaluation), each kind its colour
        List<EventMarker> m = vm.markers();
        assertEquals(2, m.size());
        assertEquals(EventStyle.CHECKPOINT, m.get(0).color());
        assertEquals(EventStyle.HEALTH, m.get(1).color());
        assertEquals("grad_spike", vm.health().get(0).detail("kind"));
        vm.selectedEventProperty().set(vm.health().get(0));
        assertTrue(vm.markers().get(1).emphasised());
    }

    @Test
    void aResumedRunsReplayedStepsReplaceTheOldOnes() {
        MetricStore s = new MetricStore();
        for (int i = 1; i <= 6; i++) {
            s.add(new StepMetrics(i, Map.of("loss", (double) i)));
        }
        int rewrites = s.rewrites();
        s.add(new StepMetrics(5, Map.of("loss", 50.0)));
        assertEquals(5, s.points("loss").size());
        assertEquals(50.0, s.points("loss").value(4));
        assertTrue(s.rewrites() > rewrites, "charts must redraw from scratch");
    }

    @Test
    void theWinRateComesFirstWithItsIntervalAndTheStartingModelsRewardInItsChart() {
        MetricStore s = new MetricStore();
        s.add(new StepMetrics(1, Map.of("loss", 0.69, "rewards/margins", 0.0)));
        s.add(new StepMetrics(2, Map.of("eval_win_rate", 0.8, "eval_win_rate/low", 0.7, "eval_win_rate/high", 0.9,
                "eval_oracle_reward", 4.0, "eval_oracle_reward/reference", 2.0, "eval_kl/sequence", 3.0)));
        assertEquals(java.util.List.of("win_rate", "oracle_reward", "loss", "rewards/margins", "kl/sequence"),
                s.charts());
        assertEquals(java.util.List.of("eval_win_rate", "eval_win_rate/low", "eval_win_rate/high"),
                s.seriesOf("win_rate"));
        assertEquals(java.util.List.of("eval_oracle_reward", "eval_oracle_reward/reference"),
                s.seriesOf("oracle_reward"));
        assertTrue(MetricStore.isCompanionSeries("eval_win_rate/low"));
        assertFalse(MetricStore.isCompanionSeries("eval_win_rate"));
    }

    @Test
    void stateDecidesWhichControlsAreEnabled() throws Exception {
        access.live = new DashboardFixtures.FakeLive();
        open(historyFolder());
        await("history", () -> vm.store().points("loss").size() == 3);
        vm.tick();
        assertEquals(RunState.RUNNING, vm.stateProperty().get());
        assertTrue(vm.canPauseProperty().get());
        assertTrue(vm.canStopProperty().get());
        assertTrue(vm.canForkProperty().get());
        assertFalse(vm.canResumeProperty().get());

        vm.pause();
        assertEquals(RunControl.Request.PAUSE, access.live.control.request());
        assertEquals(RunState.PAUSED, vm.stateProperty().get());
        assertFalse(vm.canPauseProperty().get());
        assertTrue(vm.canResumeProperty().get());
        vm.resume();
        assertEquals(RunControl.Request.RUN, access.live.control.request());
        assertEquals(RunState.RUNNING, vm.stateProperty().get());

        vm.stop();
        assertEquals(RunControl.Request.STOP, access.live.control.request());
        access.live.state = RunState.STOPPED;
        access.live.listeners.get(0).onFinish(RunOutcome.stopped(vm.runDir()));
        vm.drain();
        assertFalse(vm.canPauseProperty().get());
        assertFalse(vm.canStopProperty().get());
        assertTrue(vm.canResumeProperty().get(), "a stopped run with a checkpoint resumes");
        assertTrue(vm.canForkProperty().get());
        assertEquals(List.of("test-run stopped: stopped; continue with preflab resume " + vm.runDir()), notices);

        vm.resume(); // continues the stopped run in this window
        assertEquals(List.of(vm.runDir()), access.resumed);
        assertEquals(RunState.QUEUED, vm.stateProperty().get());
        assertFalse(vm.canForkProperty().get());
    }

    @Test
    void anEngineFailureShowsFailedWithItsMessage() throws Exception {
        access.live = new DashboardFixtures.FakeLive();
        open(historyFolder());
        await("history", () -> vm.store().points("loss").size() == 3);
        access.live.state = RunState.FAILED;
        access.live.listeners.get(0).onFinish(RunOutcome.failed(vm.runDir(), new IOException("disk full")));
        vm.drain();
        assertEquals(RunState.FAILED, vm.stateProperty().get());
        assertTrue(vm.failedProperty().get());
        assertEquals("disk full", vm.messageProperty().get());
        assertEquals(List.of("test-run failed: disk full"), notices);
        assertFalse(vm.canPauseProperty().get());
    }

    @Test
    void aRunWrittenByAnotherProcessIsFollowedUntilItEnds() throws Exception {
        Path run = historyFolder();
        // the other process holds the run's lock while it trains (a reader in this process sees the same)
        org.preflab.engine.run.RunLock writing = org.preflab.engine.run.RunLock.acquire(run);
        open(run); // no live run: the folder is followed
        await("history", () -> vm.store().points("loss").size() == 3);
        await("state from disk", () -> vm.stateProperty().get() == RunState.RUNNING); // its lock is held
        assertFalse(vm.canPauseProperty().get(), "a run of another process cannot be paused from here");
        Files.writeString(run.resolve("metrics.jsonl"), DashboardFixtures.row(4, 0.4, 400) + "\n",
                StandardOpenOption.APPEND);
        Files.writeString(run.resolve("events.jsonl"), DashboardFixtures.event(4, "failed", "out of memory", null)
                + "\n", StandardOpenOption.APPEND);
        writing.close(); // the process ends
        await("appended rows", () -> vm.store().points("loss").size() == 4);
        await("failure on disk", () -> vm.stateProperty().get() == RunState.FAILED);
        assertEquals("out of memory", vm.messageProperty().get());
        assertEquals(List.of("test-run failed: out of memory"), notices);
    }

    @Test
    void anUnreadableFolderIsAMessageNotAnException() throws Exception {
        open(tmp.resolve("no-such-run"));
        await("problem", () -> vm.failedProperty().get());
        assertTrue(vm.messageProperty().get().contains("not a run folder"), vm.messageProperty().get());
    }

    @Test
    void timeLeftComesFromRecentStepTimes() {
        Progress p = new Progress();
        assertEquals("", p.timeLeft(10));
        for (int i = 1; i <= 30; i++) {
            p.step(i, i * 2_000_000_000L); // 2 s a step
        }
        assertEquals(2.0, p.secondsPerStep(), 1e-9);
        assertEquals("3 min 20 s", p.timeLeft(100));
        assertEquals("1 h 06 min", Progress.duration(3960));
    }
}
