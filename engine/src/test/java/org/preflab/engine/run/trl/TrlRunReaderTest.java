package org.preflab.engine.run.trl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.run.RunEvent;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.run.RunState;

/** A TRL output folder written step by step, as transformers' Trainer and train_dpo.py write it. */
class TrlRunReaderTest {
    @TempDir Path tmp;

    static String entry(int step, double loss) {
        return String.format(java.util.Locale.ROOT, "{\"epoch\": %.2f, \"grad_norm\": 1.5, \"learning_rate\": 1e-4, "
                + "\"logps/chosen\": -40.0, \"loss\": %.4f, \"rewards/accuracies\": 0.5, \"rewards/margins\": 0.01, "
                + "\"step\": %d}", step / 7.0, loss, step);
    }

    static String evalEntry(int step) {
        return "{\"epoch\": 0.7, \"eval_loss\": 0.69, \"eval_rewards/margins\": 0.02, \"eval_runtime\": 0.4, "
                + "\"eval_samples_per_second\": 20.0, \"step\": " + step + "}";
    }

    static String summary(int step) {
        return "{\"epoch\": 3.0, \"step\": " + step + ", \"total_flos\": 0.0, \"train_loss\": 0.68, "
                + "\"train_runtime\": 12.5, \"train_samples_per_second\": 40.0, \"train_steps_per_second\": 1.6}";
    }

    static String state(int maxSteps, List<String> entries) {
        int step = entries.isEmpty() ? 0 : Integer.parseInt(entries.get(entries.size() - 1)
                .replaceAll(".*\"step\": (\\d+).*", "$1"));
        return "{\"global_step\": " + step + ", \"max_steps\": " + maxSteps + ", \"log_history\": ["
                + String.join(", ", entries) + "], \"logging_steps\": 1}";
    }

