package org.preflab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** preflab export-trl and watch-trl from the command line (no Python needed: TRL's files are written by hand). */
class TrlCommandsTest {
    static final Path STORIES = Path.of(System.getProperty("preflab.shared"), "fixtures", "stories260k");
    @TempDir Path dir;

    /** {@code data}: extra keys of the data section (after a comma), e.g. {@code , "max_prompt_length": 16}. */
    private Path project(String method, String data) throws Exception {
        Files.writeString(dir.resolve("pairs.jsonl"), """
                {"instruction": "Tell a story.", "chosen": "Lily smiled.", "rejected": "Lily cried."}
                {"instruction": "Tell a story.", "input": "A dog.", "chosen": "The dog ran.", "rejected": "No."}
                {"instruction": "Say hi.", "chosen": "Hi there!", "rejected": "Go away."}
                """);
        Path exp = dir.resolve("experiment.json");
        Files.writeString(exp, "{\"name\": \"cli\", \"method\": \"" + method + "\", \"model\": \"" + STORIES
                + "\", \"data\": {\"train\": \"pairs.jsonl\", \"max_length\": 64" + data + "}}");
        return exp;
    }

    @Test
    void exportWritesTheFolderAndSaysWhatIsUnmapped() throws Exception {
        Path exp = project("dpo", ", \"max_prompt_length\": 16");
        CliRun run = CliRun.of("export-trl", exp.toString(), "--gpus", "2", "--deepspeed", "zero3");
        assertEquals(0, run.code(), run.out() + run.err());
        Path out = dir.resolve("trl/cli");
        assertTrue(run.out().contains("exported cli to " + out), run.out());
        assertTrue(run.out().contains("3 train pairs, 0 eval pairs"), run.out());
        assertTrue(run.out().contains("UNMAPPED (PrefLab settings TRL does not get):"), run.out());
        assertTrue(run.out().contains("  data.max_prompt_length = 16: "), run.out());
        // alpaca records in TRL's standard form, with PrefLab's prompt
        String train = Files.readString(out.resolve("train.jsonl"));
        assertTrue(train.contains("{\"prompt\":\"Tell a story.\\n\\nA dog.\\n\\n\",\"chosen\":\"The dog ran.\""),
                train);
        assertTrue(Files.readString(out.resolve("accelerate_config.yaml")).contains("zero_stage: 3"));
        assertTrue(Files.readString(out.resolve("dpo_config.yaml")).contains("#   data.max_prompt_length = 16: "));
    }

    @Test
    void exportRefusesWhatTrlCannotTrainWithTheReason() throws Exception {
        CliRun run = CliRun.of("export-trl", project("sft", "").toString());
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().startsWith("error: method sft trains with TRL's SFTTrainer"), run.err());
        CliRun cpuZero = CliRun.of("export-trl", project("dpo", "").toString(), "--gpus", "0", "--deepspeed", "zero2");
        assertEquals(2, cpuZero.code());
        assertTrue(cpuZero.err().contains("--deepspeed needs GPUs"), cpuZero.err());
        assertTrue(!Files.exists(dir.resolve("trl/cli/dpo_config.yaml")), "nothing written");
    }

    @Test
    void watchOncePrintsTheStepsEvaluationsAndEnd() throws Exception {
        Path out = Files.createDirectories(dir.resolve("x-trl"));
        Files.writeString(out.resolve("trainer_state.json"), "{\"global_step\": 2, \"max_steps\": 2, \"log_history\": ["
                + "{\"loss\": 0.6931, \"rewards/margins\": 0.0, \"step\": 1},"
                + "{\"loss\": 0.65, \"rewards/margins\": 0.1, \"step\": 2},"
                + "{\"eval_loss\": 0.6, \"eval_rewards/margins\": 0.2, \"step\": 2},"
                + "{\"train_runtime\": 3.2, \"train_loss\": 0.67, \"step\": 2}]}");
        CliRun run = CliRun.of("watch-trl", out.toString(), "--once");
        assertEquals(0, run.code(), run.err());
        String[] lines = run.out().split(System.lineSeparator());
        assertTrue(lines[0].contains("loss") && lines[0].contains("rewards/margins"), lines[0]);
        assertTrue(run.out().contains("     1       0.693100"), run.out());
        assertTrue(run.out().contains("     2       0.600000       0.200000") && run.out().contains("(eval)"),
                run.out());
        assertTrue(run.out().contains("[finished @2] TRL finished in 3.2 s"), run.out());
        CliRun missing = CliRun.of("watch-trl", dir.resolve("nothing").toString(), "--once");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("not a run folder"), missing.err());
    }
}
