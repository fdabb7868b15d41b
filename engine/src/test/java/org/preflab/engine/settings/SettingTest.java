package org.preflab.engine.settings;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettingTest {
    enum Kind { CONSTANT, LINEAR, COSINE }

    private static final Setting RATE = Setting.number("train.learning_rate", 1e-4, "peak rate").atLeast(0);
    private static final Setting BETA1 = Setting.number("train.adam_beta1", 0.9, "decay").atLeast(0).below(1);
    private static final Setting BATCH = Setting.integer("train.micro_batch_size", 4, "pairs").atLeast(1);
    private static final Setting SCHEDULE = Setting.choice("train.schedule", Kind.COSINE, "decay");
    private static final Setting WEIGHTS = Setting.list("dpo.loss_weights", SettingType.NUMBER, List.of(), "w")
            .atLeast(0);
    private static final Setting NAME = Setting.text("name", null, "n")
            .matching("[a-z]{1,4}", "use 1-4 small letters").required("give a name");

    @Test
    void messagesQuoteTheValueAndSayTheRule() {
        assertEquals("train.learning_rate = -1.0 is invalid: must be a finite number >= 0", message(() ->
                RATE.check(-1.0)));
        assertEquals("train.learning_rate = NaN is invalid: must be a finite number >= 0", message(() ->
                RATE.check(Double.NaN)));
        assertEquals("train.adam_beta1 = 1.0 is invalid: must be in [0, 1)", message(() -> BETA1.check(1.0)));
        assertEquals("train.micro_batch_size = 0 is invalid: must be an integer >= 1", message(() ->
                BATCH.check(0)));
        assertEquals("train.schedule = null is invalid: must be one of [CONSTANT, LINEAR, COSINE]", message(() ->
                SCHEDULE.check(null)));
        assertEquals("name is missing: give a name", message(() -> NAME.check(null)));
        assertEquals("name = 'Hello' is invalid: use 1-4 small letters", message(() -> NAME.check("Hello")));
        assertEquals("dpo.loss_weights = [1.0, -0.5] is invalid: must be a list of finite numbers >= 0",
                message(() -> WEIGHTS.check(List.of(1.0, -0.5))));
        assertEquals(0.5, BETA1.check(0.5));
        assertEquals(Kind.LINEAR, SCHEDULE.check(Kind.LINEAR));
    }

    @Test
    void parsesTypedTextWithTheSameMessages() {
        assertEquals(5e-5, RATE.parse(" 5e-5 "));
        assertEquals(8L, BATCH.parse("8"));
        assertEquals("LINEAR", SCHEDULE.parse("linear"), "names are matched regardless of case");
        assertEquals(List.of(1.0, 0.5), WEIGHTS.parse("1, 0.5"));
        assertEquals(List.of(1.0, 0.5), WEIGHTS.parse("[1, 0.5]"));
        assertNull(RATE.parse(""), "blank is left out: the default applies");
        assertEquals("train.learning_rate = 'abc' is invalid: must be a finite number >= 0", message(() ->
                RATE.parse("abc")));
        assertEquals("train.learning_rate = 'NaN' is invalid: must be a finite number >= 0", message(() ->
                RATE.parse("NaN")));
        assertEquals("train.micro_batch_size = '2.5' is invalid: must be an integer >= 1", message(() ->
                BATCH.parse("2.5")));
        assertEquals("train.micro_batch_size = 0 is invalid: must be an integer >= 1", message(() ->
                BATCH.parse("0")));
        assertEquals("train.schedule = 'cosin' is not known; known: CONSTANT, LINEAR, COSINE", message(() ->
                SCHEDULE.parse("cosin")));
        assertEquals("dpo.loss_weights = '1, x' is invalid: must be a list of finite numbers >= 0", message(() ->
                WEIGHTS.parse("1, x")));
        assertEquals("name is missing: give a name", message(() -> NAME.parse("  ")));
    }

    @Test
    void formatsValuesAsTheyAreReadBack() {
        assertEquals("1e-4", RATE.format(1e-4));
        assertEquals("1e-8", RATE.format(1e-8));
        assertEquals("0.999", RATE.format(0.999));
        assertEquals("3", RATE.format(3.0));
        assertEquals("1.5e-5", RATE.format(1.5e-5));
        assertEquals("COSINE", SCHEDULE.format(Kind.COSINE));
        assertEquals("1, 0.5", WEIGHTS.format(List.of(1.0, 0.5)));
        assertEquals("", RATE.format(null));
        for (double v : new double[] {1e-4, 3e-3, 0.1, 0.999, 1e-8, 2.5e7, 0}) {
            assertEquals(v, RATE.parse(RATE.format(v)), "round trip of " + v);
        }
    }

    @Test
    void describesItself() {
        assertEquals("train", RATE.section());
        assertEquals("learning_rate", RATE.name());
        assertEquals("", NAME.section());
        assertEquals(List.of("CONSTANT", "LINEAR", "COSINE"), SCHEDULE.choices());
        assertEquals(1e-4, RATE.or(null));
        assertEquals(2e-4, RATE.or(2e-4));
        assertTrue(NAME.isRequired());
        assertFalse(RATE.isRequired());
        assertEquals(SettingType.NUMBER, WEIGHTS.elementType());
    }

    private static String message(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }
}
