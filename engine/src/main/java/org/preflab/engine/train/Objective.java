package org.preflab.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.preflab.engine.model.TransformerLM;

/**
 * What a run minimises. The trainer calls {@link #compute} once per micro-batch inside a gradient collector and
 * handles accumulation, clipping, the optimizer and checkpoints; an objective only defines the loss and its metrics.
 *
 * @param <E> the example type (a scored sequence for SFT, a preference pair for DPO)
 */
public interface Objective<E> {
    /** A name for logs and provenance, e.g. "sft". */
    String name();

    /**
     * The micro-batch's scalar loss (with gradient) and detached scalar metrics, all created in {@code m}.
     *
     * @return the loss, metrics by TRL-style name, and how many tokens the micro-batch fed the model
     */
    Output compute(TransformerLM lm, List<E> microBatch, NDManager m);

    /**
     * Trainable arrays the objective owns besides the model's (e.g. SPO's degree head), by a name that does not
     * clash with model tensors. The trainer optimizes, clips and checkpoints them with the model.
     */
    default Map<String, NDArray> extraParameters() {
        return Map.of();
    }

    /** The result of one micro-batch. */
    record Output(NDArray loss, Map<String, NDArray> metrics, long tokens) {}
}
