package org.preflab.app.gui.teaching;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * The teaching view's state: the chosen loss variant with its formula and explanation, β and ε, the curves the
 * engine computed for them, and (with a run open) the run's eval pairs placed on the curves. Curves are computed on
 * the engine (between training steps when a run trains); while one is computed, further slider moves collapse
 * into one more computation with the latest values.
 */
public final class TeachingModel {
    static final int POINTS = 401;

    private final LossCurves calculator;
    private final PreferenceLosses losses;
    private final Executor engine;
    private final ModelThreads threads;
    private final Path runDir;
    private final ObservableList<String> lossIds = FXCollections.observableArrayList();
    private final StringProperty lossId = new SimpleStringProperty();
    private final StringProperty description = new SimpleStringProperty("");
    private final StringProperty formula = new SimpleStringProperty("");
    private final StringProperty explanation = new SimpleStringProperty("");
    private final DoubleProperty beta = new SimpleDoubleProperty(LossInputs.DEFAULT_BETA);
    private final DoubleProperty labelSmoothing = new SimpleDoubleProperty(0);
    private final ObjectProperty<LossCurves.Curves> curves = new SimpleObjectProperty<>();
    private final ObjectProperty<RunPairs> runPairs = new SimpleObjectProperty<>();
    private final StringProperty runInfo = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final AtomicReference<Runnable> latest = new AtomicReference<>();
    private final AtomicBoolean computing = new AtomicBoolean();
    private boolean runSettingsApplied;

    /**
     * @param engine runs curve computations on the engine thread
     * @param runDir a run whose eval pairs are plotted, or null
     */
    public TeachingModel(PreferenceLosses losses, Executor engine, ModelThreads threads, Path runDir) {
        this.losses = losses;
        this.calculator = new LossCurves(losses);
        this.engine = engine;
        this.threads = threads;
        this.runDir = runDir;
        lossIds.setAll(losses.ids());
        lossId.addListener((o, a, id) -> describe(id));
        lossId.addListener((o, a, b) -> requestCurves());
        beta.addListener((o, a, b) -> requestCurves());
        labelSmoothing.addListener((o, a, b) -> requestCurves());
        runPairs.addListener((o, a, b) -> requestCurves());
        lossId.set(lossIds.contains("sigmoid") ? "sigmoid" : lossIds.isEmpty() ? null : lossIds.get(0));
    }

    private void describe(String id) {
        PreferenceLoss loss = id == null ? null : losses.find(id).orElse(null);
        description.set(loss == null ? "" : loss.description());
        LossNotes.Note note = id == null ? null : LossNotes.of(id).orElse(null);
        formula.set(note != null ? note.formula() : loss != null ? loss.description() : "");
        explanation.set(note != null ? note.explanation()
                : "A plugin loss: its description is all PrefLab knows about it; the curves are its own code's.");
    }

    /** Reads the run's newest evaluation (again); the first read also sets loss, β and ε to the run's. */
    public void reloadRun() {
        if (runDir == null) {
            return;
        }
        threads.load(() -> RunPairs.read(runDir), this::applyRun,
                e -> error.set("Cannot read the run " + runDir.getFileName() + ": " + e.getMessage()));
    }

    void applyRun(RunPairs p) {
        if (!runSettingsApplied) {
            runSettingsApplied = true;
            if (lossIds.contains(p.lossType())) {
                lossId.set(p.lossType());
            }
            beta.set(p.beta());
            labelSmoothing.set(p.labelSmoothing());
        }
        runPairs.set(p);
        runInfo.set(p.step() < 0 ? "Run " + p.runName() + ": no evaluation yet; its pairs appear after the first one."
                : String.format(Locale.ROOT, "%d eval pairs of run %s at step %d (trained with %s, β = %s)",
                        p.h().length, p.runName(), p.step(), p.lossType(), p.beta()));
    }

    /** Asks the engine for the curves of the current settings; returns at once. */
    private void requestCurves() {
        String id = lossId.get();
        if (id == null) {
            return;
        }
        LossCurves.Settings s = new LossCurves.Settings(id, beta.get(), labelSmoothing.get(),
                LossInputs.DEFAULT_DISCOPOP_TAU);
        RunPairs p = runPairs.get();
        double[] h = p == null ? null : p.h();
        double[] hbar = p == null ? null : p.hbar();
        latest.set(() -> compute(s, h, hbar));
        if (computing.compareAndSet(false, true)) {
            engine.execute(this::drain);
        }
    }

    /** On the engine thread: computes the newest request, and again while newer ones arrived meanwhile. */
    private void drain() {
        Runnable r;
        while ((r = latest.getAndSet(null)) != null) {
            r.run();
        }
        computing.set(false);
        if (latest.get() != null && computing.compareAndSet(false, true)) {
            engine.execute(this::drain);
        }
    }

    private void compute(LossCurves.Settings s, double[] h, double[] hbar) {
        try {
            LossCurves.Curves c = calculator.compute(s, POINTS, h, hbar);
            threads.fx().execute(() -> {
                error.set("");
                curves.set(c);
            });
        } catch (RuntimeException e) {
            String msg = s.lossId() + " with β = " + s.beta() + ", ε = " + s.labelSmoothing() + ": " + e.getMessage();
            threads.fx().execute(() -> {
                error.set(msg);
                curves.set(null);
            });
        }
    }

    public ObservableList<String> lossIds() {
        return lossIds;
    }

    public StringProperty lossIdProperty() {
        return lossId;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    public StringProperty formulaProperty() {
        return formula;
    }

    public StringProperty explanationProperty() {
        return explanation;
    }

    public DoubleProperty betaProperty() {
        return beta;
    }

    public DoubleProperty labelSmoothingProperty() {
        return labelSmoothing;
    }

    public ObjectProperty<LossCurves.Curves> curvesProperty() {
        return curves;
    }

    public ObjectProperty<RunPairs> runPairsProperty() {
        return runPairs;
    }

    public StringProperty runInfoProperty() {
        return runInfo;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public Path runDir() {
        return runDir;
    }
}
