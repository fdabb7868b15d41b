package org.preflab.app.gui.explorer;

import java.util.List;
import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The project explorer (the window's side panel): a tree of the project's datasets, checkpoints and runs (and its
 * comparison, for a sample with one). Double
 * click (or Enter) opens; runs have a menu for their views, Compare (several selected) and Resume. The tree mirrors
 * the view-model's lists change by change, so that a refresh never resets selection or expansion.
 */
public final class ExplorerView extends VBox {
    private final ExplorerViewModel vm;
    private final TreeView<ExplorerEntry> tree = new TreeView<>();

    public ExplorerView(ExplorerViewModel vm) {
        this.vm = vm;
        setId("explorer");
        getStyleClass().add("explorer");
        setPadding(new Insets(8));
        setSpacing(6);
        setMinWidth(260);

        Label title = new Label();
        title.getStyleClass().add("section-title");
        title.textProperty().bind(vm.titleProperty());
        Button setup = new Button("Setup");
        setup.setId("explorer-setup");
        setup.setOnAction(e -> vm.openSetup());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox header = new HBox(6, title, grow, setup);
        header.setAlignment(Pos.CENTER_LEFT);
        Label error = new Label();
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(vm.configErrorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());

        TreeItem<ExplorerEntry> root = new TreeItem<>();
        for (ExplorerEntry section : vm.sections()) {
            TreeItem<ExplorerEntry> item = mirror(section);
            item.setExpanded(true);
            root.getChildren().add(item);
        }
        // a sample's comparison heads the tree, shown only while the project has one
        TreeItem<ExplorerEntry> comparison = mirror(vm.comparisonSection());
        comparison.setExpanded(true);
        Runnable showComparison = () -> {
            boolean has = !vm.comparisonSection().children().isEmpty();
            if (has && !root.getChildren().contains(comparison)) {
                root.getChildren().add(0, comparison);
            } else if (!has) {
                root.getChildren().remove(comparison);
            }
        };
        vm.comparisonSection().children().addListener((ListChangeListener<ExplorerEntry>) c -> showComparison.run());
        showComparison.run();
        tree.setId("explorer-tree");
        tree.setRoot(root);
        tree.setShowRoot(false);
        tree.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        tree.setCellFactory(t -> new ExplorerCell());
        tree.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                vm.open(selected());
            }
        });
        tree.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.open(selected());
            }
        });
        // the menu depends on what is selected; filled by a filter, which runs before the tree shows its menu (an
        // empty ContextMenu would not show at all)
        tree.setContextMenu(new ContextMenu());
        fillMenu(tree.getContextMenu());
        tree.addEventFilter(javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED,
                e -> fillMenu(tree.getContextMenu()));
        VBox.setVgrow(tree, Priority.ALWAYS);
        getChildren().addAll(header, error, tree);

        // the poll stops when this panel leaves the window (another project opened, window closed)
        sceneProperty().addListener((o, was, now) -> {
            if (now == null && was != null) {
                vm.close();
            }
        });
    }

    public TreeView<ExplorerEntry> tree() {
        return tree;
    }

    public ExplorerViewModel viewModel() {
        return vm;
    }

    private ExplorerEntry selected() {
        TreeItem<ExplorerEntry> i = tree.getSelectionModel().getSelectedItem();
        return i == null ? null : i.getValue();
    }

    private List<ExplorerEntry> allSelected() {
        return tree.getSelectionModel().getSelectedItems().stream().filter(Objects::nonNull).map(TreeItem::getValue)
                .filter(Objects::nonNull).toList();
    }

    private void fillMenu(ContextMenu menu) {
        ExplorerEntry e = selected();
        menu.getItems().clear();
        if (e == null || e.kind() == ExplorerEntry.Kind.SECTION) {
            menu.getItems().add(item("Open run setup", () -> vm.openSetup(), true));
            return;
        }
        if (e.kind() == ExplorerEntry.Kind.COMPARISON) {
            menu.getItems().add(item("Open comparison results", () -> vm.open(e), true));
            return;
        }
        if (e.kind() != ExplorerEntry.Kind.RUN) {
            menu.getItems().add(item("Open", () -> vm.open(e), true));
            return;
        }
        List<ExplorerEntry> chosen = allSelected();
        menu.getItems().addAll(
                item("Open dashboard", () -> vm.open(e), true),
                item("Samples", () -> vm.samples(e), true),
                item("Pairs (drill-down)", () -> vm.drillDown(e), true),
                item("Open loss curves", () -> vm.lossCurves(e), true));
        if (e.runKind().isApl()) {
            menu.getItems().add(item("Acquisition", () -> vm.acquisition(e), true));
        }
        if (e.runKind().asksAPerson()) {
            menu.getItems().add(item("Label pairs", () -> vm.labelling(e), true));
        }
        menu.getItems().addAll(
                new SeparatorMenuItem(),
                item("Compare selected (" + chosen.stream().filter(x -> x.kind() == ExplorerEntry.Kind.RUN).count() + ")",
                        () -> vm.compare(chosen), ExplorerViewModel.canCompare(chosen)),
                item("Resume", () -> vm.resume(e), vm.canResume(e)));
    }

    private static MenuItem item(String text, Runnable action, boolean enabled) {
        MenuItem m = new MenuItem(text);
        m.setOnAction(x -> action.run());
        m.setDisable(!enabled);
        return m;
    }

    /** A tree item for {@code entry} whose children follow {@code entry.children()} change by change. */
    private static TreeItem<ExplorerEntry> mirror(ExplorerEntry entry) {
        TreeItem<ExplorerEntry> item = new TreeItem<>(entry);
        entry.children().forEach(c -> item.getChildren().add(mirror(c)));
        entry.children().addListener((ListChangeListener<ExplorerEntry>) c -> {
            while (c.next()) {
                if (c.wasPermutated()) {
                    item.getChildren().setAll(c.getList().stream().map(x -> find(item, x)).toList());
                    continue;
                }
                if (c.wasRemoved()) {
                    item.getChildren().remove(c.getFrom(), c.getFrom() + c.getRemovedSize());
                }
                if (c.wasAdded()) {
                    item.getChildren().addAll(c.getFrom(), c.getAddedSubList().stream()
                            .map(ExplorerView::mirror).toList());
                }
            }
        });
        return item;
    }

    private static TreeItem<ExplorerEntry> find(TreeItem<ExplorerEntry> parent, ExplorerEntry e) {
        return parent.getChildren().stream().filter(i -> i.getValue() == e).findFirst().orElseGet(() -> mirror(e));
    }
}
