package org.preflab.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.io.AtomicFiles;
import org.preflab.engine.io.HfWeights;
import org.preflab.engine.io.DType;
import org.preflab.engine.io.SafetensorsWriter;
import org.preflab.engine.runtime.DjlRuntime;
import org.preflab.engine.tensor.Views;

/**
 * Loads and saves Hugging Face model folders (config.json + model.safetensors or shards). f16/bf16 weights become
 * f32; every tensor is checked against the layout the config implies, and a problem names the file and tensor.
 */
public final class ModelIO {
    /** Files besides the weights that make a folder loadable by PrefLab and transformers alike. */
    public static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "generation_config.json", "chat_template.jinja");
    /** Shard size for saving; GPT-2-small-sized models fit one file. */
    public static final long MAX_SHARD_BYTES = 2L << 30;

    private ModelIO() {}

    public static TransformerLM load(Path dir, NDManager parent) throws IOException {
        DjlRuntime.engine();
        ModelConfig cfg = ModelConfig.load(dir);
        Path weightsFile = Files.exists(dir.resolve(HfWeights.SINGLE_FILE))
                ? dir.resolve(HfWeights.SINGLE_FILE) : dir.resolve(HfWeights.INDEX_FILE);
        if (!Files.exists(weightsFile)) {
            throw new ModelFormatException(dir, "no " + HfWeights.SINGLE_FILE + " or " + HfWeights.INDEX_FILE
                    + " (PrefLab reads safetensors weights only)");
        }
        // The layout is sized by config.json: check its sizes against the weights' headers before building it.
        ConfigSizes.checkAgainstWeights(cfg, dir.resolve("config.json"), weightsFile, HfWeights.shapes(dir));
        Map<String, long[]> layout = ParameterLayout.of(cfg);
        // Each tensor is read straight into the memory of its parameter, allocated as its header is met: no copy of
        // the model on the Java heap or in DJL's direct buffers (+0.9 GB of RSS for llama-135m before, issue 16).
        NDManager m = parent.newSubManager();
        Map<String, NDArray> found = new java.util.HashMap<>();
        Map<String, NDArray> packedViews = new java.util.HashMap<>();
        try {
            PackedProjections packed = cfg.family() == ModelFamily.LLAMA
                    ? PackedProjections.allocate(cfg, m, packedViews) : null;
            HfWeights.readFolderInto(dir, n -> ParameterLayout.canonicalName(cfg, n, layout) != null, t -> {
                String name = ParameterLayout.canonicalName(cfg, t.name(), layout);
                if (name == null) {
                    return null; // a buffer or a tied head stored anyway
                }
                long[] want = layout.get(name);
                if (want == null) {
                    throw new ModelFormatException(weightsFile, "unexpected tensor '" + t.name() + "' for a "
                            + cfg.family() + " model with " + cfg.layers() + " layers (is config.json right?)");
                }
                if (!java.util.Arrays.equals(want, t.shape())) {
                    throw new ModelFormatException(weightsFile, "tensor '" + t.name() + "' has shape "
                            + new Shape(t.shape()) + " but config.json implies " + new Shape(want));
                }
                NDArray view = packedViews.get(name); // a q/k/v or gate/up weight: its rows of the packed buffer
                NDArray a = view != null ? view : m.create(new Shape(want), DataType.FLOAT32); // the file fills it
                NDArray old = found.put(name, a);
                if (old != null && old != a) {
                    old.close(); // the same parameter under two names: the later one wins, as before
                }
                return a.toByteBuffer(true);
            });
            LinkedHashMap<String, NDArray> params = new LinkedHashMap<>();
            for (var e : layout.entrySet()) {
                NDArray a = found.get(e.getKey());
                if (a == null) {
                    throw new ModelFormatException(weightsFile, "missing tensor '" + e.getKey() + "' "
                            + new Shape(e.getValue()));
                }
                a.setName(e.getKey());
                params.put(e.getKey(), a);
            }
            return new TransformerLM(cfg, m, params, packed);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /**
     * Writes config.json and the weights (f32, Hugging Face names and layouts) into {@code dir}, each file
     * atomically, and copies the tokenizer files from {@code tokenizerSource} when given.
     */
    public static void save(TransformerLM lm, Path dir, Path tokenizerSource) throws IOException {
        Files.createDirectories(dir);
        List<SafetensorsWriter.Lazy> tensors = new java.util.ArrayList<>(); // written from libtorch's memory
        for (var e : lm.parameters().entrySet()) {
            NDArray a = e.getValue();
            tensors.add(new SafetensorsWriter.Lazy(e.getKey(), a.getShape().getShape(), () -> Views.floats(a)));
        }
        HfWeights.saveFolderLazily(dir, tensors, MAX_SHARD_BYTES, DType.F32);
        byte[] config = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(lm.config().raw());
        AtomicFiles.write(dir.resolve("config.json"), config);
        if (tokenizerSource != null && !tokenizerSource.toAbsolutePath().equals(dir.toAbsolutePath())) {
            for (String f : TOKENIZER_FILES) {
                Path src = tokenizerSource.resolve(f);
                if (Files.isRegularFile(src)) {
                    Path tmp = Files.createTempFile(dir, "." + f, ".tmp");
                    Files.copy(src, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, dir.resolve(f), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
