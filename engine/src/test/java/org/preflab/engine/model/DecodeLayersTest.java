package org.preflab.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.runtime.SmallMatmul;
import org.preflab.engine.tensor.Views;
import org.preflab.engine.testing.Fixtures;

/**
 * A sampled token through every block in one native call ({@link DecodeLayers}) gives the logits of the same blocks
 * computed op by op, through the small products and through libtorch's: several rows left-padded to different
 * lengths (their own positions, masks and rotary rows), a KV cache that grows twice on the way, and a prompt of one
 * token (the first forward already a single token, the cache still empty).
 */
class DecodeLayersTest {
    @BeforeAll
    static void start() {
        DjlRuntime.engine();
        assertTrue(SmallMatmul.available(), SmallMatmul.status().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void oneCallMatchesTheBlocks(String fixture) throws Exception {
        long[][] prompts = {{5, 9, 2, 7}, {3}, {8, 1}};
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = load(fixture, root)) {
            assertTrue(lm.decodesInOneCall(), fixture);
            List<float[]> oneCall = decode(lm, root, prompts, 9);
            lm.useDecodeLayers(false);
            List<float[]> blocks = decode(lm, root, prompts, 9);
            lm.useSmallProducts(false);
            List<float[]> libtorch = decode(lm, root, prompts, 9);
            assertClose(blocks, oneCall, fixture + " (blocks through the small products)");
            assertClose(libtorch, oneCall, fixture + " (libtorch)");
        }
    }

    @Test
    void aOneTokenPromptStartsInOneCall() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = load("tiny-llama", root)) {
            List<float[]> oneCall = decode(lm, root, new long[][] {{4}}, 3);
            lm.useSmallProducts(false);
            assertClose(decode(lm, root, new long[][] {{4}}, 3), oneCall, "one-token prompt");
        }
    }

    /**
     * Shapes the fixtures lack: a head size (36) that is neither hidden / heads nor a multiple of the vector width, q,
     * k, v and output biases, 8 rows (the most the small products take), and products large enough to be split over
     * the OpenMP threads inside the one call. Weights drawn wide (std 0.2, biases too, norm gains around 1), so every
     * slot moves the logits.
     */
    @Test
    void anUnevenLlamaWithBiasesMatchesLibtorch() throws Exception {
        ModelConfig cfg = new ModelConfig(ModelFamily.LLAMA, 64, 320, 2, 8, 4, 36, 512, 128, 1e-5,
                Rope.plain(10000.0), true, true, true, 36, false, -1, -1, Map.of("model_type", "llama"));
        long[][] prompts = {{5, 9, 2, 7}, {3}, {8, 1}, {4, 4, 4}, {60}, {1, 2, 3, 4, 5}, {9, 8}, {7}};
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = wide(cfg, root)) {
            assertTrue(lm.decodesInOneCall());
            List<float[]> oneCall = decode(lm, root, prompts, 5);
            lm.useSmallProducts(false);
            assertClose(decode(lm, root, prompts, 5), oneCall, "uneven llama (libtorch)");
        }
    }

    /** A model of {@code cfg} with every weight redrawn in place, norm gains around 1 and the rest around 0. */
    private static TransformerLM wide(ModelConfig cfg, NDManager root) {
        TransformerLM lm = ModelFactory.randomInit(cfg, 16, root);
        SplittableRandom r = new SplittableRandom(16);
        lm.parameters().forEach((name, p) -> {
            FloatBuffer data = Views.floats(p);
            boolean gain = ParameterLayout.isNormWeight(name) && name.endsWith(".weight");
            for (int i = 0; i < data.capacity(); i++) {
                data.put(i, (gain ? 1f : 0f) + (float) (0.2 * r.nextGaussian()));
            }
        });
        return lm;
    }

    /**
     * Sampling between training steps, as the workbench does: the optimizer writes every weight in place (into the
     * packed buffers through their views) and the step ends with new handles ({@code dropGradients}); the next sampled
     * token must read the new weights, not the addresses or copies of the old.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void weightsWrittenInPlaceAndNewHandlesAreSeen(String fixture) throws Exception {
        long[][] prompts = {{5, 9, 2}, {3}};
        try (NDManager root = NDManager.newBaseManager(); TransformerLM lm = load(fixture, root)) {
            List<float[]> before = decode(lm, root, prompts, 2);
            for (int step = 0; step < 2; step++) {
                for (NDArray p : lm.parameters().values()) {
                    FloatBuffer f = Views.floats(p);
                    for (int i = 0; i < f.capacity(); i++) {
                        f.put(i, 1.2f * f.get(i) + 0.01f);
                    }
                }
                if (step == 1) { // the first time the same handles, as a restore in place; then new ones
                    lm.dropGradients();
                }
                List<float[]> oneCall = decode(lm, root, prompts, 2);
                assertFalse(Arrays.equals(before.get(2), oneCall.get(2)), "the step changed the logits");
                lm.useSmallProducts(false);
                assertClose(decode(lm, root, prompts, 2), oneCall, fixture + " after step " + step + " (libtorch)");
                lm.useSmallProducts(true);
                before = oneCall;
            }
        }
    }

    @Test
    void aCacheRefusesATokenOfAnotherShape() {
        try (NDManager root = NDManager.newBaseManager(); KvCache cache = new KvCache(root, 2, 4)) {
            Shape token = new Shape(3, 2, 1, 8);
            assertEquals(4, cache.reserve(token, DataType.FLOAT32, 1).length); // keys and values of 2 layers
            // native code writes by address: more rows, other heads or another type would land past the buffers
            for (Shape other : List.of(new Shape(4, 2, 1, 8), new Shape(3, 1, 1, 8), new Shape(3, 2, 1, 16))) {
                assertThrows(IllegalArgumentException.class, () -> cache.reserve(other, DataType.FLOAT32, 2),
                        other.toString());
            }
            assertThrows(IllegalArgumentException.class, () -> cache.reserve(token, DataType.FLOAT16, 2));
        }
    }

    @Test
    void gptNeoXKeepsItsBlocks() throws Exception {
        try (NDManager root = NDManager.newBaseManager();
                TransformerLM lm = load("tiny-neox/parallel", root)) {
            assertFalse(lm.decodesInOneCall());
        }
    }

    private static TransformerLM load(String fixture, NDManager root) throws Exception {
        Path local = Path.of("src/test/resources/fixtures", fixture);
        return Files.isDirectory(local) ? ModelIO.load(local, root) : Fixtures.model(fixture, root);
    }

    /**
     * Left-pads the prompts, runs them, then {@code steps} single tokens per row (fixed ids), in a cache that starts
     * with no room; returns every forward's last-position logits, (B * V) floats each.
     */
    static List<float[]> decode(TransformerLM lm, NDManager root, long[][] prompts, int steps) {
        int b = prompts.length;
        int longest = Arrays.stream(prompts).mapToInt(p -> p.length).max().orElseThrow();
        boolean[][] valid = new boolean[b][longest + steps];
        long[] ids = new long[b * longest];
        long[] pos = new long[b * longest];
        long[] next = new long[b];
        for (int r = 0; r < b; r++) {
            int pad = longest - prompts[r].length;
            for (int t = 0; t < longest; t++) {
                ids[r * longest + t] = t < pad ? prompts[r][0] : prompts[r][t - pad];
                pos[r * longest + t] = Math.max(0, t - pad);
                valid[r][t] = t >= pad;
            }
            next[r] = prompts[r].length;
        }
        List<float[]> out = new ArrayList<>();
        try (NDManager gen = root.newSubManager(); KvCache cache = new KvCache(gen, lm.config().layers())) {
            out.add(step(lm, gen, ids, pos, b, longest, 0, valid, cache));
            for (int n = 0; n < steps; n++) {
                long[] tok = new long[b];
                long[] tpos = new long[b];
                for (int r = 0; r < b; r++) {
                    tok[r] = (7L * n + 3L * r + 1) % lm.config().vocabSize();
                    tpos[r] = next[r]++;
                    valid[r][longest + n] = true;
                }
                out.add(step(lm, gen, tok, tpos, b, 1, longest + n, valid, cache));
            }
        }
        return out;
    }

    private static float[] step(TransformerLM lm, NDManager parent, long[] ids, long[] pos, int b, int t, int past,
            boolean[][] valid, KvCache cache) {
        try (NDManager m = parent.newSubManager()) {
            boolean[][] keys = new boolean[b][];
            for (int r = 0; r < b; r++) {
                keys[r] = Arrays.copyOf(valid[r], past + t);
            }
            NDArray h = lm.hidden(m.create(ids, new Shape(b, t)), m.create(pos, new Shape(b, t)),
                    AttentionMask.padded(m, past, t, keys), cache);
            return lm.logits(t == 1 ? h : h.get(":, -1:, :")).toFloatArray();
        }
    }

    private static void assertClose(List<float[]> expected, List<float[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            float worst = 0;
            float max = 0;
            for (int j = 0; j < expected.get(i).length; j++) {
                worst = Math.max(worst, Math.abs(expected.get(i)[j] - actual.get(i)[j]));
                max = Math.max(max, Math.abs(expected.get(i)[j]));
            }
            assertTrue(max > 0 && worst <= 1e-4 * Math.max(1, max), what + ", forward " + i + ": " + worst);
        }
    }
}
