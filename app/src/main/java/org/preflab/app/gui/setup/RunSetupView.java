package org.preflab.app.gui.setup;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.preflab.engine.run.ExperimentSettings;

/**
 * The run setup: method and losses on the left, every other setting in a property sheet built from the engine's
 * setting descriptions on the right, and below them what is wrong, the equivalent command line, Save, Reload and
 * Start. All state is in {@link RunSetupViewModel}; this class only lays out and binds.
 */
public final class RunSetupView extends BorderPane {
    private static final Map<String, String> METHOD_HELP = new LinkedHashMap<>();

    static {
        METHOD_HELP.put("sft", "supervised fine-tuning on prompt/completion records");
        METHOD_HELP.put("dpo", "direct preference optimisation on chosen/rejected pairs");
        METHOD_HELP.put("sdpo", "stepwise DPO: the data in steps, the reference refreshed after each");
        METHOD_HELP.put("apl", "active preference learning: rounds that pick pairs for an oracle to label, then train");
        METHOD_HELP.put("spa", "self-generated preferences: a small labelled seed, then the model labels its own samples by implicit reward");
        METHOD_HELP.put("reward", "a Bradley-Terry reward model on chosen/rejected pairs, for the reward_model oracle");
    }

    private final RunSetupViewModel vm;

    /** @param start starts a run of the saved experiment.json (the navigator's startRun) */
    public RunSetupView(RunSetupViewModel vm, Consumer<Path> start) {
        this.vm = vm;
        setPadding(new Insets(10));
        setTop(header());
        SplitPane split = new SplitPane(pickers(), sheets());
        split.setDividerPositions(0.36);
        setCenter(split);
        setBottom(footer(start));
    }

