package org.preflab.app.gui.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.GuiTestSupport;
import org.preflab.app.gui.Workbench;
import org.preflab.app.gui.project.Pictures;
import org.preflab.app.gui.project.TestProjects;
import org.preflab.app.gui.shell.MainWindow;
import org.preflab.engine.run.RunHandle;
import org.preflab.engine.run.RunState;
import org.preflab.engine.runtime.EngineThread;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The main flows of the start page, explorer, dataset and checkpoint views in a real window (headless): open the
 * sample project from the start page, watch a run appear and finish in the explorer without losing the selection,
 * open the dataset and filter it, open the model and generate. Each view is saved as a 1600x1000 PNG (into docs/
 * with -Dpreflab.pictures=true, else target/pictures).
 */
class ExplorerFlowTest {
    @TempDir Path tmp;
    private Workbench wb;
    private MainWindow w;
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void close() throws Exception {
        if (w != null) {
            GuiTestSupport.onFx(() -> {
                w.stage().hide();
                return null;
            });
        }
        if (wb != null) {
            wb.close();
            wb.engine().close();
        }
        System.clearProperty("preflab.samples");
    }

    @Test
    void sampleProjectFromStartPageToDatasetAndCheckpoint() throws Exception {
        Path samples = tmp.resolve("samples");
        Path project = TestProjects.copySample(samples);
        TestProjects.shorten(project, 6);
        TestProjects.copySample(samples, "tinystories-sft");
        System.setProperty("preflab.samples", samples.toString());
        System.setProperty("preflab.recent", tmp.resolve("recent.txt").toString());
        FxToolkit.registerPrimaryStage();
        wb = new Workbench(new EngineThread());
        w = GuiTestSupport.onFx(() -> {
            MainWindow m = new MainWindow(wb, new Stage());
            m.show();
            m.openStartPage();
            return m;
        });
        GuiTestSupport.settle();

        robot.clickOn("#open-sample-tinystories-dpo");
        GuiTestSupport.waitFor(20, "the explorer lists the project's data and model",
                () -> explorer() != null && explorer().datasets().size() == 1 && !explorer().checkpoints().isEmpty());
        assertEquals("data/pairs.jsonl", explorer().datasets().get(0).label());

        // a run started now appears by itself; select it, and the selection survives every refresh until it ends
        RunHandle h = wb.start(project.resolve("experiment.json"));
        GuiTestSupport.waitFor(120, "the run in the explorer", () -> !explorer().runs().isEmpty());
        ExplorerEntry run = explorer().runs().get(0);
        TreeItem<ExplorerEntry> runItem = GuiTestSupport.onFx(() -> itemOf(run));
        GuiTestSupport.onFx(() -> {
            tree().getSelectionModel().clearSelection();
            tree().getSelectionModel().select(runItem);
            return null;
        });
        h.outcome().get(5, java.util.concurrent.TimeUnit.MINUTES);
        GuiTestSupport.waitFor(20, "the explorer shows the run finished", () -> run.state() == RunState.FINISHED
                && explorer().checkpoints().size() == 2);
        assertSame(run, GuiTestSupport.onFx(() -> tree().getSelectionModel().getSelectedItem().getValue()),
                "still selected after the updates");
        assertEquals("finished, step 6 / 6, dpo", run.detail());
        GuiTestSupport.onFx(() -> {
            TreeItem<ExplorerEntry> group = itemOf(explorer().checkpoints().get(1));
            group.setExpanded(true);
            return null;
        });
        GuiTestSupport.settle();
        picture("gui-explorer.png");

        // the run's menu opens its views through the navigator
        Node runCell = cellOf(run);
        robot.rightClickOn(runCell);
        // Monocle makes no context-menu event from a right click (a desktop does): send the one it would
        GuiTestSupport.onFx(() -> {
            var b = runCell.localToScreen(runCell.getBoundsInLocal());
            javafx.event.Event.fireEvent(runCell, new javafx.scene.input.ContextMenuEvent(
                    javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, 20, 10, b.getMinX() + 20, b.getMinY() + 10,
                    false, null));
            return null;
        });
        robot.clickOn("Pairs (drill-down)");
        GuiTestSupport.waitFor(10, "the drill-down tab", () -> w.tabs().getTabs().stream()
                .anyMatch(t -> t.getId().equals("pairs:" + run.path())));

        // dataset: double-click, then filter
        robot.doubleClickOn(cellOf(explorer().datasets().get(0)));
        GuiTestSupport.waitFor(30, "the dataset table filled", () -> table() != null && table().getItems().size() == 64);
        robot.clickOn("#dataset-filter").write("Lily");
        GuiTestSupport.waitFor(10, "the filter applied", () -> table().getItems().size() > 0 && table().getItems().size() < 64);
        GuiTestSupport.waitFor(60, "the token report", () -> {
            var l = robot.lookup("#dataset-limits").queryLabeled();
            return l.getText().startsWith("Token lengths");
        });
        GuiTestSupport.onFx(() -> {
            table().getSelectionModel().select(0);
            return null;
        });
        GuiTestSupport.settle();
        picture("gui-dataset.png");

        // checkpoint: double-click the newest checkpoint of the run, generate
        ExplorerEntry newest = explorer().checkpoints().get(1).children().get(explorer().checkpoints().get(1).children().size() - 1);
        robot.doubleClickOn(cellOf(newest));
        GuiTestSupport.waitFor(30, "the checkpoint's facts", () -> robot.lookup("#checkpoint-facts").tryQuery().isPresent()
                && !((javafx.scene.layout.GridPane) robot.lookup("#checkpoint-facts").query()).getChildren().isEmpty());
        robot.clickOn("#generate");
        GuiTestSupport.waitFor(60, "generated text", () -> {
            TextArea out = robot.lookup("#generate-output").queryAs(TextArea.class);
            return !out.getText().isEmpty() && robot.lookup("#generate-status").queryLabeled().getText().contains("tokens in");
        });
        picture("gui-checkpoint.png");

        // back on the start page, the project is a recent one
        GuiTestSupport.onFx(() -> {
            w.tabs().getSelectionModel().select(0);
            return null;
        });
        GuiTestSupport.waitFor(10, "the recent project listed", () -> robot.lookup("#recent-projects")
                .queryListView().getItems().size() == 1);
        picture("gui-start-page.png");
    }

