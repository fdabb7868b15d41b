package org.preflab.app.gui.samples;

import java.nio.file.Path;
import javafx.beans.property.Property;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * Policy and reference answers side by side for one prompt and seed at a checkpoint of the run; "policy better" or
 * "reference better" saves the pair to the project. Binds {@link SamplesModel}.
 */
public final class SamplesView extends BorderPane {
    private final SamplesModel model;

    public SamplesView(SamplesModel model) {
        this.model = model;
        setPadding(new Insets(10));
        setTop(header());
        setCenter(answers());
        setBottom(footer());
    }

    /** The view as the workbench opens it: generation on the workbench's engine thread. */
    public static SamplesView open(org.preflab.app.gui.Workbench wb, Path runDir) {
        return new SamplesView(new SamplesModel(runDir, org.preflab.app.gui.common.ModelThreads.engineShort(
                wb.engine()), org.preflab.app.gui.common.ModelThreads.gui())).load();
    }

    /** Reads the run's checkpoints and prompts. */
    public SamplesView load() {
        model.load();
        return this;
    }

    private VBox header() {
        Label title = new Label("Samples: " + model.runDir().getFileName());
        title.getStyleClass().add("view-title");
        Label help = new Label("Policy (a checkpoint of this run) and reference (the model the run started from)"
                + " answer the same prompt with the same sampling settings and seed. Say which answer is better to"
                + " save the pair as new preference data.");
        help.getStyleClass().add("view-subtitle");
        help.setWrapText(true);

        ComboBox<Path> policy = new ComboBox<>(model.policies());
        policy.setId("samples-policy");
        policy.setPrefWidth(260);
        policy.valueProperty().bindBidirectional(model.policyProperty());
        policy.setConverter(new StringConverter<>() {
            @Override
            public String toString(Path p) {
                RunModels m = model.runProperty().get();
                return p == null ? "" : m == null ? p.toString() : m.label(p);
            }

            @Override
            public Path fromString(String s) {
                return null;
            }
        });
        Label reference = new Label();
        reference.textProperty().bind(model.runProperty().map(m -> "Reference: " + m.reference()));
        reference.getStyleClass().add("view-subtitle");

        ComboBox<String> prompt = new ComboBox<>(model.prompts());
        prompt.setId("samples-prompt");
        prompt.setEditable(true);
        prompt.setMaxWidth(Double.MAX_VALUE);
        prompt.setPrefWidth(900);
        prompt.valueProperty().bindBidirectional(model.promptProperty());
        prompt.getEditor().textProperty().addListener((o, a, t) -> model.promptProperty().set(t));

        Spinner<Double> temperature = doubleSpinner(0, 5, model.temperatureProperty().get(), 0.1,
                model.temperatureProperty());
        Spinner<Integer> topK = intSpinner(0, 100_000, model.topKProperty().get(), model.topKProperty());
        Spinner<Double> topP = doubleSpinner(0.05, 1, model.topPProperty().get(), 0.05, model.topPProperty());
        Spinner<Integer> maxNew = intSpinner(1, 4096, model.maxNewTokensProperty().get(), model.maxNewTokensProperty());
        Spinner<Integer> seed = intSpinner(0, Integer.MAX_VALUE, model.seedProperty().get(), model.seedProperty());
        seed.setId("samples-seed");
        Button generate = new Button("Generate both");
        generate.setId("samples-generate");
        generate.setDefaultButton(true);
        generate.disableProperty().bind(model.busyProperty().or(model.policyProperty().isNull()));
        generate.setOnAction(e -> model.generate());

        HBox models = row(label("Policy checkpoint"), policy, reference);
        HBox promptRow = row(label("Prompt"), prompt);
        HBox.setHgrow(prompt, Priority.ALWAYS);
        HBox settings = row(label("Sampling"), label("temperature"), temperature, label("top-k"), topK,
                label("top-p"), topP, label("max new tokens"), maxNew, label("seed"), seed, generate);
        VBox grid = new VBox(6, models, promptRow, settings);
        VBox top = new VBox(8, title, help, grid);
        top.setPadding(new Insets(0, 0, 10, 0));
        return top;
    }

