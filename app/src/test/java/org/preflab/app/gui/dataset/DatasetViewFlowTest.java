package org.preflab.app.gui.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.animation.AnimationTimer;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.GuiTestSupport;
import org.preflab.app.gui.Workbench;
import org.preflab.app.gui.project.Pictures;
import org.preflab.app.gui.shell.MainWindow;
import org.preflab.engine.runtime.EngineThread;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.NodeQueryUtils;

/**
 * A 100,000-pair file with bad records in a real window: the FX thread keeps pulsing while it loads and filters
 * (the longest gap between pulses is measured), and clicking a report item selects its line in the table.
 */
class DatasetViewFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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
    }

    @Test
    void largeFileStaysSmoothAndReportItemsSelectTheirLines() throws Exception {
        Path file = tmp.resolve("pairs.jsonl");
        List<String> lines = new ArrayList<>(100_000);
        String[] names = {"Lily", "Tom", "Sue", "Max", "Ben", "Mia"};
        for (int i = 1; i <= 100_000; i++) {
            String who = names[i % names.length];
            if (i == 70_001) {
                lines.add("{\"prompt\": \"" + who + " ran.\", \"chosen\": \"\", \"rejected\": \" " + who + " fell.\"}");
            } else if (i == 99_999) {
                lines.add("{\"prompt\": \"broken");
            } else {
                lines.add(JSON.writeValueAsString(Map.of("prompt", "Once upon a time, " + who + " number " + i + " went out.",
                        "chosen", " " + who + " shared the toy with a friend.", "rejected", " " + who + " broke the toy.")));
            }
        }
        Files.write(file, lines);
        System.setProperty("preflab.recent", tmp.resolve("recent.txt").toString());
        FxToolkit.registerPrimaryStage();
        wb = new Workbench(new EngineThread());
        w = GuiTestSupport.onFx(() -> {
            MainWindow m = new MainWindow(wb, new Stage());
            m.show();
            return m;
        });
        Path small = tmp.resolve("small.jsonl");
        Files.write(small, lines.subList(0, 10));
        long firstOpen = GuiTestSupport.onFx(() -> {
            long a = System.nanoTime();
            w.openDataset(small);
            return System.nanoTime() - a;
        });
        GuiTestSupport.waitFor(30, "the small file's report", () -> report().getItems().size() >= 1);
        // the first view of a JVM pays for loading JavaFX controls and JFreeChart once; measured apart
        System.out.printf("dataset view: the first one (cold) is built in %d ms%n", firstOpen / 1_000_000);
        PulseGaps idle = GuiTestSupport.onFx(() -> {
            PulseGaps g = new PulseGaps();
            g.start();
            return g;
        });
        Thread.sleep(3000);
        long idleGap = GuiTestSupport.onFx(idle::stopAndGet);
        PulseGaps gaps = GuiTestSupport.onFx(() -> {
            PulseGaps g = new PulseGaps();
            g.start();
            w.openDataset(file);
            return g;
        });
        GuiTestSupport.waitFor(60, "100,000 rows in the table", () -> table().getItems().size() == 100_000);
        GuiTestSupport.waitFor(60, "the report", () -> report().getItems().size() >= 2);
        robot.clickOn(robot.lookup("#dataset-filter").match(NodeQueryUtils.isVisible()).queryAs(javafx.scene.Node.class))
                .write("number 4242");
        GuiTestSupport.waitFor(20, "the filter applied", () -> table().getItems().size() == 11);
        GuiTestSupport.onFx(() -> {
            table().scrollTo(5);
            return null;
        });
        long longest = GuiTestSupport.onFx(gaps::stopAndGet);
        System.out.printf("dataset view, 100,000 pairs: longest gap between FX pulses while loading and filtering: %d ms"
                + " (idle window before: %d ms)%n", longest / 1_000_000, idleGap / 1_000_000);
        // reading the file on the FX thread would stall it for seconds; the bound leaves room for a busy machine
        assertTrue(longest < 2_000_000_000L, "the FX thread stalled " + longest / 1_000_000 + " ms");

        // a report item selects its line, clearing the filter that hides it
        ReportItem bad = GuiTestSupport.onFx(() -> report().getItems().stream().filter(i -> i.firstLine() == 70_001)
                .findFirst().orElseThrow());
        GuiTestSupport.onFx(() -> {
            report().getSelectionModel().select(bad);
            return null;
        });
        GuiTestSupport.settle();
        assertEquals(70_001, (int) GuiTestSupport.onFx(() -> ((PairRow) table().getSelectionModel().getSelectedItem()).line()));
        assertEquals(100_000, (int) GuiTestSupport.onFx(() -> table().getItems().size()), "the filter was cleared");
        GuiTestSupport.snapshot(w.stage().getScene().getRoot(), Pictures.file("gui-dataset-problems.png"));
    }

    /** The table of the dataset tab on show (each dataset tab has one). */
    private TableView<?> table() {
        return robot.lookup("#dataset-table").match(NodeQueryUtils.isVisible()).queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    private ListView<ReportItem> report() {
        return robot.lookup("#dataset-report").match(NodeQueryUtils.isVisible()).queryAs(ListView.class);
    }

    /** The longest time between two JavaFX pulses (frames) while it runs. */
    static final class PulseGaps extends AnimationTimer {
        private long last;
        private long longest;

        @Override
        public void handle(long now) {
            if (last != 0) {
                longest = Math.max(longest, now - last);
            }
            last = now;
        }

        long stopAndGet() {
            stop();
            return longest;
        }
    }
}