    private ExplorerViewModel explorer() {
        return robot.lookup("#explorer").tryQueryAs(ExplorerView.class).map(ExplorerView::viewModel).orElse(null);
    }

    @SuppressWarnings("unchecked")
    private TreeView<ExplorerEntry> tree() {
        return robot.lookup("#explorer-tree").queryAs(TreeView.class);
    }

    @SuppressWarnings("unchecked")
    private TableView<?> table() {
        return robot.lookup("#dataset-table").tryQueryAs(TableView.class).filter(Node::isVisible).orElse(null);
    }

    private TreeItem<ExplorerEntry> itemOf(ExplorerEntry e) {
        TreeView<ExplorerEntry> t = tree();
        for (int i = 0; i < t.getExpandedItemCount(); i++) {
            if (t.getTreeItem(i).getValue() == e) {
                return t.getTreeItem(i);
            }
        }
        throw new AssertionError("no tree row for " + e);
    }

    private Node cellOf(ExplorerEntry e) throws Exception {
        GuiTestSupport.onFx(() -> {
            tree().scrollTo(tree().getRow(itemOf(e)));
            return null;
        });
        GuiTestSupport.settle();
        return robot.lookup(".tree-cell").queryAll().stream()
                .filter(n -> n instanceof TreeCell<?> c && c.getItem() == e).findFirst()
                .orElseThrow(() -> new AssertionError("no visible cell for " + e));
    }

    private void picture(String name) throws Exception {
        Path png = GuiTestSupport.snapshot(w.stage().getScene().getRoot(), Pictures.file(name));
        assertTrue(Files.size(png) > 10_000, png + " is nearly empty");
    }
}
