package org.preflab.engine.runtime;

import ai.djl.engine.Engine;
import java.nio.file.Path;

/**
 * The one door to DJL. Everything that touches DJL calls {@link #engine()} first, so the offline settings are in
 * place before DJL reads them: without {@code ai.djl.offline} DJL downloads libtorch and calls a telemetry address.
 */
public final class DjlRuntime {
    private static volatile Engine engine;

    private DjlRuntime() {}

    /** Where DJL unpacks its native libraries unless DJL_CACHE_DIR says otherwise. */
    public static Path defaultCacheDir() {
        String home = System.getenv("PREFLAB_HOME");
        Path base = home != null && !home.isBlank()
                ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".local", "share", "preflab");
        return base.resolve("djl-cache");
    }

    /** Applies the offline settings (idempotent) and starts the PyTorch engine once. */
    public static Engine engine() {
        Engine e = engine;
        if (e != null) {
            return e;
        }
        synchronized (DjlRuntime.class) {
            if (engine == null) {
                System.setProperty("ai.djl.offline", "true");
                System.setProperty("OPT_OUT_TRACKING", "true");
                if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
                    System.setProperty("DJL_CACHE_DIR", defaultCacheDir().toString());
                }
                engine = Engine.getEngine("PyTorch");
            }
            return engine;
        }
    }
}
