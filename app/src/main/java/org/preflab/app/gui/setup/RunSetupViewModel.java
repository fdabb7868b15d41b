package org.preflab.app.gui.setup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.preflab.engine.apl.AcquisitionRegistry;
import org.preflab.engine.data.DatasetFormats;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.oracle.OracleRegistry;
import org.preflab.engine.plugin.PluginFolder;
import org.preflab.engine.run.ExperimentSettings;
import org.preflab.engine.run.RunConfig;
import org.preflab.engine.settings.Setting;

/**
 * The run setup of one experiment.json: every setting as a {@link SettingField} (from the engine's descriptions),
 * the method, the loss picker, and the config they make together, validated by the engine on every change. Save
 * writes the file atomically; Start runs what is saved. Used on the JavaFX thread.
 */
public final class RunSetupViewModel {
    /** Settings edited by the method and loss pickers rather than the property sheet. */
    static final Set<String> PICKED = Set.of("method", "dpo.loss_type", "dpo.loss_weights");
    public static final List<String> METHODS = ExperimentSettings.find("method").orElseThrow().choices();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ReadOnlyStringWrapper configProblem = new ReadOnlyStringWrapper(this, "configProblem", "");
    private final List<SettingField> fields = new ArrayList<>();
    private final LossPicker losses;
    private final List<String> pluginProblems;
    private final StringProperty method = new SimpleStringProperty(this, "method", "dpo");
    private final BooleanProperty spo = new SimpleBooleanProperty(this, "spo", false);
    private final ReadOnlyStringWrapper fileNote = new ReadOnlyStringWrapper(this, "fileNote", "");
    private final ReadOnlyStringWrapper problems = new ReadOnlyStringWrapper(this, "problems", "");
    private final ReadOnlyObjectWrapper<RunConfig> config = new ReadOnlyObjectWrapper<>(this, "config");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(this, "canSave", false);
    private final ReadOnlyStringWrapper commandNote = new ReadOnlyStringWrapper(this, "commandNote", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper startBlocked = new ReadOnlyStringWrapper(this, "startBlocked", "");
    private Map<String, String> saved = Map.of();
    private boolean loading;

    /** Oracles, acquisition functions and dataset formats from the plugin folder, as runs find them. */
    public RunSetupViewModel(Path experimentFile, PreferenceLosses registry) {
        this(experimentFile, registry, OracleRegistry.load(), AcquisitionRegistry.load(), DatasetFormats.load());
    }

    /**
     * The registries other than the losses only name their load problems here: the engine finds oracles,
     * acquisitions and dataset formats per run.
     */
    public RunSetupViewModel(Path experimentFile, PreferenceLosses registry, OracleRegistry oracles,
            AcquisitionRegistry acquisitions, DatasetFormats formats) {
        this.file = experimentFile.toAbsolutePath().normalize();
        this.losses = new LossPicker(registry, this::revalidate);
        this.pluginProblems = PluginProblems.of(PluginFolder.jars(PluginFolder.location()), registry, oracles,
                acquisitions, formats);
        for (Setting s : ExperimentSettings.all()) {
            if (!PICKED.contains(s.key())) {
                SettingField f = new SettingField(s, configProblem.getReadOnlyProperty());
                f.textProperty().addListener((o, a, b) -> revalidate());
                fields.add(f);
            }
        }
        method.addListener((o, a, b) -> revalidate());
        spo.addListener((o, a, b) -> revalidate());
        reload();
    }

    /** Reads the file again (or suggests settings when there is none); unsaved edits are dropped. */
    public void reload() {
        status.set("");
        loading = true;
        try {
            JsonNode tree;
            if (!Files.exists(file)) {
                tree = SuggestedExperiment.forFolder(file.getParent());
                fileNote.set("No experiment.json here yet: these are suggested settings. Save writes them.");
                canSave.set(true);
            } else {
                tree = readTree();
            }
            fill(tree == null ? SuggestedExperiment.forFolder(file.getParent()) : tree);
        } finally {
            loading = false;
        }
        showSections();
        saved = Files.exists(file) && canSave.get() ? snapshot() : Map.of();
        revalidate();
    }

    /** The file as a tree; a file that is not JSON is reported and left alone (null: saving is off until fixed). */
    private JsonNode readTree() {
        try {
            JsonNode tree = JSON.readTree(file.toFile());
            if (!(tree instanceof ObjectNode)) {
                throw new IOException(file + ": expected a JSON object {...}");
            }
            canSave.set(true);
            try {
                RunConfig.load(file);
                fileNote.set("");
            } catch (IOException bad) { // the values are shown in their fields; the engine's message says where
                fileNote.set(bad.getMessage() + " (unknown keys are dropped when saving)");
            }
            return tree;
        } catch (JsonProcessingException e) {
            fileNote.set(file + ": line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": "
                    + e.getOriginalMessage() + ". Fix it in an editor and press Reload; saving is off until then.");
        } catch (IOException e) {
            fileNote.set(e.getMessage());
        }
        canSave.set(false);
        return null;
    }

    private void fill(JsonNode tree) {
        method.set(tree.path("method").asText(ExperimentSettings.find("method").orElseThrow().defaultValue()
                .toString()));
        spo.set(tree.hasNonNull("spo"));
        for (SettingField f : fields) {
            Setting s = f.setting();
            JsonNode node = (s.section().isEmpty() ? tree : tree.path(s.section())).path(s.name());
            f.textProperty().set(node.isMissingNode() || node.isNull() ? s.format(s.defaultValue())
                    : ConfigText.of(node, s));
        }
        losses.fill(tree.path("dpo"));
    }

    /** Rebuilds the config from every field and asks the engine whether it holds. */
    private void revalidate() {
        if (loading) {
            return;
        }
        showSections();
        boolean preference = hasDpoSection();
        ObjectNode tree = JSON.createObjectNode();
        tree.put("method", method.get());
        List<String> errors = new ArrayList<>();
        for (SettingField f : active()) {
            if (f.hasParseError()) {
                errors.add(f.parseError());
            } else {
                ConfigText.put(tree, f.setting(), f.value());
            }
        }
        if (method.get().equals("sdpo")) {
            tree.withObjectProperty("sdpo");
        }
        if (preference) {
            if (spo.get()) {
                tree.withObjectProperty("spo");
            }
            losses.put(tree.withObjectProperty("dpo"), errors);
        }
        RunConfig built = null;
        String problem = "";
        if (errors.isEmpty()) {
            try {
                built = RunConfig.fromTree(tree);
            } catch (IOException e) {
                problem = e.getMessage();
                errors.add(problem);
            }
        }
        configProblem.set(problem);
        config.set(built);
        problems.set(String.join("\n", errors));
        Map<String, String> now = snapshot();
        dirty.set(!now.equals(saved));
        startBlocked.set(!canSave.get() ? "experiment.json is not valid JSON (see above)"
                : built == null ? errors.get(0) : "");
        commandNote.set(SetupCommand.note(SetupCommand.changes(saved, now), Files.exists(file), built != null));
    }

    /** Marks the fields of the sections the method (and the SPO switch) puts in the config as active. */
    private void showSections() {
        boolean preference = hasDpoSection();
        fields.forEach(f -> f.setActive(switch (f.setting().section()) {
            case "dpo" -> preference;
            case "sdpo" -> method.get().equals("sdpo");
            case "spo" -> (method.get().equals("dpo") || method.get().equals("sdpo")) && spo.get();
            case "apl" -> method.get().equals("apl");
            case "spa" -> method.get().equals("spa");
            case "oracle", "winrate" -> method.get().equals("apl") || method.get().equals("spa");
            case "reward" -> method.get().equals("reward");
            default -> true;
        }));
    }

    /** The state as texts by key, to tell unsaved edits from the saved file. */
    private Map<String, String> snapshot() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("method", method.get());
        for (SettingField f : active()) {
            m.put(f.setting().key(), f.textProperty().get().strip());
        }
        if (hasDpoSection()) {
            m.put("dpo.loss_type", losses.idsText());
            m.put("dpo.loss_weights", losses.weightsText());
            m.put("spo", String.valueOf(spo.get()));
        }
        return m;
    }

