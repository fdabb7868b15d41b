package org.preflab.app.gui.start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.preflab.app.gui.project.Project;
import org.preflab.app.gui.project.ProjectSummary;
import org.preflab.engine.data.PreferenceReader;
import org.preflab.engine.data.RecordProblem;
import org.preflab.engine.model.ModelConfig;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * The "New project" dialog's state: a Hugging Face model folder and a preference file, both checked with the
 * engine's own readers as soon as they are chosen (off the JavaFX thread), a name and a parent folder. Create is
 * possible only when both load and every record is good, since a run would refuse anything less.
 */
public final class NewProjectViewModel {
    private static final int SHOWN_PROBLEMS = 50;
    private static final String NAME_RULE = "[A-Za-z0-9._-]{1,64}";

    private final StringProperty modelDir = new SimpleStringProperty("");
    private final StringProperty dataFile = new SimpleStringProperty("");
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty location = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper modelInfo = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper dataInfo = new ReadOnlyStringWrapper("");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper();
    private final Executor background;
    private final Executor ui;
    private final AtomicLong generation = new AtomicLong();
    private Check last = Check.NONE;

    /** What the engine said about the model and the data. */
    record Check(boolean modelOk, int maxPositions, String modelInfo, boolean dataOk, int pairs, String dataInfo,
            List<String> problems) {
        static final Check NONE = new Check(false, 0, "", false, 0, "", List.of());
    }

    /**
     * @param background where the checks run (reading a large file takes a while)
     * @param ui         where their results are applied: the JavaFX thread ({@code Platform::runLater})
     */
    public NewProjectViewModel(Path defaultLocation, Executor background, Executor ui) {
        this.background = background;
        this.ui = ui;
        location.set(defaultLocation.toString());
        modelDir.addListener((o, a, b) -> check());
        dataFile.addListener((o, a, b) -> {
            if (name.get().isBlank() || name.get().equals(suggestedName(a))) {
                name.set(suggestedName(b));
            }
            check();
        });
        name.addListener((o, a, b) -> updateReady());
        location.addListener((o, a, b) -> updateReady());
    }

    public StringProperty modelDirProperty() {
        return modelDir;
    }

