package org.preflab.app.gui.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.preflab.engine.compute.Generator;
import org.preflab.engine.compute.SamplingConfig;
import org.preflab.engine.model.ModelIO;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.runtime.EngineThread;
import org.preflab.engine.tokenize.TextTokenizer;

/** The checkpoint view's facts for the stories260k fixture, and generation streamed token by token. */
class CheckpointViewModelTest {
    private static final Path MODEL = Path.of(System.getProperty("preflab.shared"), "fixtures", "stories260k")
            .toAbsolutePath().normalize();
    private static EngineThread engine;

    @BeforeAll
    static void start() {
        engine = new EngineThread();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void factsOfStories260k() {
        CheckpointFacts f = CheckpointFacts.read(MODEL);
        assertNull(f.problem());
        Map<String, String> facts = Map.ofEntries(f.facts().toArray(Map.Entry[]::new));
        assertEquals("llama (llama architecture)", facts.get("Family"));
        assertTrue(facts.get("Parameters").endsWith("(260K)"), facts.get("Parameters"));
        assertEquals("512 tokens", facts.get("Context"));
        assertEquals("512", facts.get("Tokenizer vocabulary"));
        assertEquals("<s>  (id 1)", facts.get("BOS"));
        assertEquals("</s>  (id 2)", facts.get("EOS"));
        assertTrue(f.config().contains(Map.entry("model_type", "llama")));
        assertTrue(f.config().contains(Map.entry("num_hidden_layers", "5")));
    }

    @Test
    void aFolderWithoutConfigSaysWhich() {
        CheckpointFacts f = CheckpointFacts.read(MODEL.getParent());
        assertTrue(f.problem().contains("config.json"), f.problem());
    }

    @Test
    void generationStreamsEachTokenAndEndsWithTheEnginesText() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CheckpointViewModel vm = new CheckpointViewModel(MODEL, engine, drain -> drain, Runnable::run, Runnable::run);
        vm.outputProperty().addListener((o, a, b) -> seen.add(b));
        vm.promptProperty().set("Once upon a time");
        vm.temperatureProperty().set(0.0);
        vm.maxNewTokensProperty().set(20);
        vm.generate();
        engine.call(() -> null); // the generation queued before this has finished
        assertFalse(vm.generatingProperty().get());
        assertEquals("", vm.errorProperty().get());

        String expected = engine.call(() -> {
            try (var root = ai.djl.ndarray.NDManager.newBaseManager(); TransformerLM lm = ModelIO.load(MODEL, root);
                    TextTokenizer tok = TextTokenizer.load(MODEL)) {
                long[] ids = tok.encode("Once upon a time", true);
                var g = Generator.generate(lm, root, List.of(ids),
                        new SamplingConfig(0, 40, 0.95, 20, tok.specialTokens().stopIds(), 1)).get(0);
                return tok.decode(g.tokens(), true);
            }
        });
        assertEquals(expected, vm.outputProperty().get());
        assertTrue(seen.size() >= 5, "text grew token by token: " + seen);
        assertTrue(expected.startsWith(seen.get(0)), "the first update is the start of the text");
        assertTrue(vm.statusProperty().get().matches("\\d+ tokens in .*"), vm.statusProperty().get());
        vm.close();
    }

    @Test
    void stopEndsAfterTheCurrentTokenAndBadSettingsAreRefused() throws Exception {
        CheckpointViewModel vm = new CheckpointViewModel(MODEL, engine, drain -> drain, Runnable::run, Runnable::run);
        vm.topPProperty().set(1.5);
        vm.generate();
        assertEquals("top_p 1.5 must be in (0, 1]", vm.errorProperty().get());
        assertFalse(vm.generatingProperty().get());

        vm.topPProperty().set(0.9);
        vm.maxNewTokensProperty().set(400);
        vm.outputProperty().addListener((o, a, b) -> vm.stop()); // stop as soon as the first token arrives
        vm.generate();
        engine.call(() -> null);
        assertTrue(vm.statusProperty().get().startsWith("1 tokens in") && vm.statusProperty().get().endsWith("stopped"),
                vm.statusProperty().get());

        vm.maxNewTokensProperty().set(600);
        vm.generate();
        engine.call(() -> null);
        assertTrue(vm.errorProperty().get().contains("exceeds the model's context of 512"), vm.errorProperty().get());
        vm.close();
    }
}
