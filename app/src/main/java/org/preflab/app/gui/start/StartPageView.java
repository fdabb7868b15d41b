package org.preflab.app.gui.start;

import java.io.File;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.preflab.app.gui.project.ProjectSummary;

/** The start page: sample projects as cards, recent projects as a list, and Open folder / New project. */
public final class StartPageView extends BorderPane {
    private final StartPageViewModel vm;

    public StartPageView(StartPageViewModel vm) {
        this.vm = vm;
        setId("start-page");
        getStyleClass().add("start-page");
        setPadding(new Insets(24, 32, 24, 32));

        Label title = new Label("PrefLab");
        title.getStyleClass().add("start-title");
        Label subtitle = new Label("Preference optimisation of language models on this computer: DPO and its loss "
                + "variants, stepwise DPO and SPO, with every metric recorded as it trains.");
        subtitle.getStyleClass().add("view-subtitle");
        Button openFolder = new Button("Open folder...");
        openFolder.setId("open-folder");
        openFolder.setOnAction(e -> chooseFolder());
        Button newProject = new Button("New project...");
        newProject.setId("new-project");
        newProject.setOnAction(e -> newProject());
        Label error = new Label();
        error.setId("start-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        HBox actions = new HBox(10, openFolder, newProject);
        VBox header = new VBox(6, title, subtitle, actions, error);
        header.setPadding(new Insets(0, 0, 18, 0));
        setTop(header);

        VBox samples = new VBox(10, section("Sample projects"), note(), sampleCards(), gettingStarted());
        ScrollPane samplesScroll = new ScrollPane(samples);
        samplesScroll.setFitToWidth(true);
        samplesScroll.getStyleClass().add("edge-to-edge");
        ListView<ProjectSummary> recentList = recentList();
        VBox recent = new VBox(10, section("Recent projects"), recentList);
        VBox.setVgrow(recentList, Priority.NEVER);
        HBox columns = new HBox(32, samplesScroll, recent);
        HBox.setHgrow(samplesScroll, Priority.ALWAYS);
        recent.setPrefWidth(620);
        recent.setMinWidth(420);
        samplesScroll.setPrefWidth(760);
        setCenter(columns);
        // back on this tab: projects opened meanwhile are recent now
        visibleProperty().addListener((o, was, now) -> {
            if (now) {
                vm.reload();
            }
        });
    }

    private static VBox gettingStarted() {
        Label title = section("How a project works");
        Label text = new Label("A project is a folder with an experiment.json naming a Hugging Face model folder and "
                + "preference data (prompt, chosen, rejected). Opening it lists its datasets, checkpoints and runs on "
                + "the left; double-click one to open it. Run setup edits the experiment and starts a run; the "
                + "dashboard shows its metrics as it trains. Runs started from the command line (preflab run) appear "
                + "here too.");
        text.setWrapText(true);
        text.getStyleClass().add("view-subtitle");
        VBox box = new VBox(6, title, text);
        box.setPadding(new Insets(14, 0, 0, 0));
        return box;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private Label note() {
        Label l = new Label();
        l.getStyleClass().add("warning-text");
        l.setWrapText(true);
        l.textProperty().bind(vm.samplesNoteProperty());
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        return l;
    }

    private VBox sampleCards() {
        VBox cards = new VBox(12);
        cards.setId("sample-projects");
        Runnable fill = () -> cards.getChildren().setAll(vm.samples().stream().map(this::card).toList());
        vm.samples().addListener((javafx.collections.ListChangeListener<ProjectSummary>) c -> fill.run());
        fill.run();
        return cards;
    }

    private Node card(ProjectSummary s) {
        Label name = new Label(s.name());
        name.getStyleClass().add("card-title");
        Label method = new Label(s.method().toUpperCase(java.util.Locale.ROOT));
        method.getStyleClass().add("method-tag");
        Label description = new Label(s.problem() == null ? s.description() : s.problem());
        description.setWrapText(true);
        if (s.problem() != null) {
            description.getStyleClass().add("error-text");
        }
        Label path = new Label(s.dir().toString());
        path.getStyleClass().addAll("mono", "view-subtitle");
        Button open = new Button("Open");
        open.setId("open-sample-" + s.dir().getFileName());
        open.setDefaultButton(false);
        open.setOnAction(e -> vm.open(s.dir()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(10, name, method, grow, open);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(6, top, description, path);
        card.getStyleClass().add("project-card");
        card.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                vm.open(s.dir());
            }
        });
        return card;
    }

    private ListView<ProjectSummary> recentList() {
        ListView<ProjectSummary> list = new ListView<>(vm.recent());
        list.setId("recent-projects");
        list.setPlaceholder(new Label("Projects you open appear here."));
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ProjectSummary s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Label name = new Label(s.name() + "  (" + s.method() + ")");
                name.getStyleClass().add("card-title");
                Label path = new Label(s.dir().toString());
                path.getStyleClass().addAll("mono", "view-subtitle");
                setGraphic(new VBox(2, name, path));
                setText(null);
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
                vm.open(list.getSelectionModel().getSelectedItem().dir());
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && list.getSelectionModel().getSelectedItem() != null) {
                vm.open(list.getSelectionModel().getSelectedItem().dir());
            }
        });
        // as tall as its rows (at most ten are kept), not the whole page
        list.setFixedCellSize(52);
        list.prefHeightProperty().bind(javafx.beans.binding.Bindings.max(2, javafx.beans.binding.Bindings.size(
                vm.recent())).multiply(52).add(4));
        return list;
    }

    private void chooseFolder() {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Open a project folder (holding experiment.json)");
        File f = c.showDialog(getScene().getWindow());
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    private void newProject() {
        Path where = vm.recent().isEmpty() ? Path.of(System.getProperty("user.home"), "preflab-projects")
                : vm.recent().get(0).dir().getParent();
        new NewProjectDialog(getScene().getWindow(), where).showAndWait().ifPresent(vm::open);
    }
}
