package org.preflab.app.gui.start;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.preflab.app.gui.common.IoThreads;

/**
 * "New project": pick a Hugging Face model folder and a preference file, name the project and choose where it
 * goes. Both inputs are checked by the engine as they are chosen; every problem is listed with its file and line,
 * and Create stays off until there are none.
 */
public final class NewProjectDialog extends Dialog<Path> {
    private final NewProjectViewModel vm;
    private final Label createError = new Label();

    public NewProjectDialog(Window owner, Path defaultLocation) {
        vm = new NewProjectViewModel(defaultLocation, IoThreads.shared(), Platform::runLater);
        initOwner(owner);
        setTitle("New project");
        setHeaderText("A DPO project from a Hugging Face model folder and a preference file");
        setResizable(true);

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        TextField model = field(vm.modelDirProperty(), "model-dir");
        TextField data = field(vm.dataFileProperty(), "data-file");
        TextField name = field(vm.nameProperty(), "project-name");
        TextField where = field(vm.locationProperty(), "project-location");
        form.addRow(0, fixed("Model folder"), model, browse("Browse...", () -> chooseDir("Model folder", model)));
        form.addRow(1, new Label(""), info(vm.modelInfoProperty()));
        form.addRow(2, fixed("Preference file"), data, browse("Browse...", () -> chooseFile(data)));
        form.addRow(3, new Label(""), info(vm.dataInfoProperty()));
        form.addRow(4, fixed("Project name"), name);
        form.addRow(5, fixed("Create in"), where, browse("Browse...", () -> chooseDir("Create the project in", where)));
        GridPane.setHgrow(model, Priority.ALWAYS);

        ListView<String> problems = new ListView<>(vm.problems());
        problems.setId("new-project-problems");
        problems.setPrefHeight(160);
        problems.getStyleClass().add("problem-list");
        problems.setPlaceholder(new Label("None."));
        Label checking = new Label("checking...");
        checking.visibleProperty().bind(vm.checkingProperty());
        createError.getStyleClass().add("error-text");
        createError.setWrapText(true);
        VBox content = new VBox(10, form, checking, new Label("Problems (Create is possible when there are none):"),
                problems, createError);
        content.setPadding(new Insets(10));
        content.setPrefWidth(820);
        getDialogPane().setContent(content);

        ButtonType create = new ButtonType("Create", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);
        Button ok = (Button) getDialogPane().lookupButton(create);
        ok.disableProperty().bind(vm.readyProperty().not());
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            try {
                vm.create();
            } catch (IOException | RuntimeException failed) {
                createError.setText(failed.getMessage());
                e.consume(); // stay open: the message says what to change
            }
        });
        setResultConverter(b -> b == create ? vm.target() : null);
        vm.check();
    }

    /** The view-model, for tests. */
    public NewProjectViewModel viewModel() {
        return vm;
    }

    private static TextField field(javafx.beans.property.StringProperty p, String id) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(48);
        f.textProperty().bindBidirectional(p);
        return f;
    }

    private static Label info(javafx.beans.value.ObservableStringValue text) {
        Label l = new Label();
        l.textProperty().bind(text);
        l.getStyleClass().add("view-subtitle");
        return l;
    }

    /** A form label that keeps its whole text however narrow the dialog. */
    private static Label fixed(String text) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private static Button browse(String text, Runnable action) {
        Button b = new Button(text);
        b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        b.setOnAction(e -> action.run());
        return b;
    }

    private void chooseDir(String title, TextField target) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle(title);
        initial(target.getText()).filter(File::isDirectory).ifPresent(c::setInitialDirectory);
        File f = c.showDialog(getOwner());
        if (f != null) {
            target.setText(f.getAbsolutePath());
        }
    }

    private void chooseFile(TextField target) {
        FileChooser c = new FileChooser();
        c.setTitle("Preference file");
        c.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Preference data (*.jsonl, *.json)",
                "*.jsonl", "*.json"), new FileChooser.ExtensionFilter("All files", "*"));
        initial(target.getText()).map(File::getParentFile).ifPresent(c::setInitialDirectory);
        File f = c.showOpenDialog(getOwner());
        if (f != null) {
            target.setText(f.getAbsolutePath());
        }
    }

    private static Optional<File> initial(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(text.strip());
        return Files.exists(p) ? Optional.of(p.toFile()) : Optional.empty();
    }
}
