package org.preflab.app.gui.samples;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.preflab.app.gui.common.ModelThreads;

/**
 * The samples view's state: a checkpoint of the run against its reference, a prompt, sampling settings and a seed;
 * the two answers generated on the engine; and a preference given on them, saved as a new pair in the project.
 */
public final class SamplesModel {
    private final Path runDir;
    private final Executor engine;
    private final ModelThreads threads;
    private final ObservableList<Path> policies = FXCollections.observableArrayList();
    private final ObservableList<String> prompts = FXCollections.observableArrayList();
    private final ObjectProperty<Path> policy = new SimpleObjectProperty<>();
    private final ObjectProperty<RunModels> run = new SimpleObjectProperty<>();
    private final StringProperty prompt = new SimpleStringProperty("");
    private final DoubleProperty temperature = new SimpleDoubleProperty(0.8);
    private final IntegerProperty topK = new SimpleIntegerProperty(40);
    private final DoubleProperty topP = new SimpleDoubleProperty(0.95);
    private final IntegerProperty maxNewTokens = new SimpleIntegerProperty(48);
    private final IntegerProperty seed = new SimpleIntegerProperty(1);
    private final ObjectProperty<SideBySide.Answers> answers = new SimpleObjectProperty<>();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty saved = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");

    /** @param engine runs generation on the engine thread */
    public SamplesModel(Path runDir, Executor engine, ModelThreads threads) {
        this.runDir = runDir;
        this.engine = engine;
        this.threads = threads;
    }

    /** Reads the run's checkpoints and prompts (in the background); picks the newest checkpoint and first prompt. */
    public void load() {
        threads.load(() -> RunModels.read(runDir), this::apply,
                e -> error.set("Cannot read the run " + runDir.getFileName() + ": " + e.getMessage()));
    }

    void apply(RunModels m) {
        run.set(m);
        policies.setAll(m.policies());
        prompts.setAll(m.prompts());
        if (policy.get() == null || !policies.contains(policy.get())) {
            policy.set(policies.isEmpty() ? null : policies.get(policies.size() - 1));
        }
        if (prompt.get().isBlank() && !prompts.isEmpty()) {
            prompt.set(prompts.get(0));
        }
        if (policies.isEmpty()) {
            error.set("The run has no checkpoint yet: one is written every checkpoint_every steps and at the end.");
        }
    }

    /** Generates both answers on the engine; returns at once. Refused (with a message) while one is running. */
    public void generate() {
        RunModels m = run.get();
        if (busy.get() || m == null) {
            return;
        }
        if (policy.get() == null) {
            error.set("Pick a checkpoint to sample from.");
            return;
        }
        if (prompt.get() == null || prompt.get().isBlank()) {
            error.set("Type a prompt, or pick one of the run's.");
            return;
        }
        Path policyDir = policy.get();
        String text = prompt.get();
        SideBySide.Settings s = new SideBySide.Settings(temperature.get(), topK.get(), topP.get(), maxNewTokens.get(),
                seed.get());
        busy.set(true);
        error.set("");
        status.set("Generating with " + m.label(policyDir) + " and the reference, seed " + s.seed() + "…");
        engine.execute(() -> {
            try {
                SideBySide.Answers a = SideBySide.generate(policyDir, m.reference(), text, s);
                threads.fx().execute(() -> {
                    answers.set(a);
                    saved.set(false);
                    busy.set(false);
                    status.set("Both answers sampled with seed " + s.seed() + " from " + m.label(policyDir)
                            + " and the reference. Which is better?");
                });
            } catch (Exception | OutOfMemoryError e) {
                String msg = e instanceof IllegalArgumentException ? e.getMessage()
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
                threads.fx().execute(() -> {
                    busy.set(false);
                    status.set("");
                    error.set("Generation failed: " + msg);
                });
            }
        });
    }

    /**
     * Saves the current answers as a new pair in the project's labelled file: the better one as chosen. Each pair
     * of answers is saved once.
     */
    public void prefer(boolean policyBetter) {
        SideBySide.Answers a = answers.get();
        RunModels m = run.get();
        if (a == null || m == null || saved.get()) {
            return;
        }
        if (a.policy().equals(a.reference())) {
            error.set("The two answers are the same text: there is nothing to prefer. Try another seed or prompt.");
            return;
        }
        saved.set(true);
        String chosen = policyBetter ? a.policy() : a.reference();
        String rejected = policyBetter ? a.reference() : a.policy();
        Path file = m.labelFile();
        threads.load(() -> PreferenceFile.append(file, a.prompt(), chosen, rejected),
                n -> status.set("Saved as pair " + n + " of " + file + " (chosen: the "
                        + (policyBetter ? "policy" : "reference") + "'s answer)."),
                e -> {
                    saved.set(false);
                    error.set("Cannot save to " + file + ": " + e.getMessage());
                });
    }

    public ObservableList<Path> policies() {
        return policies;
    }

    public ObservableList<String> prompts() {
        return prompts;
    }

    public ObjectProperty<Path> policyProperty() {
        return policy;
    }

    public ObjectProperty<RunModels> runProperty() {
        return run;
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public DoubleProperty temperatureProperty() {
        return temperature;
    }

    public IntegerProperty topKProperty() {
        return topK;
    }

    public DoubleProperty topPProperty() {
        return topP;
    }

    public IntegerProperty maxNewTokensProperty() {
        return maxNewTokens;
    }

    public IntegerProperty seedProperty() {
        return seed;
    }

    public ObjectProperty<SideBySide.Answers> answersProperty() {
        return answers;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty savedProperty() {
        return saved;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public Path runDir() {
        return runDir;
    }
}
