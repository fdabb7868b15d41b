package org.preflab.app.cli;

import org.preflab.engine.runtime.EngineThread;

/** The engine thread the command line runs on ({@link org.preflab.app.Main} makes it); runs train on it. */
public final class CliEngine {
    private static volatile EngineThread engine;

    private CliEngine() {}

    public static void set(EngineThread e) {
        engine = e;
    }

    public static EngineThread get() {
        EngineThread e = engine;
        if (e == null) {
            throw new IllegalStateException("commands run through org.preflab.app.Main, which makes the engine thread");
        }
        return e;
    }
}
