package org.preflab.engine.dpo;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.io.SafetensorsReader;
import org.preflab.engine.io.SafetensorsWriter;
import org.preflab.engine.io.Tensor;
import org.preflab.engine.model.TransformerLM;

/**
 * Reference log-probs computed once per (model, tokenizer, data, length settings) and kept on disk, so runs that
 * share them (every run on a dataset, every loss variant compared) skip the reference forward pass. The key is a
 * SHA-256 of what determines them; the file is {@code <dir>/<key>.safetensors} with tensors "chosen" and
 * "rejected" indexed by pair.
 */
public final class ReferenceCache implements ReferenceLogps {
    /**
     * How the pairs were laid out when scored, part of the key: files written by a build that scored them otherwise
     * (each completion in its own row, before {@link org.preflab.engine.compute.PairBatch}) differ from training's
     * forward by rounding, which would show at step 1 as rewards of noise instead of zeros, so they are not reused.
     */
    static final String LAYOUT = "layout: pairs, prompt fed once";

    private final String key;
    private final Path file;
    private final boolean reused;
    /** Why a cached file was not used (corrupt, truncated), or null. */
    private final String rejectedFile;
    private final float[] chosen;
    private final float[] rejected;
    /** Row of each dataset index in the arrays. */
    private final Map<Integer, Integer> rows = new java.util.HashMap<>();

    private ReferenceCache(String key, Path file, boolean reused, String rejectedFile, float[] chosen, float[] rejected,
            List<PairExample> pairs) {
        this.key = key;
        this.file = file;
        this.reused = reused;
        this.rejectedFile = rejectedFile;
        this.chosen = chosen;
        this.rejected = rejected;
        for (int i = 0; i < pairs.size(); i++) {
            rows.put(pairs.get(i).index(), i);
        }
    }

    /**
     * The cached log-probs for these pairs, computed with {@code reference} (grad mode must be off) when no file
     * for the key exists yet; the supplier is only asked then, so a cache hit never loads the model. {@code identity} is everything that determines the result besides the token ids
     * (model and tokenizer hashes, length settings).
     */
    public static ReferenceCache load(Path dir, String identity, java.util.function.Supplier<TransformerLM> reference,
            NDManager parent,
            List<PairExample> pairs, int batchSize, long padId) throws IOException {
        String key = key(identity, pairs);
        Path file = dir.resolve(key + ".safetensors");
        String problem = null;
        if (Files.isRegularFile(file)) {
            try {
                var f = SafetensorsReader.read(file);
                var t = f.tensors();
                if (!t.containsKey("chosen") || !t.containsKey("rejected")
                        || t.get("chosen").data().length != pairs.size()
                        || t.get("rejected").data().length != pairs.size()) {
                    problem = "it holds other pairs";
                } else if (!checksum(t.get("chosen").data(), t.get("rejected").data())
                        .equals(f.metadata().get("sha256"))) {
                    problem = "its checksum does not match its contents";
                } else {
                    return new ReferenceCache(key, file, true, null, t.get("chosen").data(), t.get("rejected").data(),
                            pairs);
                }
            } catch (IOException | RuntimeException unreadable) {
                problem = "it cannot be read (" + unreadable.getMessage() + ")";
            }
        }
        float[] c = new float[pairs.size()];
        float[] r = new float[pairs.size()];
        for (int start = 0; start < pairs.size(); start += batchSize) {
            List<PairExample> batch = pairs.subList(start, Math.min(pairs.size(), start + batchSize));
            float[][] sums = FrozenReference.score(reference.get(), parent, batch, padId);
            System.arraycopy(sums[0], 0, c, start, batch.size());
            System.arraycopy(sums[1], 0, r, start, batch.size());
        }
        Files.createDirectories(dir);
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("chosen", new Tensor("chosen", new long[] {c.length}, c));
        out.put("rejected", new Tensor("rejected", new long[] {r.length}, r));
        SafetensorsWriter.write(file, out, Map.of("format", "preflab-reference-logps", "identity", identity,
                "sha256", checksum(c, r)), org.preflab.engine.io.DType.F32);
        return new ReferenceCache(key, file, false, problem, c, r, pairs);
    }

    @Override
    public float[][] of(List<PairExample> pairs) {
        float[][] out = new float[2][pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            int row = row(pairs.get(i).index());
            out[0][i] = chosen[row];
            out[1][i] = rejected[row];
        }
        return out;
    }

    public String key() {
        return key;
    }

    public Path file() {
        return file;
    }

    /** True when an earlier run had computed them already. */
    public boolean reused() {
        return reused;
    }

    /** The reference's implicit margin γ = log πref(y_c) − log πref(y_r) per pair (sDPO's difficulty score). */
    public float margin(int index) {
        int row = row(index);
        return chosen[row] - rejected[row];
    }

    private int row(int index) {
        Integer row = rows.get(index);
        if (row == null) {
            throw new IllegalArgumentException("pair " + index + " is not in reference cache " + key);
        }
        return row;
    }

    @Override
    public String describe() {
        String what = reused ? "reused" : rejectedFile != null ? "recomputed (the cached file was not used: "
                + rejectedFile + ")" : "computed";
        return what + " cached reference log-probs " + key.substring(0, 12) + " (" + file + ")";
    }

    /** Whether an existing cache file was found unusable and replaced. */
    public boolean recovered() {
        return rejectedFile != null;
    }

    /** SHA-256 of the two arrays' float bits: flipped or lost bytes in the file never pass as log-probs. */
    static String checksum(float[] chosen, float[] rejected) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * (chosen.length + rejected.length));
            for (float v : chosen) {
                b.putFloat(v);
            }
            for (float v : rejected) {
                b.putFloat(v);
            }
            return HexFormat.of().formatHex(md.digest(b.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String key(String identity, List<PairExample> pairs) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(identity.getBytes(StandardCharsets.UTF_8));
            md.update(LAYOUT.getBytes(StandardCharsets.UTF_8));
            for (PairExample p : pairs) {
                update(md, p.prompt());
                update(md, p.chosen());
                update(md, p.rejected());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest md, long[] ids) {
        md.update((byte) ids.length);
        for (long id : ids) {
            for (int s = 0; s < 64; s += 8) {
                md.update((byte) (id >>> s));
            }
        }
        md.update((byte) 0xFF);
    }
}
