package org.preflab.app.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.runtime.EngineThread;

/** Real short DPO runs on the stories260k fixture for GUI tests in other packages ({@link RunFixtures} is package-private). */
public final class ShortRuns {
    private ShortRuns() {}

    /**
     * Trains a DPO run of {@code steps} steps on 24 pairs with a 25% eval split evaluated every 2 steps, in
     * {@code dir/name}; {@code adjust} may change the config first. Returns the run folder.
     */
    public static Path dpo(Path dir, String name, int steps, Consumer<ObjectNode> adjust) throws Exception {
        Path config = dpoProject(dir, name, steps, adjust);
        try (EngineThread engine = new EngineThread()) {
            return engine.call(() -> RunFixtures.executor().start(config, new RunListener() {}).runDir());
        }
    }

    private static Path aplRun;

    /**
     * One finished apl run (entropy_certainty, budgets 4 then 8, the test-words oracle, a win rate after each round),
     * made once per test JVM in a temporary folder and shared by the GUI tests that only read it.
     */
    public static synchronized Path aplRun() throws Exception {
        if (aplRun == null) {
            Path dir = Files.createTempDirectory("preflab-apl-run");
            Path data = RunFixtures.pairs(dir, "pairs.jsonl", 40, 3);
            Path config = RunFixtures.write(dir, AplRunTest.aplConfig(data, "entropy_certainty"));
            try (EngineThread engine = new EngineThread()) {
                aplRun = engine.call(() -> RunFixtures.executor().start(config, new RunListener() {}).runDir());
            }
        }
        return aplRun;
    }

    /** The project of {@link #dpo} without running it: returns its experiment.json. */
    public static Path dpoProject(Path dir, String name, int steps, Consumer<ObjectNode> adjust) throws Exception {
        Path project = Files.createDirectories(dir.resolve(name));
        Path data = RunFixtures.pairs(project, "pairs.jsonl", 24, 1);
        ObjectNode cfg = RunFixtures.dpoConfig(data, steps);
        cfg.put("name", name);
        ((ObjectNode) cfg.get("data")).put("eval_fraction", 0.25);
        cfg.put("eval_every", 2);
        adjust.accept(cfg);
        return RunFixtures.write(project, cfg);
    }
}