    /** sft and reward train without a DPO loss (a reward run refuses a "dpo" section). */
    private boolean hasDpoSection() {
        return !method.get().equals("sft") && !method.get().equals("reward");
    }

    private List<SettingField> active() {
        return fields.stream().filter(f -> f.activeProperty().get()).toList();
    }

    /** Writes the config to experiment.json (atomically, every value of the sections in use, in a fixed order). */
    public void save() throws IOException {
        RunConfig c = config.get();
        if (c == null || !canSave.get()) {
            throw new IOException(problems.get().isEmpty() ? fileNote.get() : problems.get());
        }
        Files.createDirectories(file.getParent());
        c.save(file);
        fileNote.set("");
        saved = snapshot();
        revalidate();
    }

    /** Saves unsaved edits, then starts the saved config through {@code start} (the navigator's startRun). */
    public void start(Consumer<Path> start) throws IOException {
        if (dirty.get()) {
            save();
        }
        start.accept(file);
        status.set("Started a run of " + file.getParent().getFileName() + "; its dashboard opens when it begins.");
    }

    /** {@link #save} for a button: says in {@link #statusProperty} what happened. */
    public void saveFromButton() {
        try {
            save();
            status.set("Saved " + file + " at " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
        } catch (IOException e) {
            status.set("Not saved: " + e.getMessage());
        }
    }

    /** {@link #start} for a button. */
    public void startFromButton(Consumer<Path> start) {
        try {
            start(start);
        } catch (IOException | RuntimeException e) {
            status.set("Not started: " + e.getMessage());
        }
    }

    /** Why Start is off (the first problem), or "" when the config can start. */
    public ReadOnlyStringProperty startBlockedProperty() {
        return startBlocked.getReadOnlyProperty();
    }

    /** The outcome of the last save or start, for the status line of the view. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public Path experimentFile() {
        return file;
    }

    /** The fields of the property sheet, in file order (the method and the losses have pickers of their own). */
    public List<SettingField> fields() {
        return fields;
    }

    public SettingField field(String key) {
        return fields.stream().filter(f -> f.setting().key().equals(key)).findFirst().orElseThrow();
    }

    public LossPicker losses() {
        return losses;
    }

    /** Plugins of every kind that failed to load, one line each ("oracle: x.Y: why"); empty when all loaded. */
    public List<String> pluginProblems() {
        return pluginProblems;
    }

    public StringProperty methodProperty() {
        return method;
    }

    /** Whether the config has an "spo" section (SPO's degree loss beside the alignment loss). */
    public BooleanProperty spoProperty() {
        return spo;
    }

    /** About the file itself: not there yet, not valid JSON, or what the engine found wrong on loading it. */
    public ReadOnlyStringProperty fileNoteProperty() {
        return fileNote.getReadOnlyProperty();
    }

    /** Everything that keeps the config from running, one message a line; "" when it is valid. */
    public ReadOnlyStringProperty problemsProperty() {
        return problems.getReadOnlyProperty();
    }

    /** The config the fields make, or null while it is invalid. */
    public ReadOnlyObjectProperty<RunConfig> configProperty() {
        return config.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    /** False while the file on disk is not JSON (saving would overwrite what the user wrote). */
    public ReadOnlyBooleanProperty canSaveProperty() {
        return canSave.getReadOnlyProperty();
    }

    public String commandLine() {
        return SetupCommand.run(file.getParent());
    }

    public ReadOnlyStringProperty commandNoteProperty() {
        return commandNote.getReadOnlyProperty();
    }
}
