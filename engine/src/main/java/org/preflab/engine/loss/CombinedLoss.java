package org.preflab.engine.loss;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;
import org.preflab.engine.tensor.Scalars;

/**
 * Several loss variants with weights, as TRL's {@code loss_type=[...]} with {@code loss_weights}:
 * total = Σ_k w_k · mean(loss_k). RPO, for example, is {@code sigmoid,sft} with weights {@code 1, α}.
 *
 * <p>Because the mean is linear, the per-pair view Σ_k w_k · loss_k has exactly that total as its batch mean. For
 * {@code aot} and {@code aot_unpaired}, whose per-pair losses come in sorted order, the per-pair sum mixes orders;
 * only the total is meaningful there.
 */
public final class CombinedLoss {
    private final List<PreferenceLoss> losses;
    private final double[] weights;

    /** Checks that there is one finite weight >= 0 per loss and that no loss appears twice. */
    public CombinedLoss(List<PreferenceLoss> losses, double[] weights) {
        if (losses.isEmpty()) {
            throw new IllegalArgumentException("no loss type given");
        }
        if (weights.length != losses.size()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%d weight%s for %d loss type%s",
                    weights.length, weights.length == 1 ? "" : "s", losses.size(), losses.size() == 1 ? "" : "s"));
        }
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < losses.size(); k++) {
            String id = losses.get(k).id();
            if (!seen.add(id)) {
                throw new IllegalArgumentException("loss type '" + id + "' is listed twice");
            }
            // A negative weight would maximise that loss: never what a preference run wants.
            if (!(weights[k] >= 0) || Double.isInfinite(weights[k])) {
                throw new IllegalArgumentException("weight " + weights[k] + " for loss type '" + id
                        + "' must be a finite number >= 0");
            }
        }
        this.losses = List.copyOf(losses);
        this.weights = weights.clone();
    }

    /** One loss with weight 1. */
    public static CombinedLoss of(PreferenceLoss loss) {
        return new CombinedLoss(List.of(loss), new double[] {1.0});
    }

    /**
     * Looks the ids up in {@code registry}; {@code weights} null or empty means weight 1 for each, as in TRL.
     * Errors quote the bad value: "unknown loss type 'sigmod'; known: ...", "2 weights for 3 loss types".
     */
    public static CombinedLoss of(PreferenceLosses registry, List<String> ids, List<Double> weights) {
        List<PreferenceLoss> found = new ArrayList<>();
        for (String id : ids) {
            found.add(registry.get(id));
        }
        double[] w = weights == null || weights.isEmpty()
                ? ones(ids.size())
                : weights.stream().mapToDouble(Double::doubleValue).toArray();
        return new CombinedLoss(found, w);
    }

    /** The ids, in the order given. */
    public List<String> ids() {
        return losses.stream().map(PreferenceLoss::id).toList();
    }

    /** The weights, in the order of {@link #ids()}. */
    public double[] weights() {
        return weights.clone();
    }

    /** Σ_k w_k · loss_k per pair, shape (B). */
    public NDArray perPairLoss(LossInputs in) {
        NDArray sum = null;
        for (int k = 0; k < losses.size(); k++) {
            PreferenceLoss loss = losses.get(k);
            NDArray term = loss.perPairLoss(in);
            if (!term.getShape().equals(in.policyChosen().getShape())) {
                throw new IllegalStateException("loss '" + loss.id() + "' returned shape " + term.getShape()
                        + " for a batch of shape " + in.policyChosen().getShape());
            }
            NDArray weighted = weights[k] == 1.0 ? term : Scalars.mul(term, weights[k]);
            sum = sum == null ? weighted : sum.add(weighted);
        }
        return sum;
    }

    /** The scalar training loss Σ_k w_k · mean(loss_k). */
    public NDArray loss(LossInputs in) {
        return perPairLoss(in).mean();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < losses.size(); k++) {
            sb.append(k == 0 ? "" : " + ").append(weights[k]).append('·').append(losses.get(k).id());
        }
        return sb.toString();
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }
}