    private VBox header() {
        Label title = new Label();
        title.getStyleClass().add("view-title");
        title.textProperty().bind(Bindings.concat("Run setup: ", vm.field("name").textProperty()));
        Label file = new Label(vm.experimentFile().toString());
        file.getStyleClass().addAll("view-subtitle", "mono");
        Label note = new Label();
        note.setId("file-note");
        note.setWrapText(true);
        note.getStyleClass().add("warning-text");
        note.textProperty().bind(vm.fileNoteProperty());
        note.visibleProperty().bind(vm.fileNoteProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        VBox box = new VBox(4, title, file, note);
        box.setPadding(new Insets(0, 0, 8, 0));
        return box;
    }

    private VBox pickers() {
        Label title = new Label("Method");
        title.getStyleClass().add("section-title");
        ToggleGroup group = new ToggleGroup();
        VBox methods = new VBox(4);
        for (String m : RunSetupViewModel.METHODS) {
            RadioButton b = new RadioButton(m + "  -  " + METHOD_HELP.getOrDefault(m, ""));
            b.setMnemonicParsing(false); // "reward_model" must keep its underscore
            b.setWrapText(true); // a narrow column wraps the help instead of cutting it
            b.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            b.setId("method-" + m);
            b.setUserData(m);
            b.setToggleGroup(group);
            b.setSelected(m.equals(vm.methodProperty().get()));
            methods.getChildren().add(b);
        }
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.methodProperty().set((String) now.getUserData());
            }
        });
        vm.methodProperty().addListener((o, was, now) -> group.getToggles().forEach(t ->
                t.setSelected(t.getUserData().equals(now))));
        CheckBox spo = new CheckBox("SPO degree loss beside the alignment loss (the \"spo\" section)");
        spo.setId("spo-toggle");
        spo.selectedProperty().bindBidirectional(vm.spoProperty());
        spo.disableProperty().bind(vm.methodProperty().isEqualTo("sft"));
        LossPickerView losses = new LossPickerView(vm.losses(), vm.pluginProblems());
        losses.disableProperty().bind(vm.methodProperty().isEqualTo("sft"));
        VBox.setVgrow(losses, Priority.ALWAYS);
        VBox left = new VBox(8, title, methods, spo, losses);
        left.setPadding(new Insets(0, 10, 0, 0));
        left.setMinWidth(360);
        return left;
    }

    /**
     * One ControlsFX property sheet per section (the sections are the categories), each in a titled pane, all in one
     * scrolling column: every setting in reach at once, where a single sheet's accordion shows one section at a time.
     * A section the config does not use (sdpo under method dpo) is hidden.
     */
    private VBox sheets() {
        TextField search = new TextField();
        search.setId("settings-search");
        search.setPromptText("Find a setting by name");
        VBox sections = new VBox(6);
        for (String section : ExperimentSettings.SECTIONS) {
            List<SettingField> own = vm.fields().stream().filter(f -> f.setting().section().equals(section)).toList();
            PropertySheet sheet = new PropertySheet();
            sheet.setMode(PropertySheet.Mode.NAME);
            sheet.setModeSwitcherVisible(false);
            sheet.setSearchBoxVisible(false);
            sheet.setPropertyEditorFactory(item -> new SettingEditor(((SettingItem) item).field()));
            sheet.getItems().setAll(own.stream().map(SettingItem::new).toList());
            sheet.titleFilter().bind(search.textProperty());
            TitledPane pane = new TitledPane(SettingItem.CATEGORIES.get(section), sheet);
            pane.setId("section-" + (section.isEmpty() ? "run" : section));
            pane.visibleProperty().bind(own.get(0).activeProperty());
            pane.managedProperty().bind(pane.visibleProperty());
            sections.getChildren().add(pane);
        }
        ScrollPane scroll = new ScrollPane(sections);
        scroll.setId("settings-scroll");
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox box = new VBox(6, search, scroll);
        box.setPadding(new Insets(0, 0, 0, 10));
        return box;
    }

    private VBox footer(Consumer<Path> start) {
        Label problems = new Label();
        problems.setId("problems");
        problems.setWrapText(true);
        problems.textProperty().bind(Bindings.when(vm.problemsProperty().isEmpty())
                .then("The config is valid.").otherwise(vm.problemsProperty()));
        vm.problemsProperty().addListener((o, was, now) -> style(problems, now.isEmpty()));
        style(problems, vm.problemsProperty().get().isEmpty());

        TextField command = new TextField(vm.commandLine());
        command.setId("command-line");
        command.setEditable(false);
        command.getStyleClass().add("mono");
        HBox.setHgrow(command, Priority.ALWAYS);
        Button copy = new Button("Copy");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(command.getText());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        });
        Label commandLabel = new Label("Command line:");
        HBox commandRow = new HBox(8, commandLabel, command, copy);
        commandRow.setAlignment(Pos.CENTER_LEFT);
        Label note = new Label();
        note.setWrapText(true);
        note.getStyleClass().add("view-subtitle");
        note.textProperty().bind(vm.commandNoteProperty());

        Button save = new Button("Save");
        save.setId("save");
        save.disableProperty().bind(vm.configProperty().isNull().or(vm.canSaveProperty().not())
                .or(vm.dirtyProperty().not()));
        save.setOnAction(e -> vm.saveFromButton());
        Button reload = new Button("Reload");
        reload.setId("reload");
        reload.setTooltip(new Tooltip("Read experiment.json again; unsaved edits are dropped"));
        reload.setOnAction(e -> vm.reload());
        Button run = new Button();
        run.setId("start");
        run.setDefaultButton(true);
        run.textProperty().bind(Bindings.when(vm.dirtyProperty()).then("Save and start").otherwise("Start run"));
        run.disableProperty().bind(vm.configProperty().isNull().or(vm.canSaveProperty().not()));
        run.setOnAction(e -> vm.startFromButton(start));
        Label status = new Label();
        status.setId("setup-status");
        status.textProperty().bind(Bindings.when(vm.startBlockedProperty().isEmpty()).then(vm.statusProperty())
                .otherwise(Bindings.concat("Start is off: ", vm.startBlockedProperty())));
        status.setWrapText(true);
        HBox buttons = new HBox(8, save, reload, run, status);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, problems, commandRow, note, buttons);
        box.setPadding(new Insets(8, 0, 0, 0));
        return box;
    }

    private static void style(Label l, boolean ok) {
        l.getStyleClass().removeAll("ok-text", "error-text");
        l.getStyleClass().add(ok ? "ok-text" : "error-text");
    }
}
