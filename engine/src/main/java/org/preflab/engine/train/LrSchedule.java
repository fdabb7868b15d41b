package org.preflab.engine.train;

/**
 * Learning rate per optimizer step: linear warmup from 0 to the peak over {@code warmupSteps}, then the chosen
 * decay to 0 at {@code totalSteps} (as transformers' get_cosine/linear_schedule_with_warmup).
 */
public record LrSchedule(double peak, int warmupSteps, int totalSteps, Kind kind) {
    public enum Kind { CONSTANT, LINEAR, COSINE }

    public LrSchedule {
        if (!(peak >= 0) || Double.isInfinite(peak)) {
            throw new IllegalArgumentException("learning_rate " + peak + " must be a finite number >= 0");
        }
        if (warmupSteps < 0 || totalSteps < 1) {
            throw new IllegalArgumentException("warmup_steps " + warmupSteps + " must be >= 0 and total steps "
                    + totalSteps + " >= 1");
        }
    }

    /** The rate for 0-based optimizer step {@code step}. */
    public double at(int step) {
        if (step < warmupSteps) {
            return peak * step / warmupSteps; // transformers': step 0 of a warmup trains at rate 0, as in TRL
        }
        if (kind == Kind.CONSTANT) {
            return peak;
        }
        double decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (step - warmupSteps) / decaySteps);
        return kind == Kind.LINEAR ? peak * (1 - progress) : peak * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
