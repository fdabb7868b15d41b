package org.preflab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The rates transformers' get_{constant,linear,cosine}_schedule_with_warmup give (values worked out from its
 * lr_lambda with 0-based steps): a researcher moving between PrefLab and TRL gets the same schedule.
 */
class LrScheduleTest {
    @Test
    void warmupStartsAtZeroAsInTransformers() {
        LrSchedule s = new LrSchedule(1.0, 2, 10, LrSchedule.Kind.CONSTANT);
        assertEquals(0.0, s.at(0), 1e-12); // step 1 of 2 trains at rate 0
        assertEquals(0.5, s.at(1), 1e-12);
        assertEquals(1.0, s.at(2), 1e-12);
        assertEquals(1.0, s.at(9), 1e-12);
    }

    @Test
    void linearAndCosineDecayMatchTransformers() {
        LrSchedule lin = new LrSchedule(2.0, 2, 10, LrSchedule.Kind.LINEAR);
        assertEquals(2.0 * 8 / 8, lin.at(2), 1e-12); // (total - step) / (total - warmup)
        assertEquals(2.0 * 3 / 8, lin.at(7), 1e-12);
        LrSchedule cos = new LrSchedule(2.0, 2, 10, LrSchedule.Kind.COSINE);
        assertEquals(2.0, cos.at(2), 1e-12);
        assertEquals(2.0 * 0.5 * (1 + Math.cos(Math.PI * 4 / 8)), cos.at(6), 1e-12);
        assertEquals(2.0 * 0.5 * (1 + Math.cos(Math.PI * 7 / 8)), cos.at(9), 1e-12);
    }

    @Test
    void noWarmupStartsAtThePeak() {
        assertEquals(3e-4, new LrSchedule(3e-4, 0, 5, LrSchedule.Kind.COSINE).at(0), 1e-15);
    }
}
