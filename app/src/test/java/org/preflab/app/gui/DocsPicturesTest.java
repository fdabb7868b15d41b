package org.preflab.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.shell.MainWindow;
import org.preflab.engine.oracle.HumanQueue;
import org.preflab.engine.run.RunLog;
import org.preflab.engine.run.RunState;
import org.preflab.engine.spi.Judgement.Verdict;

/**
 * Every view of the workbench after a real short run of the bundled sample project, rendered headless at 1600x1000.
 * In the suite the pictures go to app/target/docs-pictures and each must show real content; to refresh the README's
 * pictures: {@code mvn -B -pl app test -Dtest=DocsPicturesTest -Dpreflab.docs.out=$PWD/docs}.
 */
class DocsPicturesTest {
    @TempDir Path tmp;

    @Test
    void rendersEveryViewAfterARealShortRun() throws Exception {
        Path out = Path.of(System.getProperty("preflab.docs.out", "target/docs-pictures"));
        Files.createDirectories(out);
        Path project = org.preflab.app.gui.project.TestProjects.copySample(tmp, "tinystories-dpo");
        MainWindow w = GuiTestSupport.openWindow(tmp.resolve("recent.txt"));
        Workbench wb = GuiTestSupport.onFx(() -> w.workbench());
        try {
            fx(() -> w.openStartPage());
            picture(w, out, "start-page");
            fx(() -> w.openProject(project));
            picture(w, out, "run-setup");
            Path experiment = project.resolve("experiment.json");
            Path first = finishedRun(w, wb, project, () -> w.startRun(experiment));
            picture(w, out, "dashboard");
            Path beta = project.resolve("experiment-beta-0.5.json");
            Files.writeString(beta, Files.readString(experiment).replace("\"beta\": 0.1", "\"beta\": 0.5")
                    .replace("\"name\": \"tinystories-dpo\"", "\"name\": \"tinystories-dpo-beta-0.5\""));
            Path second = finishedRun(w, wb, project, () -> w.startRun(beta));
            fx(() -> w.openCompare(List.of(first, second)));
            picture(w, out, "compare");
            fx(() -> w.openDrillDown(first, -1));
            picture(w, out, "pairs");
            fx(() -> w.openSamples(first));
            GuiTestSupport.settle();
            fx(() -> ((javafx.scene.control.Button) w.stage().getScene().lookup("#samples-generate")).fire());
            GuiTestSupport.waitFor(120, "both answers", () -> !answer(w, "#samples-policy-answer").isBlank()
                    && !answer(w, "#samples-reference-answer").isBlank());
            picture(w, out, "samples");
            fx(() -> w.openTeaching(first));
            picture(w, out, "teaching");
            fx(() -> w.openDataset(project.resolve("data/pairs.jsonl")));
            picture(w, out, "dataset");
            fx(() -> w.openCheckpoint(project.resolve("model")));
            GuiTestSupport.settle();
            fx(() -> ((javafx.scene.control.Button) w.stage().getScene().lookup("#generate")).fire());
            GuiTestSupport.waitFor(120, "a continuation", () -> answer(w, "#generate-output").length() > 40
                    && !w.stage().getScene().lookup("#generate").isDisabled());
            picture(w, out, "checkpoint");

            Path apl = aplExperiment(project, "tinystories-apl", "rules");
            Path aplRun = finishedRun(w, wb, project, () -> w.startRun(apl));
            fx(() -> w.openAcquisition(aplRun));
            picture(w, out, "acquisition");
            Set<Path> before = runs(project);
            Path human = aplExperiment(project, "tinystories-apl-human", "human");
            fx(() -> w.startRun(human));
            Path humanRun = questionsWaiting(project, before, 4);
            try (HumanQueue q = HumanQueue.open(humanRun)) { // a few answered already, for the list of answers
                q.answer(q.pending().get(0).id(), Verdict.A, "workbench:ann");
                q.answer(q.pending().get(0).id(), Verdict.B, "terminal:ann");
            }
            fx(() -> w.openLabelling(humanRun));
            GuiTestSupport.waitFor(30, "a question to label", () -> w.stage().getScene().lookup("#labelling-prompt")
                    instanceof javafx.scene.control.Label l && !l.getText().isBlank());
            picture(w, out, "labelling");
        } finally {
            GuiTestSupport.close(w, wb);
        }
    }

