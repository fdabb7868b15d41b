package org.preflab.engine.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The weights of a Hugging Face model folder: one {@code model.safetensors}, or shards
 * {@code model-00001-of-0000N.safetensors} listed by {@code model.safetensors.index.json}
 * ({@code {"metadata": {...}, "weight_map": {tensor: shard}}}).
 */
public final class HfWeights {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    private static final Pattern SHARD_NAME = Pattern.compile("model-\\d{5}-of-\\d{5}\\.safetensors");

    private HfWeights() {}

    /** Loads every tensor of the folder as float32. */
    public static LinkedHashMap<String, Tensor> loadFolder(Path dir) throws IOException {
        return loadFolder(dir, name -> true);
    }

    /**
     * Loads the tensors {@code include} accepts. {@code model.safetensors} wins over an index, as in transformers.
     * With an index, the result follows the weight_map's order and holds exactly the tensors it lists (a tensor a
     * shard holds but the index does not list is ignored: the index is what transformers trusts).
     */
    public static LinkedHashMap<String, Tensor> loadFolder(Path dir, Predicate<String> include) throws IOException {
        Path single = dir.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return SafetensorsReader.read(single, include).tensors();
        }
        Path index = indexOf(dir);
        Map<String, String> weightMap = readWeightMap(index);
        Map<String, Tensor> loaded = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : shardsToRead(dir, index, weightMap, include).entrySet()) {
            String shard = e.getKey();
            Map<String, Tensor> got = SafetensorsReader.read(dir.resolve(shard),
                    name -> shard.equals(weightMap.get(name)) && include.test(name)).tensors();
            checkListed(index, shard, e.getValue(), got.keySet());
            loaded.putAll(got);
        }
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (String name : weightMap.keySet()) {
            Tensor t = loaded.get(name);
            if (t != null) {
                out.put(name, t);
            }
        }
        return out;
    }

    /**
     * Reads the tensors {@code include} accepts straight into the buffers {@code sink} gives
     * ({@link SafetensorsReader#readInto}), file by file, with {@link #loadFolder}'s rules for single files, indexes
     * and missing shards.
     */
    public static void readFolderInto(Path dir, Predicate<String> include, SafetensorsReader.Sink sink)
            throws IOException {
        Path single = dir.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            SafetensorsReader.readInto(single, include, sink);
            return;
        }
        Path index = indexOf(dir);
        Map<String, String> weightMap = readWeightMap(index);
        for (Map.Entry<String, List<String>> e : shardsToRead(dir, index, weightMap, include).entrySet()) {
            String shard = e.getKey();
            java.util.Set<String> seen = new java.util.HashSet<>();
            SafetensorsReader.readInto(dir.resolve(shard), name -> shard.equals(weightMap.get(name))
                    && include.test(name), t -> {
                        seen.add(t.name());
                        return sink.target(t);
                    });
            checkListed(index, shard, e.getValue(), seen);
        }
    }

    /** The folder's index file; fails when there is neither a single weights file nor an index. */
    private static Path indexOf(Path dir) throws SafetensorsException {
        Path index = dir.resolve(INDEX_FILE);
        if (!Files.isRegularFile(index)) {
            throw new SafetensorsException(dir, "no " + SINGLE_FILE + " or " + INDEX_FILE + " in this folder");
        }
        return index;
    }

    /** The shards holding tensors {@code include} accepts, in weight_map order, with their names; each must exist. */
    private static Map<String, List<String>> shardsToRead(Path dir, Path index, Map<String, String> weightMap,
            Predicate<String> include) throws SafetensorsException {
        Map<String, List<String>> byShard = new LinkedHashMap<>();
        weightMap.forEach((name, shard) -> {
            if (include.test(name)) {
                byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(name);
            }
        });
        for (Map.Entry<String, List<String>> e : byShard.entrySet()) {
            List<String> names = e.getValue();
            if (!Files.isRegularFile(dir.resolve(e.getKey()))) {
                throw new SafetensorsException(index, "shard '" + e.getKey() + "' (holding tensor '" + names.get(0)
                        + "'" + (names.size() > 1 ? " and " + (names.size() - 1) + " more" : "") + ") does not exist");
            }
        }
        return byShard;
    }

    /** Every tensor the index lists in {@code shard} must have been found in that file. */
    private static void checkListed(Path index, String shard, List<String> names, java.util.Set<String> found)
            throws SafetensorsException {
        for (String name : names) {
            if (!found.contains(name)) {
                throw new SafetensorsException(index, "tensor '" + name + "' is listed in shard '" + shard
                        + "' but that file does not contain it");
            }
        }
    }

    /**
     * The name and shape of every tensor the folder's weights hold, from the safetensors headers alone (no tensor
     * data is read), so that config.json's sizes can be checked before anything is allocated. With an index, the
     * tensors it lists in shards that exist; a missing shard is {@link #loadFolder}'s to report.
     */
    public static LinkedHashMap<String, long[]> shapes(Path dir) throws IOException {
        LinkedHashMap<String, long[]> out = new LinkedHashMap<>();
        Path single = dir.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            SafetensorsReader.readHeader(single).tensors().forEach(t -> out.put(t.name(), t.shape()));
            return out;
        }
        Path index = indexOf(dir);
        Map<String, String> weightMap = readWeightMap(index);
        Map<String, Map<String, long[]>> byShard = new LinkedHashMap<>();
        for (String shard : new java.util.LinkedHashSet<>(weightMap.values())) {
            Path file = dir.resolve(shard);
            if (!Files.isRegularFile(file)) continue;
            Map<String, long[]> shapes = new LinkedHashMap<>();
            SafetensorsReader.readHeader(file).tensors().forEach(t -> shapes.put(t.name(), t.shape()));
            byShard.put(shard, shapes);
        }
        weightMap.forEach((name, shard) -> {
            long[] shape = byShard.getOrDefault(shard, Map.of()).get(name);
            if (shape != null) out.put(name, shape);
        });
        return out;
    }

    private static Map<String, String> readWeightMap(Path index) throws IOException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(index));
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(index, "not valid JSON: " + Json.problem(e), e);
        }
        JsonNode wm = root == null ? null : root.get("weight_map");
        if (wm == null || !wm.isObject()) {
            throw new SafetensorsException(index, "has no \"weight_map\" object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : wm.properties()) {
            String shard = e.getValue().isTextual() ? e.getValue().asText() : null;
            // A shard must be a plain file name next to the index: "../x" or "/etc/x" would read outside the folder.
            if (shard == null || shard.isEmpty() || shard.equals(".") || shard.equals("..")
                    || shard.contains("/") || shard.contains("\\")) {
                throw new SafetensorsException(index, "tensor '" + e.getKey() + "' maps to " + e.getValue()
                        + ", which is not a file name in this folder");
            }
            out.put(e.getKey(), shard);
        }
        return out;
    }

    /** Saves as float32; see {@link #saveFolder(Path, Map, long, DType)}. */
    public static List<Path> saveFolder(Path dir, Map<String, Tensor> tensors, long maxShardBytes)
            throws IOException {
        return saveFolder(dir, tensors, maxShardBytes, DType.F32);
    }

    /**
     * Saves the tensors as {@code model.safetensors} if their data (in {@code dtype}) fits in
     * {@code maxShardBytes}, else as shards of at most that size (a larger tensor gets a shard of its own), filled in
     * sorted-name order, plus the index. Returns the files written, index last.
     *
     * <p>Each file is replaced atomically and the index is written after all shards, but the folder as a whole is
     * not: overwriting a sharded checkpoint in place can, after a crash, leave the old index pointing at some new
     * shards. Save to a fresh folder and rename it when that matters. Weight files of a previous save that the new
     * layout does not use (a {@code model.safetensors} that would shadow the new index, stale shards, a stale index)
     * are deleted afterwards.
     */
    public static List<Path> saveFolder(Path dir, Map<String, Tensor> tensors, long maxShardBytes, DType dtype)
            throws IOException {
        List<SafetensorsWriter.Lazy> lazy = new ArrayList<>();
        for (Tensor t : SafetensorsWriter.sortedTensors(tensors)) { // checks each key against its tensor's name
            lazy.add(SafetensorsWriter.Lazy.ofArray(t.name(), t.shape(), t::data));
        }
        return saveFolderLazily(dir, lazy, maxShardBytes, dtype);
    }

    /**
     * As {@link #saveFolder(Path, Map, long, DType)}, each tensor's values fetched only when it is written (a model
     * saved from libtorch's memory never has a copy in Java: a whole llama-135m at once raised a run's final
     * checkpoint 0.7 GB above its training peak, issue 16).
     */
    public static List<Path> saveFolderLazily(Path dir, List<SafetensorsWriter.Lazy> tensors, long maxShardBytes,
            DType dtype) throws IOException {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be positive: " + maxShardBytes);
        }
        List<SafetensorsWriter.Lazy> sorted = new ArrayList<>(tensors);
        sorted.sort(java.util.Comparator.comparing(SafetensorsWriter.Lazy::name, SafetensorsWriter.NAME_ORDER));
        Files.createDirectories(dir);
        List<List<SafetensorsWriter.Lazy>> shards = new ArrayList<>();
        long total = 0;
        long current = 0;
        for (SafetensorsWriter.Lazy t : sorted) {
            long bytes = Tensor.numel(t.shape()) * dtype.bytes();
            if (shards.isEmpty() || (current > 0 && current + bytes > maxShardBytes)) {
                shards.add(new ArrayList<>());
                current = 0;
            }
            shards.get(shards.size() - 1).add(t);
            current += bytes;
            total += bytes;
        }
        List<Path> written = new ArrayList<>();
        if (shards.size() <= 1) {
            Path file = dir.resolve(SINGLE_FILE);
            SafetensorsWriter.writeLazily(file, sorted, SafetensorsWriter.DEFAULT_METADATA, dtype);
            written.add(file);
        } else {
            ObjectNode index = Json.MAPPER.createObjectNode();
            index.putObject("metadata").put("total_size", total);
            ObjectNode weightMap = index.putObject("weight_map");
            for (int i = 0; i < shards.size(); i++) {
                String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
                for (SafetensorsWriter.Lazy t : shards.get(i)) {
                    weightMap.put(t.name(), name);
                }
                Path file = dir.resolve(name);
                SafetensorsWriter.writeLazily(file, shards.get(i), SafetensorsWriter.DEFAULT_METADATA, dtype);
                written.add(file);
            }
            Path indexFile = dir.resolve(INDEX_FILE);
            byte[] json = (indentJson(index) + "\n").getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(indexFile, json);
            written.add(indexFile);
        }
        deleteStale(dir, written);
        return written;
    }

    /** Indented like Python's {@code json.dumps(indent=2)}, which transformers uses: {@code "key": value}. */
    private static String indentJson(ObjectNode node) throws JsonProcessingException {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        return Json.MAPPER.writer(pp).writeValueAsString(node);
    }

    private static void deleteStale(Path dir, List<Path> written) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean weights = name.equals(SINGLE_FILE) || name.equals(INDEX_FILE)
                        || SHARD_NAME.matcher(name).matches();
                if (weights && !written.contains(f)) {
                    Files.delete(f);
                }
            }
        }
    }
}
