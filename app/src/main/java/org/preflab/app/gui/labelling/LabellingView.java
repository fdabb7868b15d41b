package org.preflab.app.gui.labelling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.engine.oracle.HumanAnswer;
import org.preflab.engine.spi.Judgement.Verdict;

/**
 * Labelling a run's human-oracle questions: the prompt, completions A and B side by side, and A, B, T (tie) and S
 * (skip) as buttons and as keys. The view itself holds the keyboard focus (the buttons and texts never take it from
 * the keys), so a person can label with the keys alone. Binds {@link LabellingViewModel}.
 */
public final class LabellingView extends BorderPane {
    private static final Map<KeyCode, Verdict> KEYS = Map.of(KeyCode.A, Verdict.A, KeyCode.B, Verdict.B,
            KeyCode.T, Verdict.TIE, KeyCode.S, Verdict.SKIP);

    private final LabellingViewModel vm;

    public LabellingView(LabellingViewModel vm) {
        this.vm = vm;
        setId("labelling-view");
        setPadding(new Insets(10));
        setFocusTraversable(true);
        setTop(header());
        // the last answers right under the question: the page reads top down, the spare room stays at the bottom
        VBox page = new VBox(question(), answers());
        setCenter(page);
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            Verdict v = KEYS.get(e.getCode());
            if (v != null && !e.isShortcutDown() && !e.isAltDown()) {
                e.consume();
                vm.answer(v);
            }
        });
        addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> requestFocus());
        sceneProperty().addListener((o, was, now) -> {
            if (now != null) {
                Platform.runLater(this::requestFocus); // a new tab's content does not get the focus by itself
            } else if (was != null) {
                vm.close(); // the tab closed
            }
        });
    }

    /** The view as the workbench opens it; a folder whose queue cannot be opened gets a one-line message. */
    public static Node open(Path runDir) {
        try {
            LabellingViewModel vm = LabellingViewModel.open(runDir, ModelThreads.gui());
            vm.start();
            return new LabellingView(vm);
        } catch (IOException | RuntimeException e) {
            Label l = new Label("Cannot open the questions of " + runDir.getFileName() + ": " + e.getMessage());
            l.getStyleClass().add("error-text");
            l.setPadding(new Insets(10));
            return l;
        }
    }

    public LabellingViewModel viewModel() {
        return vm;
    }

    private Node header() {
        Label title = new Label("Label pairs: " + vm.runDir().getFileName());
        title.getStyleClass().add("view-title");
        Label help = new Label("Which completion of the prompt is better? Press A or B, T for a tie, S to skip. "
                + "Answers are final: each is saved at once (as " + vm.who() + ") and the run goes on with it.");
        help.getStyleClass().add("view-subtitle");
        help.setWrapText(true);
        Label progress = new Label();
        progress.setId("labelling-progress");
        progress.getStyleClass().add("section-title");
        progress.textProperty().bind(vm.progressProperty());
        Label context = new Label();
        context.getStyleClass().add("view-subtitle");
        context.textProperty().bind(vm.contextProperty());
        VBox box = new VBox(6, title, help, progress, context);
        box.setPadding(new Insets(0, 0, 8, 0));
        return box;
    }

    private Node question() {
        Label prompt = new Label();
        prompt.setId("labelling-prompt");
        prompt.getStyleClass().add("labelling-prompt");
        prompt.setWrapText(true);
        prompt.setMaxWidth(Double.MAX_VALUE);
        TextArea a = completion("labelling-a");
        TextArea b = completion("labelling-b");
        vm.currentProperty().addListener((o, was, c) -> {
            prompt.setText(c == null ? "" : c.prompt());
            a.setText(c == null ? "" : c.a());
            b.setText(c == null ? "" : c.b());
        });
        // the buttons sit right under the texts; a long completion scrolls inside its box
        HBox sides = new HBox(10, side("A", a), side("B", b));
        sides.setPrefHeight(300);
        sides.setMinHeight(160);
        HBox buttons = new HBox(10, button("A is better   [A]", Verdict.A), button("B is better   [B]", Verdict.B),
                button("Tie   [T]", Verdict.TIE), button("Skip   [S]", Verdict.SKIP));
        buttons.setAlignment(Pos.CENTER);
        VBox card = new VBox(8, new Label("Prompt"), prompt, sides, buttons);
        card.visibleProperty().bind(vm.currentProperty().isNotNull());
        Label nothing = new Label("Nothing waiting. New questions appear here as the run asks them.");
        nothing.setId("labelling-nothing");
        nothing.getStyleClass().add("section-title");
        nothing.visibleProperty().bind(card.visibleProperty().not());
        StackPane center = new StackPane(card, nothing);
        StackPane.setAlignment(nothing, Pos.TOP_LEFT);
        nothing.setMinHeight(40);
        card.managedProperty().bind(card.visibleProperty()); // with nothing waiting, the answers move up
        nothing.managedProperty().bind(nothing.visibleProperty());
        return center;
    }

    private static TextArea completion(String id) {
        TextArea t = new TextArea();
        t.setId(id);
        t.setEditable(false);
        t.setWrapText(true);
        t.setFocusTraversable(false);
        t.getStyleClass().add("labelling-completion");
        return t;
    }

    private static VBox side(String name, TextArea text) {
        Label title = new Label(name);
        title.getStyleClass().add("labelling-side");
        VBox box = new VBox(4, title, text);
        VBox.setVgrow(text, Priority.ALWAYS);
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setPrefWidth(100); // equal halves: the HBox shares the rest alike
        return box;
    }

    private Button button(String text, Verdict v) {
        Button b = new Button(text);
        b.setId("labelling-" + v.name().toLowerCase(java.util.Locale.ROOT));
        b.setFocusTraversable(false); // the keys go to the view, never to a focused button
        b.setMinWidth(150);
        b.getStyleClass().add("labelling-answer");
        b.setOnAction(e -> {
            vm.answer(v);
            requestFocus();
        });
        b.disableProperty().bind(vm.currentProperty().isNull().or(vm.busyProperty()));
        return b;
    }

    private Node answers() {
        Label title = new Label("Last answers (final; newest first)");
        title.getStyleClass().add("section-title");
        ListView<HumanAnswer> list = new ListView<>(vm.recent());
        list.setId("labelling-recent");
        list.setFocusTraversable(false);
        list.setPrefHeight(LabellingViewModel.RECENT * 26 + 4);
        list.setPlaceholder(new Label("No answers yet"));
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(HumanAnswer a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : LabellingViewModel.when(a) + "  "
                        + LabellingViewModel.describe(a.verdict()) + "  ·  " + excerpt(a.prompt()) + "  ·  " + a.who());
            }
        });
        Label status = new Label();
        status.setId("labelling-status");
        status.getStyleClass().add("view-subtitle");
        status.textProperty().bind(vm.statusProperty());
        VBox box = new VBox(4, title, list, status);
        box.setPadding(new Insets(8, 0, 0, 0));
        return box;
    }

    static String excerpt(String text) {
        String one = text.strip().replaceAll("\\s+", " ");
        return one.length() <= 80 ? one : one.substring(0, 79) + "…";
    }
}
