package org.preflab.engine.train;

import java.util.Collections;
import java.util.Map;

/**
 * The metrics of one optimizer step, by TRL's names (loss, grad_norm, learning_rate, num_tokens, ...) plus
 * tokens_per_s and epoch. Plain doubles: observers (the GUI among them) never see an NDArray.
 */
public record StepMetrics(int step, Map<String, Double> values) {
    public StepMetrics {
        values = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no metric '" + name + "' at step " + step + "; have " + values.keySet());
        }
        return v;
    }
}
