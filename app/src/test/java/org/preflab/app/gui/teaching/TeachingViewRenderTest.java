package org.preflab.app.gui.teaching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.GuiTestSupport;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.runtime.EngineThread;
import org.testfx.api.FxToolkit;

/** Every loss variant drawn in the teaching view (headless), with hand-written eval pairs on the curves. */
class TeachingViewRenderTest {
    @TempDir Path run;

    @Test
    void everyVariantIsDrawnOrExplainsWhyNot() throws Exception {
        Files.writeString(run.resolve("config.json"),
                "{\"name\":\"t\",\"dpo\":{\"beta\":0.1,\"loss_type\":[\"ipo\"],\"label_smoothing\":0.1}}");
        Files.createDirectories(run.resolve("evals"));
        StringBuilder sb = new StringBuilder();
        double[][] pairs = {{-3, 2}, {4, -6}, {15, -20}, {30, -5}, {2, 1}};
        for (int i = 0; i < pairs.length; i++) {
            sb.append(String.format(java.util.Locale.ROOT, "{\"index\":%d,\"reward_chosen\":%s,\"reward_rejected\""
                    + ":%s,\"chosen_logratio\":%s,\"rejected_logratio\":%s,\"chosen_length\":5,\"rejected_length\""
                    + ":4}%n", i, pairs[i][0] / 10, pairs[i][1] / 10, pairs[i][0], pairs[i][1]));
        }
        Files.writeString(run.resolve("evals/step-000010.jsonl"), sb.toString());

        FxToolkit.registerPrimaryStage();
        try (EngineThread engine = new EngineThread()) {
            TeachingModel model = new TeachingModel(PreferenceLosses.load(), ModelThreads.engineShort(engine),
                    ModelThreads.gui(), run);
            TeachingView view = GuiTestSupport.onFx(() -> {
                TeachingView v = new TeachingView(model).follow();
                Stage s = new Stage();
                s.setScene(new Scene(v, 1600, 1000));
                s.getScene().getStylesheets().add(getClass().getResource("/org/preflab/app/gui/preflab.css")
                        .toExternalForm());
                s.show();
                return v;
            });
            GuiTestSupport.waitFor(60, "the run's pairs on ipo", () -> view.pairStep() == 10
                    && "ipo".equals(model.lossIdProperty().get()));
            Path shots = Path.of(System.getProperty("preflab.shots", "target/gui-shots"));
            Path png = GuiTestSupport.snapshot(view, shots.resolve("teaching-ipo.png"));
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
            assertEquals(1600, img.getWidth(), "nothing spills out of the view");
            assertTrue(GuiTestSupport.onFx(() -> model.curvesProperty().get().lengthAveraged()));
            assertEquals(List.of(-3 / 5.0 - 2 / 4.0), List.of(GuiTestSupport.onFx(
                    () -> model.curvesProperty().get().pairX()[0])), "ipo places a pair at its h̄");

            for (String id : GuiTestSupport.onFx(() -> List.copyOf(model.lossIds()))) {
                GuiTestSupport.onFx(() -> {
                    model.lossIdProperty().set(id);
                    return null;
                });
                GuiTestSupport.waitFor(30, id + " drawn or refused", () -> {
                    LossCurves.Curves c = model.curvesProperty().get();
                    return c != null && c.settings().lossId().equals(id) && view.curvePointCount()
                            == TeachingModel.POINTS || !model.errorProperty().get().isEmpty();
                });
                if (id.equals("discopop") || id.equals("cdpo")) {
                    GuiTestSupport.snapshot(view, shots.resolve("teaching-" + id + ".png"));
                }
            }
            assertFalse(GuiTestSupport.onFx(() -> model.errorProperty().get()).contains("Exception"));
            GuiTestSupport.onFx(() -> {
                view.getScene().getWindow().hide();
                return null;
            });
        }
    }
}
