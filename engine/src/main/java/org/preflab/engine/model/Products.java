package org.preflab.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import org.preflab.engine.runtime.SmallMatmul;

/**
 * The model's matrix products, in one place: libtorch's, or {@link SmallMatmul}'s while a forward decodes a few
 * rows ({@code small}, decided once per forward by {@link TransformerLM#hidden}).
 */
final class Products {
    private Products() {}

    /** nn.Linear: x w^T (+ bias when not null), w stored (out, in). */
    static NDArray linear(NDArray x, NDArray w, NDArray bias, boolean small) {
        if (small) {
            NDArray y = SmallMatmul.linear(x, w);
            return bias == null ? y : y.add(bias);
        }
        return (bias == null ? Linear.linear(x, w) : Linear.linear(x, w, bias)).head();
    }

    /** GPT-2's Conv1D: x w + bias, w stored (in, out). */
    static NDArray conv1d(NDArray x, NDArray w, NDArray bias, boolean small) {
        return (small ? SmallMatmul.matMul(x, w) : x.matMul(w)).add(bias);
    }
}
