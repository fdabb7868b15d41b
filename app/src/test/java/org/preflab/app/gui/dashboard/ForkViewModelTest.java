package org.preflab.app.gui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.preflab.engine.run.RunConfig;

/** The fork form lists exactly the settings that change, and the engine's message for a bad one. */
class ForkViewModelTest {
    private static ForkViewModel form() throws Exception {
        return new ForkViewModel(RunConfig.load(DashboardFixtures.sampleProject().resolve("experiment.json")));
    }

    private static ForkViewModel.Field field(ForkViewModel f, String key) {
        return f.fields().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void startsWithTheRunsValuesAndNoChange() throws Exception {
        ForkViewModel f = form();
        assertEquals(List.of("train.learning_rate", "dpo.beta", "dpo.loss_type", "train.max_steps", "train.seed"),
                f.fields().stream().map(ForkViewModel.Field::key).toList());
        assertEquals("1.0E-4", field(f, "train.learning_rate").text().get());
        assertEquals("sigmoid", field(f, "dpo.loss_type").text().get());
        assertTrue(f.changes().isEmpty());
        assertFalse(f.canForkProperty().get());
    }

    @Test
    void editedFieldsAndFreeLinesShowOldAndNewValues() throws Exception {
        ForkViewModel f = form();
        field(f, "train.learning_rate").text().set("5e-5");
        field(f, "dpo.beta").text().set("0.2");
        f.extraProperty().set("# a comment\ntrain.warmup_steps=7\n");
        assertEquals(List.of("train.learning_rate: 1.0E-4 → 5.0E-5", "train.warmup_steps: 3 → 7", "dpo.beta: 0.1 → 0.2"),
                f.changes().stream().map(Object::toString).toList());
        assertTrue(f.canForkProperty().get());
        assertEquals(5e-5, f.result().train().learningRate());
        assertEquals(0.2, f.result().dpo().beta());
    }

    @Test
    void lossTypesAreAListAndCombineWithWeights() throws Exception {
        ForkViewModel f = form();
        field(f, "dpo.loss_type").text().set("sigmoid, sft");
        f.extraProperty().set("dpo.loss_weights=[1.0, 0.5]");
        assertEquals("", f.errorProperty().get());
        assertEquals(List.of("sigmoid", "sft"), f.result().dpo().lossType());
        assertTrue(f.changes().stream().anyMatch(c -> c.key().equals("dpo.loss_type")
                && c.to().equals("[\"sigmoid\",\"sft\"]")), f.changes().toString());
    }

    @Test
    void aBadValueShowsTheEnginesMessageAndBlocksTheFork() throws Exception {
        ForkViewModel f = form();
        f.extraProperty().set("train.no_such_setting=1");
        assertTrue(f.errorProperty().get().contains("unknown key 'no_such_setting'"), f.errorProperty().get());
        assertFalse(f.canForkProperty().get());
        f.extraProperty().set("");
        field(f, "train.learning_rate").text().set("-1");
        assertFalse(f.errorProperty().get().isEmpty());
        assertFalse(f.canForkProperty().get());
        assertTrue(f.errorProperty().get().contains("learning_rate = -1.0 is invalid"), f.errorProperty().get());
        field(f, "train.learning_rate").text().set("1e-4");
        f.extraProperty().set("not a setting line");
        assertTrue(f.errorProperty().get().contains("key=value"), f.errorProperty().get());
    }
}