    public StringProperty dataFileProperty() {
        return dataFile;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty locationProperty() {
        return location;
    }

    /** e.g. "llama, 260K parameters, context 512 tokens, tokenizer of 512 tokens". */
    public ReadOnlyStringProperty modelInfoProperty() {
        return modelInfo.getReadOnlyProperty();
    }

    /** e.g. "64 pairs, TRL standard format". */
    public ReadOnlyStringProperty dataInfoProperty() {
        return dataInfo.getReadOnlyProperty();
    }

    /** Everything that stops Create, each naming its file (and line, for records). */
    public ObservableList<String> problems() {
        return problems;
    }

    public ReadOnlyBooleanProperty checkingProperty() {
        return checking.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }

    /** The folder Create makes: location/name. */
    public Path target() {
        return Path.of(location.get().strip()).resolve(name.get().strip()).toAbsolutePath().normalize();
    }

    /** Checks model and data again, in the background; an older check still running is ignored when it ends. */
    public void check() {
        long g = generation.incrementAndGet();
        String m = modelDir.get().strip();
        String d = dataFile.get().strip();
        checking.set(true);
        background.execute(() -> {
            Check c = checkNow(m, d);
            ui.execute(() -> {
                if (generation.get() == g) {
                    last = c;
                    checking.set(false);
                    modelInfo.set(c.modelInfo());
                    dataInfo.set(c.dataInfo());
                    updateReady();
                }
            });
        });
    }

    /**
     * Writes the project folder (see {@link NewProjectFiles}) and returns it.
     *
     * @throws IOException when it cannot be written or the engine does not accept the result
     */
    public Path create() throws IOException {
        if (!ready.get()) {
            throw new IOException("cannot create the project yet: " + String.join("; ", problems));
        }
        Path dir = target();
        NewProjectFiles.write(dir, NewProjectFiles.experiment(name.get().strip(), dir, Path.of(modelDir.get().strip()),
                Path.of(dataFile.get().strip()), last.pairs(), last.maxPositions()));
        return dir;
    }

    private void updateReady() {
        List<String> all = new ArrayList<>(last.problems());
        String n = name.get().strip();
        if (!n.matches(NAME_RULE)) {
            all.add("name '" + n + "': use 1-64 letters, digits, '.', '_' or '-' (run folders are named after it)");
        } else if (location.get().isBlank()) {
            all.add("choose where the project folder goes");
        } else if (Files.exists(target().resolve(Project.EXPERIMENT))) {
            all.add(target() + " already holds a project; choose another name");
        }
        problems.setAll(all);
        ready.set(all.isEmpty() && last.modelOk() && last.dataOk() && !checking.get());
    }

    static String suggestedName(String dataFile) {
        if (dataFile == null || dataFile.isBlank()) {
            return "";
        }
        String f = Path.of(dataFile.strip()).getFileName().toString().replaceFirst("\\.(jsonl|json)$", "");
        String n = (f + "-dpo").replaceAll("[^A-Za-z0-9._-]", "-");
        return n.length() > 64 ? n.substring(0, 64) : n;
    }

    /** The engine's checks: the model's config.json and tokenizer, then every record of the file. */
    static Check checkNow(String model, String data) {
        List<String> problems = new ArrayList<>();
        boolean modelOk = false;
        int maxPositions = 0;
        String modelInfo = "";
        Path modelPath = model.isEmpty() ? null : Path.of(model);
        if (modelPath == null) {
            problems.add("choose a Hugging Face model folder (config.json, model.safetensors, tokenizer.json)");
        } else {
            try {
                ModelConfig mc = ModelConfig.load(modelPath);
                try (TextTokenizer tok = TextTokenizer.load(modelPath)) {
                    maxPositions = mc.maxPositions();
                    modelInfo = ProjectSummary.modelType(mc) + ", " + ProjectSummary.count(mc.parameterCount())
                            + " parameters, context " + mc.maxPositions() + " tokens, vocabulary " + tok.vocabSize()
                            + (tok.chatTemplate().isPresent() ? ", with a chat template" : "");
                }
                if (!hasWeights(modelPath)) {
                    problems.add(modelPath + ": no model.safetensors (or model.safetensors.index.json)");
                } else {
                    modelOk = true;
                }
            } catch (IOException | RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        boolean dataOk = false;
        int pairs = 0;
        String dataInfo = "";
        if (data.isEmpty()) {
            problems.add("choose a preference file (JSONL, or JSON holding an array of pairs)");
        } else {
            Path f = Path.of(data);
            try {
                // conversational data needs the model's chat template; without a usable model, read as transcripts
                var read = PreferenceReader.read(f, modelOk ? PreferenceReader.templateOf(modelPath) : null);
                pairs = read.records().size();
                dataInfo = read.recordsRead() + " records, " + read.format().description() + ": " + pairs + " good, "
                        + read.badRecords() + " bad";
                List<RecordProblem> bad = read.problems();
                bad.stream().limit(SHOWN_PROBLEMS).forEach(p -> problems.add(f.getFileName() + " " + p));
                if (bad.size() > SHOWN_PROBLEMS) {
                    problems.add("... and " + (bad.size() - SHOWN_PROBLEMS) + " more problems (open the file in the "
                            + "dataset view for all of them)");
                }
                dataOk = bad.isEmpty() && pairs > 0;
            } catch (IOException | RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        return new Check(modelOk, maxPositions, modelInfo, dataOk, pairs, dataInfo, List.copyOf(problems));
    }

    private static boolean hasWeights(Path model) {
        return Files.isRegularFile(model.resolve("model.safetensors"))
                || Files.isRegularFile(model.resolve("model.safetensors.index.json"));
    }
}
