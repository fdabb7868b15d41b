package org.preflab.app.gui.teaching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.preflab.app.gui.common.ModelThreads;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.runtime.EngineThread;

/** The teaching curves, computed by the engine's loss code, without a robot or a toolkit. */
class TeachingModelTest {
    private static EngineThread engineThread;
    private static Executor engine;
    private static final PreferenceLosses LOSSES = PreferenceLosses.load();

    @BeforeAll
    static void start() {
        engineThread = new EngineThread();
        engine = r -> engineThread.call(() -> {
            r.run();
            return null;
        });
    }

    @AfterAll
    static void stop() {
        engineThread.close();
    }

    private static TeachingModel model(String loss, double beta, double eps) {
        TeachingModel m = new TeachingModel(LOSSES, engine, ModelThreads.direct(), null);
        m.betaProperty().set(beta);
        m.labelSmoothingProperty().set(eps);
        m.lossIdProperty().set(loss);
        return m;
    }

    /** The curve's value nearest margin x (the grid is fine enough for the checks below). */
    private static int at(LossCurves.Curves c, double x) {
        int best = 0;
        for (int i = 0; i < c.x().length; i++) {
            if (Math.abs(c.x()[i] - x) < Math.abs(c.x()[best] - x)) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void sigmoidLossIsLn2AtZeroMarginAndPushesByHalfBeta() {
        LossCurves.Curves c = model("sigmoid", 0.1, 0).curvesProperty().get();
        assertNotNull(c);
        assertEquals(TeachingModel.POINTS, c.x().length);
        int zero = at(c, 0);
        assertEquals(0, c.x()[zero], 1e-9, "odd point count: 0 is on the grid");
        assertEquals(Math.log(2), c.loss()[zero], 1e-6);
        assertEquals(0.05, c.push()[zero], 1e-6, "-dL/dh = beta*sigmoid(-beta*h) = beta/2 at 0");
        for (int i = 1; i < c.x().length; i++) {
            assertTrue(c.loss()[i] < c.loss()[i - 1], "sigmoid loss falls with the margin");
            assertTrue(c.push()[i] > 0, "and always pushes");
        }
        assertFalse(c.lengthAveraged());
    }

    @Test
    void hingeStopsPushingPastItsMarginOfOneOverBeta() {
        double beta = 0.2; // margin at h = 5
        LossCurves.Curves c = model("hinge", beta, 0).curvesProperty().get();
        for (int i = 0; i < c.x().length; i++) {
            double h = c.x()[i];
            if (h > 1 / beta + 1e-3) {
                assertEquals(0, c.push()[i], 1e-7, "no gradient past the margin, h = " + h);
                assertEquals(0, c.loss()[i], 1e-7);
            } else if (h < 1 / beta - 1e-3) {
                assertEquals(beta, c.push()[i], 1e-6, "a constant push below it, h = " + h);
            }
        }
    }

    @Test
    void ipoPullsTheMarginBackPastItsTarget() {
        double beta = 0.1; // target h̄ = 5
        LossCurves.Curves c = model("ipo", beta, 0).curvesProperty().get();
        assertTrue(c.lengthAveraged(), "ipo reads the length-averaged margin");
        assertTrue(c.push()[at(c, 2)] > 0, "pushes up below the target");
        assertTrue(c.push()[at(c, 8)] < 0, "pulls back past it");
        for (int i = 0; i < c.x().length; i++) {
            assertEquals(-2 * (c.x()[i] - 5), c.push()[i], 1e-4, "-dL/dh̄ = -2(h̄ - 1/(2 beta)) at " + c.x()[i]);
        }
    }

    @Test
    void aRunsPairsSitOnTheCurveAtTheirMargins() {
        TeachingModel m = model("sigmoid", 0.1, 0);
        m.applyRun(new RunPairs("r", 20, new double[] {-10, 0, 35}, new double[] {-1, 0, 3.5}, "sigmoid", 0.1, 0));
        LossCurves.Curves c = m.curvesProperty().get();
        assertEquals(3, c.pairX().length);
        assertEquals(35, c.pairX()[2], 1e-9, "sigmoid places pairs at h");
        assertEquals(-Math.log(1 / (1 + Math.exp(-3.5))), c.pairLoss()[2], 1e-5);
        assertTrue(c.x()[c.x().length - 1] >= 35 * 1.15 - 1e-9, "the range covers the pairs");
        assertEquals("3 eval pairs of run r at step 20 (trained with sigmoid, β = 0.1)", m.runInfoProperty().get());

        m.lossIdProperty().set("ipo");
        assertEquals(3.5, m.curvesProperty().get().pairX()[2], 1e-9, "ipo places them at h̄");
    }

    @Test
    void theRunsOwnSettingsAreTheStartingPoint() {
        TeachingModel m = model("sigmoid", 0.1, 0);
        m.applyRun(new RunPairs("r", 5, new double[] {1}, null, "hinge", 0.3, 0.0));
        assertEquals("hinge", m.lossIdProperty().get());
        assertEquals(0.3, m.betaProperty().get());
        m.betaProperty().set(0.05);
        m.applyRun(new RunPairs("r", 10, new double[] {2}, null, "hinge", 0.3, 0.0));
        assertEquals(0.05, m.betaProperty().get(), "a later evaluation keeps what the user chose");
        assertTrue(m.formulaProperty().get().contains("max(0, 1 − β·h)"));
    }

    @Test
    void aSettingTheLossRefusesShowsItsMessage() {
        TeachingModel m = model("exo_pair", 0.1, 0);
        assertNull(m.curvesProperty().get());
        assertTrue(m.errorProperty().get().startsWith("exo_pair with β = 0.1, ε = 0.0: "), m.errorProperty().get());
        m.labelSmoothingProperty().set(0.01);
        assertNotNull(m.curvesProperty().get());
        assertEquals("", m.errorProperty().get());
    }

    @Test
    void everyLossVariantHasCurvesOrAClearMessage() {
        TeachingModel m = model("sigmoid", 0.1, 0.1);
        for (String id : m.lossIds()) {
            m.lossIdProperty().set(id);
            LossCurves.Curves c = m.curvesProperty().get();
            assertTrue(c != null || !m.errorProperty().get().isEmpty(), id);
            if (c != null) {
                for (int i = 0; i < c.x().length; i++) {
                    assertTrue(Double.isFinite(c.loss()[i]) && Double.isFinite(c.push()[i]), id + " at " + c.x()[i]);
                }
            }
        }
    }
}