    private void write(Path dir, String text) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("trainer_state.json"), text, StandardCharsets.UTF_8);
    }

    @Test
    void followsTheLogHistoryAsItGrows() throws Exception {
        Path out = tmp.resolve("x-trl");
        TrlRunReader r = new TrlRunReader(out);
        assertFalse(TrlRunReader.isTrlRun(out));
        assertTrue(r.poll().rows().isEmpty());

        List<String> h = new ArrayList<>();
        write(out, state(21, h));
        assertTrue(TrlRunReader.isTrlRun(out));
        TrlRunReader.Update start = r.poll();
        assertEquals(List.of(RunEvent.STARTED), start.events().stream().map(RunEvent::type).toList());
        assertEquals(21, start.events().get(0).data().get("total_steps"));

        h.add(entry(1, 0.6931));
        h.add(entry(2, 0.6925));
        write(out, state(21, h));
        TrlRunReader.Update two = r.poll();
        assertEquals(List.of(1, 2), two.rows().stream().map(m -> m.step()).toList());
        assertEquals(0.6931, two.rows().get(0).get("loss"), 1e-12);
        assertEquals(-40.0, two.rows().get(0).get("logps/chosen"), 1e-12);
        assertTrue(two.events().isEmpty());
        assertEquals(RunState.RUNNING, r.state());

        // half-written: nothing new, nothing lost; the whole file is read at the next poll
        String full = state(21, List.of(h.get(0), h.get(1), entry(3, 0.69), evalEntry(3)));
        Files.writeString(out.resolve("trainer_state.json"), full.substring(0, full.length() / 2));
        TrlRunReader.Update torn = r.poll();
        assertTrue(torn.rows().isEmpty() && !torn.restarted());
        Files.writeString(out.resolve("trainer_state.json"), full);
        TrlRunReader.Update three = r.poll();
        assertEquals(2, three.rows().size());
        assertEquals(3, three.rows().get(0).step());
        assertEquals(java.util.Set.of("eval_loss", "eval_rewards/margins"), three.rows().get(1).values().keySet(),
                "an eval row keeps its eval_ values only (no epoch, no timing)");

        write(out.resolve("checkpoint-3"), full);
        assertEquals(List.of(RunEvent.CHECKPOINT), r.poll().events().stream().map(RunEvent::type).toList());
        assertEquals(List.of(out.resolve("checkpoint-3")), r.checkpoints());
        assertTrue(r.poll().events().isEmpty(), "a checkpoint is reported once");

        List<String> done = new ArrayList<>(List.of(h.get(0), h.get(1), entry(3, 0.69), evalEntry(3),
                summary(3)));
        write(out, state(21, done));
        TrlRunReader.Update end = r.poll();
        assertTrue(end.rows().isEmpty(), "the summary is not a step");
        assertEquals(RunEvent.FINISHED, end.events().get(0).type());
        assertTrue(end.events().get(0).message().contains("12.5 s"), end.events().get(0).message());
        assertEquals(RunState.FINISHED, r.state());
    }

    @Test
    void aRewrittenHistoryIsReadAgainFromTheStart() throws Exception {
        Path out = tmp.resolve("again");
        TrlRunReader r = new TrlRunReader(out);
        write(out, state(5, List.of(entry(1, 0.69), entry(2, 0.68))));
        assertEquals(2, r.poll().rows().size());
        write(out, state(5, List.of(entry(1, 0.70))));  // the same output_dir trained again
        TrlRunReader.Update u = r.poll();
        assertTrue(u.restarted());
        assertEquals(1, u.rows().size());
        assertEquals(0.70, u.rows().get(0).get("loss"), 1e-12);
    }

    @Test
    void aCheckpointAloneIsEnough() throws Exception {
        // a run of any TRL script (no live trainer_state.json): the newest checkpoint's history is read
        Path out = tmp.resolve("plain");
        write(out.resolve("checkpoint-2"), state(4, List.of(entry(1, 0.69), entry(2, 0.68))));
        write(out.resolve("checkpoint-4"), state(4, List.of(entry(1, 0.69), entry(2, 0.68), entry(3, 0.67),
                entry(4, 0.66))));
        TrlRunReader.Update u = new TrlRunReader(out).poll();
        assertEquals(4, u.rows().size());
        assertEquals(List.of(2, 4), u.events().stream().filter(e -> e.type().equals(RunEvent.CHECKPOINT))
                .map(RunEvent::step).toList());
    }

    @Test
    void runLogReadsATrlFolderLikeARunFolder() throws Exception {
        Path export = tmp.resolve("export");
        Path out = export.resolve("x-trl");
        Files.createDirectories(export);
        Files.writeString(export.resolve(TrlRunReader.EXPORT_INFO), "{\"experiment\": {\"name\": \"x\", \"method\": "
                + "\"dpo\", \"model\": \"/m\", \"data\": {\"train\": \"/p.jsonl\"}}, \"data\": {\"data/train_pairs\": "
                + "56, \"data/eval_pairs\": 8, \"data/truncated\": 0, \"data/dropped\": 0}}");
        write(out, state(21, List.of(entry(1, 0.69), evalEntry(1))));
        Files.writeString(out.resolve("config.json"), "{\"model_type\": \"llama\"}"); // the saved model's
        Files.createDirectories(out.resolve("checkpoints"));
        assertTrue(RunLog.isReadable(out));
        assertFalse(RunLog.isRunFolder(out));
        RunLog log = RunLog.open(out);
        assertTrue(log.isTrl());
        assertEquals(1, log.train().size());
        assertEquals(1, log.evals().size());
        assertEquals(56.0, log.dataCounts().orElseThrow().values().get("data/train_pairs"));
        assertEquals(21, log.totalSteps());
        assertEquals("trl", log.configTree().path("trainer").asText());
        assertEquals("x", log.config().name());
        assertEquals("trl", log.provenance().path("trainer").asText());

        write(out, state(21, List.of(entry(1, 0.69), evalEntry(1), entry(2, 0.68))));
        RunLog.Update u = log.poll();
        assertEquals(1, u.train().size());
        assertEquals(2, log.train().size());
    }
}