    /** Starts a run through the window and waits for its folder to say it finished; returns the folder. */
    private static Path finishedRun(MainWindow w, Workbench wb, Path project, Runnable start) throws Exception {
        Set<Path> before = runs(project);
        fx(start);
        Path[] dir = {null};
        GuiTestSupport.waitFor(300, "the run to finish", () -> {
            try {
                for (Path d : runs(project)) {
                    if (!before.contains(d) && RunLog.open(d).stateOnDisk() == RunState.FINISHED) {
                        dir[0] = d;
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        fx(() -> w.openRun(dir[0]));
        return dir[0];
    }

    /**
     * An apl experiment on the sample project (three small rounds with a win rate after each) whose oracle is the
     * rules (sentiment, shorter wins ties) or a person ("human").
     */
    private static Path aplExperiment(Path project, String name, String oracle) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode) json.readTree(project.resolve("experiment.json").toFile());
        c.put("name", name);
        c.put("method", "apl");
        ((ObjectNode) c.get("train")).put("epochs", 2);
        ObjectNode a = c.putObject("apl");
        a.put("acquisition", "entropy_certainty");
        a.putArray("budgets").add(8).add(16).add(24);
        a.put("overgenerate", 2);
        a.put("oversample_prompts", 2);
        a.put("entropy_samples", 2);
        a.put("min_new_tokens", 4);
        a.put("max_new_tokens", 16);
        ObjectNode o = c.putObject("oracle");
        o.put("type", oracle);
        if (oracle.equals("rules")) {
            o.putArray("rules").add("sentiment").add("-0.02*length");
        }
        c.putObject("winrate").put("max_new_tokens", 16);
        Path f = project.resolve("experiment-" + name + ".json");
        json.writerWithDefaultPrettyPrinter().writeValue(f.toFile(), c);
        return f;
    }

    /** Waits until a new run asks a person at least {@code n} questions; returns its folder. */
    private static Path questionsWaiting(Path project, Set<Path> before, int n) throws Exception {
        Path[] dir = {null};
        GuiTestSupport.waitFor(300, n + " questions for a person", () -> {
            try {
                for (Path d : runs(project)) {
                    Path requests = d.resolve("human").resolve("requests.jsonl");
                    if (!before.contains(d) && Files.exists(requests) && Files.readAllLines(requests).size() >= n) {
                        dir[0] = d;
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        return dir[0];
    }

    private static String answer(MainWindow w, String id) {
        javafx.scene.Node n = w.stage().getScene().lookup(id);
        return n instanceof javafx.scene.control.TextArea t ? t.getText() : "";
    }

    private static Set<Path> runs(Path project) throws Exception {
        Path runs = project.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(runs)) {
            return new HashSet<>(s.filter(RunLog::isRunFolder).toList());
        }
    }

    private static void fx(Runnable r) throws Exception {
        GuiTestSupport.onFx((Callable<Void>) () -> {
            r.run();
            return null;
        });
    }

    /** Lets the view load (views fill in asynchronously), renders the window, and checks it is not blank. */
    private static void picture(MainWindow w, Path out, String name) throws Exception {
        GuiTestSupport.settle();
        Thread.sleep(2500);
        GuiTestSupport.settle();
        Path png = GuiTestSupport.snapshot(w.stage().getScene().getRoot(), out.resolve(name + ".png"));
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() == MainWindow.WIDTH && img.getHeight() == MainWindow.HEIGHT,
                name + ": " + img.getWidth() + "x" + img.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 40, name + " looks empty: " + colours.size() + " colours");
        List<String> cut = GuiTestSupport.onFx(() -> w.stage().getScene().getRoot().lookupAll(".column-header .label")
                .stream().map(n -> (javafx.scene.control.Label) n).filter(DocsPicturesTest::shown)
                .filter(l -> !((javafx.scene.text.Text) l.lookup(".text")).getText().equals(l.getText()))
                .map(javafx.scene.control.Label::getText).toList());
        assertEquals(List.of(), cut, name + ": table headers cut short (the pairs table's \"pair\" once read \"...\")");
    }

    /** Whether a node and all its parents are visible (other tabs' content stays in the scene, hidden). */
    private static boolean shown(javafx.scene.Node n) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
