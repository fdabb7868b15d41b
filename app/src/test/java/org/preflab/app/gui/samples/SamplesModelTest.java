package org.preflab.app.gui.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.app.run.ShortRuns;
import org.preflab.engine.data.PreferenceReader;
import org.preflab.engine.runtime.EngineThread;

/** Samples on a real short run: checkpoints and prompts found, both answers generated, a preference saved. */
class SamplesModelTest {
    @TempDir static Path tmp;
    private static Path run;
    private static EngineThread engineThread;
    private static Executor engine;

    @BeforeAll
    static void train() throws Exception {
        run = ShortRuns.dpo(tmp, "samples", 4, c -> {});
        engineThread = new EngineThread();
        engine = r -> engineThread.call(() -> {
            r.run();
            return null;
        });
    }

    @AfterAll
    static void stop() {
        engineThread.close();
    }

    @Test
    void findsTheRunsCheckpointsPromptsAndReference() {
        SamplesModel m = new SamplesModel(run, engine, ModelThreads.direct());
        m.load();
        assertEquals("", m.errorProperty().get());
        RunModels r = m.runProperty().get();
        assertEquals(List.of("checkpoints/step-000002", "checkpoints/step-000004"),
                m.policies().stream().map(r::label).toList());
        assertEquals(run.resolve("checkpoints/step-000004"), m.policyProperty().get(), "the newest by default");
        assertTrue(Files.isRegularFile(r.reference().resolve("config.json")), "the run's model: " + r.reference());
        assertTrue(m.prompts().size() >= 2 && m.prompts().size() <= 6, "the eval pairs' prompts: " + m.prompts());
        assertEquals(m.prompts().size(), m.prompts().stream().distinct().count(), "each once");
        assertTrue(m.promptProperty().get().startsWith("Once upon a time"));
        assertEquals(tmp.resolve("samples/data/labelled.jsonl"), r.labelFile(), "beside the project's runs folder");
    }

    @Test
    void generatesBothAnswersWithTheSameSeedAndSavesAPreference() throws Exception {
        SamplesModel m = new SamplesModel(run, engine, ModelThreads.direct());
        m.load();
        m.promptProperty().set("Once upon a time, there was a little girl named Lily.");
        m.maxNewTokensProperty().set(12);
        m.generate();
        assertEquals("", m.errorProperty().get());
        SideBySide.Answers first = m.answersProperty().get();
        assertNotNull(first);
        assertFalse(first.policy().isBlank() || first.reference().isBlank(), first.toString());
        assertFalse(m.busyProperty().get());
        m.generate();
        assertEquals(first, m.answersProperty().get(), "same seed, same answers");
        m.temperatureProperty().set(1.5);
        for (int seed = 2; seed < 20 && m.answersProperty().get().policy().equals(m.answersProperty().get().reference());
                seed++) {
            m.prefer(true);
            assertTrue(m.errorProperty().get().startsWith("The two answers are the same text"));
            assertFalse(m.savedProperty().get());
            m.seedProperty().set(seed);
            m.generate();
        }
        first = m.answersProperty().get();
        assertFalse(first.policy().equals(first.reference()), "some seed gives two different answers");

        Path file = m.runProperty().get().labelFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"prompt\":\"Hi\",\"chosen\":\" a\",\"rejected\":\" b\"}"); // no final newline
        m.prefer(true);
        assertTrue(m.savedProperty().get());
        m.prefer(false); // the same answers are saved once
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), "the earlier line kept, one added: " + lines);
        assertEquals("{\"prompt\":\"Hi\",\"chosen\":\" a\",\"rejected\":\" b\"}", lines.get(0));
        PreferenceReader.ReadResult read = PreferenceReader.read(file, null);
        assertTrue(read.allGood(), read.problems().toString());
        assertEquals(first.prompt(), read.records().get(1).prompt());
        assertEquals(first.policy(), read.records().get(1).chosen(), "chosen = the policy's answer");
        assertEquals(first.reference(), read.records().get(1).rejected());
        assertTrue(m.statusProperty().get().startsWith("Saved as pair 2 of "), m.statusProperty().get());
    }

    @Test
    void aSettingTheEngineRefusesIsShownAsItsMessage() {
        SamplesModel m = new SamplesModel(run, engine, ModelThreads.direct());
        m.load();
        m.topPProperty().set(0);
        m.generate();
        assertEquals("Generation failed: top_p 0.0 must be in (0, 1]", m.errorProperty().get());
        assertFalse(m.busyProperty().get());
        m.promptProperty().set(" ");
        m.generate();
        assertEquals("Type a prompt, or pick one of the run's.", m.errorProperty().get());
    }
}
