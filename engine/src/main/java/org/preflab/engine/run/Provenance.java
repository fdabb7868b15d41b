package org.preflab.engine.run;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.preflab.engine.runtime.DjlRuntime;

/** What a run was made from, so it can be reproduced and compared: config, data and model hashes, versions. */
public final class Provenance {
    private Provenance() {}

    public static Map<String, Object> of(RunConfig cfg, List<Path> data, Path modelDir) throws IOException {
        Engine engine = DjlRuntime.engine();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("config", cfg);
        p.put("data_sha256", sha256(data));
        p.put("data_files", data.stream().map(Path::toString).toList());
        try (Stream<Path> s = Files.list(modelDir)) {
            p.put("model_sha256", sha256(s.filter(f -> f.getFileName().toString().endsWith(".safetensors")
                    || f.getFileName().toString().equals("config.json")).sorted().toList()));
        }
        p.put("seed", cfg.train().seed());
        Map<String, Object> v = new LinkedHashMap<>();
        String preflab = Provenance.class.getPackage().getImplementationVersion();
        v.put("preflab", preflab == null ? "dev" : preflab);
        v.put("djl", Engine.getDjlVersion());
        v.put("libtorch", engine.getVersion());
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        p.put("versions", v);
        p.put("runtime", DjlRuntime.report()); // threads, MKL override state, measured GFLOP/s
        p.put("mkl_cbwr", System.getenv().getOrDefault("MKL_CBWR", "unset (results may differ in the last bits)"));
        p.put("mkl_dynamic", System.getenv().getOrDefault("MKL_DYNAMIC", "unset (MKL may vary its thread count)"));
        return p;
    }

    /** Per-file digests already computed in this JVM, keyed by path, size and modification time. */
    private static final Map<String, String> FILE_DIGESTS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * SHA-256 of the files in the given order (over their individual digests, so each file is read once per JVM
     * however many runs, references and provenance records hash it).
     */
    public static String sha256(List<Path> files) throws IOException {
        if (files.size() == 1) {
            return fileDigest(files.get(0));
        }
        MessageDigest md = sha();
        for (Path f : files) {
            md.update(fileDigest(f).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String fileDigest(Path f) throws IOException {
        String key = f.toAbsolutePath().normalize() + "|" + Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis();
        String cached = FILE_DIGESTS.get(key);
        if (cached != null) {
            return cached;
        }
        MessageDigest md = sha();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        String digest = HexFormat.of().formatHex(md.digest());
        FILE_DIGESTS.put(key, digest);
        return digest;
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
