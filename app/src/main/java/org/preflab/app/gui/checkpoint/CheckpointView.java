package org.preflab.app.gui.checkpoint;

import java.util.Map;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * A checkpoint folder: what it is (family, size, tokens, config.json, chat template) on the left, and a generation
 * box on the right whose continuation grows token by token.
 */
public final class CheckpointView extends BorderPane {
    private final CheckpointViewModel vm;
    private final GridPane facts = new GridPane();
    private final TableView<Map.Entry<String, String>> config = new TableView<>();
    private final TextArea template = new TextArea();
    private final Label problem = new Label();

    public CheckpointView(CheckpointViewModel vm) {
        this.vm = vm;
        setId("checkpoint-view");
        setPadding(new Insets(12, 16, 12, 16));
        Label title = new Label(title(vm.dir()));
        title.getStyleClass().add("view-title");
        title.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the path beside it gives way, not the name
        Label path = new Label(vm.dir().toString());
        path.getStyleClass().addAll("mono", "view-subtitle");
        problem.getStyleClass().add("error-text");
        problem.setWrapText(true);
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        HBox head = new HBox(12, title, path);
        head.setAlignment(Pos.BASELINE_LEFT);
        VBox top = new VBox(4, head, problem);
        top.setPadding(new Insets(0, 0, 10, 0));
        setTop(top);

        SplitPane center = new SplitPane(factsPane(), generationPane());
        center.setDividerPositions(0.45);
        setCenter(center);
        vm.factsProperty().addListener((o, a, f) -> show(f));
        sceneProperty().addListener((o, was, now) -> {
            if (now == null && was != null) {
                vm.close(); // the tab closed: free the model
            }
        });
    }

    /** "tinystories-dpo-2026.../step-000006" for a run's checkpoint, "tinystories-dpo/model" for a project's. */
    static String title(java.nio.file.Path dir) {
        java.nio.file.Path parent = dir.getParent();
        if (parent == null) {
            return dir.toString();
        }
        if (parent.getFileName() != null && parent.getFileName().toString().equals("checkpoints")
                && parent.getParent() != null) {
            return parent.getParent().getFileName() + " / " + dir.getFileName();
        }
        return (parent.getFileName() == null ? "" : parent.getFileName() + " / ") + dir.getFileName();
    }

    private VBox factsPane() {
        facts.setId("checkpoint-facts");
        facts.setHgap(14);
        facts.setVgap(5);
        config.setId("checkpoint-config");
        TableColumn<Map.Entry<String, String>, String> key = new TableColumn<>("config.json key");
        key.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().getKey()));
        key.setPrefWidth(220);
        TableColumn<Map.Entry<String, String>, String> value = new TableColumn<>("value");
        value.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().getValue()));
        value.setPrefWidth(300);
        config.getColumns().add(key);
        config.getColumns().add(value);
        config.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        config.setPlaceholder(new Label("reading config.json..."));
        template.setId("checkpoint-template");
        template.setEditable(false);
        template.setWrapText(true);
        template.getStyleClass().add("mono");
        template.setPrefRowCount(6);
        VBox box = new VBox(8, section("Checkpoint"), facts, section("config.json"), config,
                section("Chat template"), template);
        VBox.setVgrow(config, Priority.ALWAYS);
        box.setPadding(new Insets(0, 10, 0, 0));
        return box;
    }

    private VBox generationPane() {
        TextArea prompt = new TextArea();
        prompt.setId("generate-prompt");
        prompt.setWrapText(true);
        prompt.setPrefRowCount(4);
        prompt.textProperty().bindBidirectional(vm.promptProperty());
        GridPane settings = new GridPane();
        settings.setHgap(8);
        settings.setVgap(6);
        settings.addRow(0, new Label("Temperature"), spinner(new SpinnerValueFactory.DoubleSpinnerValueFactory(0, 5,
                vm.temperatureProperty().get(), 0.1), vm.temperatureProperty(), "generate-temperature"),
                new Label("Top-k"), spinner(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 100_000,
                        vm.topKProperty().get(), 5), vm.topKProperty(), "generate-top-k"),
                new Label("Top-p"), spinner(new SpinnerValueFactory.DoubleSpinnerValueFactory(0.01, 1,
                        vm.topPProperty().get(), 0.05), vm.topPProperty(), "generate-top-p"));
        settings.addRow(1, new Label("Max new tokens"), spinner(new SpinnerValueFactory.IntegerSpinnerValueFactory(0,
                100_000, vm.maxNewTokensProperty().get(), 16), vm.maxNewTokensProperty(), "generate-max-new-tokens"),
                new Label("Seed"), spinner(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, Integer.MAX_VALUE,
                        vm.seedProperty().get(), 1), vm.seedProperty(), "generate-seed"));
        Button generate = new Button("Generate");
        generate.setId("generate");
        generate.setDefaultButton(true);
        generate.disableProperty().bind(vm.generatingProperty());
        generate.setOnAction(e -> vm.generate());
        Button stop = new Button("Stop");
        stop.setId("generate-stop");
        stop.disableProperty().bind(vm.generatingProperty().not());
        stop.setOnAction(e -> vm.stop());
        Label status = new Label();
        status.setId("generate-status");
        status.textProperty().bind(vm.statusProperty());
        HBox buttons = new HBox(8, generate, stop, status);
        buttons.setAlignment(Pos.CENTER_LEFT);
        Label error = new Label();
        error.setId("generate-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        TextArea output = new TextArea();
        output.setId("generate-output");
        output.setEditable(false);
        output.setWrapText(true);
        output.textProperty().bind(vm.outputProperty());
        output.setPromptText("The continuation appears here token by token.");
        VBox box = new VBox(8, section("Generate"), new Label("Prompt"), prompt, settings, buttons, error,
                new Label("Continuation"), output);
        VBox.setVgrow(output, Priority.ALWAYS);
        box.setPadding(new Insets(0, 0, 0, 10));
        return box;
    }

    private void show(CheckpointFacts f) {
        facts.getChildren().clear();
        int row = 0;
        for (Map.Entry<String, String> e : f.facts()) {
            Label k = new Label(e.getKey());
            k.getStyleClass().add("fact-key");
            Label v = new Label(e.getValue());
            v.setWrapText(true);
            facts.addRow(row++, k, v);
        }
        config.getItems().setAll(f.config());
        template.setText(f.template() == null ? "(none: tokenizer_config.json has no chat_template and there is no "
                + "chat_template.jinja; conversational data cannot be rendered for this model)" : f.template());
        problem.setText(f.problem() == null ? "" : f.problem());
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static <T> Spinner<T> spinner(SpinnerValueFactory<T> factory, javafx.beans.property.ObjectProperty<T> p,
            String id) {
        Spinner<T> s = new Spinner<>(factory);
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(110);
        factory.valueProperty().bindBidirectional(p);
        return s;
    }
}
