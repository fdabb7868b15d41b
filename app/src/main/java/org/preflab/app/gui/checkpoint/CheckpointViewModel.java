package org.preflab.app.gui.checkpoint;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.preflab.engine.compute.SamplingConfig;
import org.preflab.engine.runtime.EngineThread;

/**
 * The checkpoint view's state: the folder's facts (read in the background) and a generation box whose tokens
 * stream in as they are sampled. Generation runs on the engine thread; each token's text is handed to the JavaFX
 * thread through a coalescer, so a fast model never floods it.
 */
public final class CheckpointViewModel implements AutoCloseable {
    private final Path dir;
    private final EngineThread engine;
    private final Executor background;
    private final Executor ui;
    private final GenerationSession session;
    private final Runnable requestTextDrain;
    private final AtomicReference<String> pendingText = new AtomicReference<>();
    private final AtomicBoolean cancel = new AtomicBoolean();
    private final ReadOnlyObjectWrapper<CheckpointFacts> facts = new ReadOnlyObjectWrapper<>();
    private final StringProperty prompt = new SimpleStringProperty("Once upon a time");
    private final ObjectProperty<Double> temperature = new SimpleObjectProperty<>(0.8);
    private final ObjectProperty<Integer> topK = new SimpleObjectProperty<>(40);
    private final ObjectProperty<Double> topP = new SimpleObjectProperty<>(0.95);
    private final ObjectProperty<Integer> maxNewTokens = new SimpleObjectProperty<>(64);
    private final ObjectProperty<Integer> seed = new SimpleObjectProperty<>(1);
    private final ReadOnlyStringWrapper output = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper generating = new ReadOnlyBooleanWrapper();

    /**
     * @param coalesce   makes a "please drain" trigger from a drain that must run on the JavaFX thread (production:
     *                   an {@code FxCoalescer}'s request; tests: the drain itself)
     * @param background where the facts are read
     * @param ui         where final results are applied: the JavaFX thread
     */
    public CheckpointViewModel(Path dir, EngineThread engine, Function<Runnable, Runnable> coalesce,
            Executor background, Executor ui) {
        this.dir = dir;
        this.engine = engine;
        this.background = background;
        this.ui = ui;
        this.session = new GenerationSession(dir);
        this.requestTextDrain = coalesce.apply(this::drainText);
    }

    /** Reads the folder's facts in the background. */
    public void load() {
        background.execute(() -> {
            CheckpointFacts f = CheckpointFacts.read(dir);
            ui.execute(() -> facts.set(f));
        });
    }

    /** Starts a generation with the current settings; a bad setting is shown and nothing starts. */
    public void generate() {
        if (generating.get()) {
            return;
        }
        String p = prompt.get() == null ? "" : prompt.get();
        double t = value(temperature, 1.0);
        int k = value(topK, 0);
        double tp = value(topP, 1.0);
        int max = value(maxNewTokens, 64);
        long s = value(seed, 0);
        try {
            new SamplingConfig(t, k, tp, max, java.util.Set.of(), s); // the engine's own checks, messages included
        } catch (IllegalArgumentException bad) {
            error.set(bad.getMessage());
            return;
        }
        error.set("");
        output.set("");
        status.set("generating...");
        cancel.set(false);
        generating.set(true);
        engine.submitShort(() -> { // between training steps when a run holds the engine thread
            try {
                GenerationSession.Result r = session.generate(p, t, k, tp, max, s, text -> {
                    pendingText.set(text);
                    requestTextDrain.run();
                }, cancel::get);
                ui.execute(() -> finished(r));
            } catch (Exception | Error e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                ui.execute(() -> {
                    error.set(message);
                    status.set("");
                    generating.set(false);
                });
            }
            return null;
        });
    }

    /** Asks a running generation to stop after its current token. */
    public void stop() {
        cancel.set(true);
    }

    private void drainText() {
        String t = pendingText.getAndSet(null);
        if (t != null && generating.get()) {
            output.set(t);
        }
    }

    private void finished(GenerationSession.Result r) {
        pendingText.set(null);
        output.set(r.text());
        generating.set(false);
        String end = r.cancelled() ? "stopped" : r.atStop() ? "ended at EOS" : "reached max new tokens";
        status.set(String.format(Locale.ROOT, "%d tokens in %.2f s (%.0f tokens/s), %s", r.tokens(), r.seconds(),
                r.tokens() / Math.max(1e-9, r.seconds()), end));
    }

    /** Frees the loaded model on the engine thread (after any generation still running). */
    @Override
    public void close() {
        cancel.set(true);
        engine.submitShort(() -> { // between training steps when a run holds the engine thread
            session.close();
            return null;
        });
    }

    private static <T> T value(ObjectProperty<T> p, T fallback) {
        return p.get() == null ? fallback : p.get();
    }

    public Path dir() {
        return dir;
    }

    public ReadOnlyObjectProperty<CheckpointFacts> factsProperty() {
        return facts.getReadOnlyProperty();
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public ObjectProperty<Double> temperatureProperty() {
        return temperature;
    }

    public ObjectProperty<Integer> topKProperty() {
        return topK;
    }

    public ObjectProperty<Double> topPProperty() {
        return topP;
    }

    public ObjectProperty<Integer> maxNewTokensProperty() {
        return maxNewTokens;
    }

    public ObjectProperty<Integer> seedProperty() {
        return seed;
    }

    /** The continuation so far (the prompt not repeated). */
    public ReadOnlyStringProperty outputProperty() {
        return output.getReadOnlyProperty();
    }

    /** e.g. "64 tokens in 0.41 s (156 tokens/s), reached max new tokens". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** A bad setting or a failed generation, in the engine's words; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty generatingProperty() {
        return generating.getReadOnlyProperty();
    }
}
