package org.preflab.engine.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.preflab.engine.model.ModelConfig;
import org.preflab.engine.model.ParameterLayout;
import org.preflab.engine.model.TransformerLM;
import org.preflab.engine.runtime.DjlRuntime;

/** Access to ../shared from tests: fixture folders and models loaded from them. */
public final class Fixtures {
    private Fixtures() {}

    public static Path shared() {
        String s = System.getProperty("preflab.shared");
        if (s == null) {
            throw new IllegalStateException("system property preflab.shared is not set (surefire sets it)");
        }
        Path p = Path.of(s).toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("fixtures"))) {
            throw new IllegalStateException("no fixtures under " + p + ": tests need ../shared beside the checkout");
        }
        return p;
    }

    public static Path fixture(String name) {
        return shared().resolve("fixtures").resolve(name);
    }

    /** Loads a fixture model with DJL's own safetensors decoder (independent of PrefLab's reader). */
    public static TransformerLM model(String name, NDManager parent) throws IOException {
        DjlRuntime.engine();
        Path dir = fixture(name);
        ModelConfig cfg = ModelConfig.load(dir);
        NDManager mm = parent.newSubManager();
        NDList list;
        try (InputStream in = Files.newInputStream(dir.resolve("model.safetensors"))) {
            list = NDList.decode(mm, in);
        }
        LinkedHashMap<String, NDArray> params = new LinkedHashMap<>();
        var layout = ParameterLayout.of(cfg);
        for (NDArray a : list) {
            String n = ParameterLayout.canonicalName(cfg, a.getName(), layout);
            if (n != null) {
                params.put(n, a);
            }
        }
        return new TransformerLM(cfg, mm, params);
    }
}
