package org.preflab.engine.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.preflab.engine.io.AtomicFiles;

/**
 * manifest.json of a checkpoint: each file's size and SHA-256, written last. A checkpoint whose files do not match
 * (a truncated model, a flipped byte in the optimizer moments) is not chosen for a resume: the run falls back to the
 * previous complete one instead of stopping or, worse, training on from damaged weights.
 */
final class CheckpointManifest {
    static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CheckpointManifest() {}

    /** Records every file now in {@code dir}. */
    static void write(Path dir) throws IOException {
        Map<String, Object> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("size", Files.size(f));
                entry.put("sha256", sha256(f));
                files.put(f.getFileName().toString(), entry);
            }
        }
        AtomicFiles.write(dir.resolve(FILE), JSON.writeValueAsBytes(Map.of("files", files)));
    }

    /**
     * Null when the checkpoint's files match its manifest (or it predates manifests), else what is wrong with it.
     */
    static String problem(Path dir) {
        Path m = dir.resolve(FILE);
        if (!Files.exists(m)) {
            return null; // written before manifests existed: trusted as before
        }
        try {
            Map<?, ?> files = (Map<?, ?>) JSON.readValue(m.toFile(), Map.class).get("files");
            for (Map.Entry<?, ?> e : files.entrySet()) {
                Path f = dir.resolve(e.getKey().toString());
                Map<?, ?> want = (Map<?, ?>) e.getValue();
                if (!Files.isRegularFile(f)) {
                    return e.getKey() + " is missing";
                }
                long size = ((Number) want.get("size")).longValue();
                if (Files.size(f) != size) {
                    return e.getKey() + " has " + Files.size(f) + " bytes, not " + size;
                }
                if (!sha256(f).equals(want.get("sha256"))) {
                    return e.getKey() + " does not match its checksum";
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return FILE + " cannot be read (" + e.getMessage() + ")";
        }
    }

    private static String sha256(Path f) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // the digest sees every byte
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