    /** A label that keeps its whole text (rows shrink their fields, never the words). */
    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private static HBox row(javafx.scene.Node... nodes) {
        HBox h = new HBox(8, nodes);
        h.setAlignment(Pos.CENTER_LEFT);
        // the first label of each row lines up with the others
        ((Label) nodes[0]).setMinWidth(120);
        for (javafx.scene.Node n : nodes) {
            if (n instanceof javafx.scene.control.Control c && !(n instanceof Label)) {
                c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
        return h;
    }

    private HBox answers() {
        TextArea policy = answerArea("samples-policy-answer");
        TextArea reference = answerArea("samples-reference-answer");
        model.answersProperty().addListener((o, a, ans) -> {
            policy.setText(ans == null ? "" : ans.policy());
            reference.setText(ans == null ? "" : ans.reference());
        });
        Button policyBetter = new Button("Policy is better");
        policyBetter.setId("samples-policy-better");
        Button referenceBetter = new Button("Reference is better");
        referenceBetter.setId("samples-reference-better");
        for (Button b : new Button[] {policyBetter, referenceBetter}) {
            b.disableProperty().bind(model.answersProperty().isNull().or(model.savedProperty())
                    .or(model.busyProperty()));
            b.setMaxWidth(Double.MAX_VALUE);
        }
        policyBetter.setOnAction(e -> model.prefer(true));
        referenceBetter.setOnAction(e -> model.prefer(false));
        Label policyTitle = new Label("Policy");
        policyTitle.getStyleClass().add("section-title");
        policyTitle.textProperty().bind(model.policyProperty().map(p -> {
            RunModels m = model.runProperty().get();
            return "Policy: " + (m == null ? p.getFileName() : m.label(p));
        }));
        Label referenceTitle = new Label("Reference: the run's starting model");
        referenceTitle.getStyleClass().add("section-title");
        VBox left = new VBox(6, policyTitle, policy, policyBetter);
        VBox right = new VBox(6, referenceTitle, reference, referenceBetter);
        VBox.setVgrow(policy, Priority.ALWAYS);
        VBox.setVgrow(reference, Priority.ALWAYS);
        HBox both = new HBox(12, left, right);
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        left.setPrefWidth(10_000);
        right.setPrefWidth(10_000);
        return both;
    }

    private VBox footer() {
        Label status = new Label();
        status.setId("samples-status");
        status.textProperty().bind(model.statusProperty());
        status.setWrapText(true);
        Label error = new Label();
        error.setId("samples-error");
        error.textProperty().bind(model.errorProperty());
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        VBox v = new VBox(4, status, error);
        v.setPadding(new Insets(8, 0, 0, 0));
        return v;
    }

    private static TextArea answerArea(String id) {
        TextArea t = new TextArea();
        t.setId(id);
        t.setEditable(false);
        t.setWrapText(true);
        t.setStyle("-fx-font-size: 15px;");
        return t;
    }

    private static Spinner<Double> doubleSpinner(double min, double max, double value, double step,
            Property<Number> target) {
        Spinner<Double> s = new Spinner<>(min, max, value, step);
        s.setEditable(true);
        s.setPrefWidth(85);
        s.valueProperty().addListener((o, a, v) -> target.setValue(v));
        return s;
    }

    private static Spinner<Integer> intSpinner(int min, int max, int value, Property<Number> target) {
        Spinner<Integer> s = new Spinner<>(min, max, value);
        s.setEditable(true);
        s.setPrefWidth(max > 100_000 ? 110 : 85);
        s.valueProperty().addListener((o, a, v) -> target.setValue(v));
        return s;
    }
}
