package org.preflab.app.gui.teaching;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluation;
import org.preflab.engine.loss.LossEvaluator;
import org.preflab.engine.loss.PairLogps;
import org.preflab.engine.loss.PreferenceLosses;

/**
 * A loss variant's curves against the margin, computed by the engine's own loss code ({@link LossEvaluator}: the
 * same per-pair loss and autograd gradient a run uses). Must run on the engine thread.
 *
 * <p>A margin h is drawn as the pair s_c = h/2, s_r = −h/2 (reference log-probs 0, lengths 1, so h̄ = h): losses
 * that see only h do not care how it splits, and those that see s_c and s_r apart (nca_pair, bco_pair, apo_*,
 * sppo_hard) are drawn along that symmetric path. The push is −dL/dh along the path, ½·(∂L/∂s_r − ∂L/∂s_c): positive
 * pushes the margin up, zero leaves it, negative pulls it back.
 */
public final class LossCurves {
    /** The hyperparameters a curve depends on (label smoothing ε, DiscoPOP's τ). */
    public record Settings(String lossId, double beta, double labelSmoothing, double discopopTau) {}

    /**
     * @param x              the margins of the curve, ascending
     * @param lengthAveraged whether the loss reads the length-averaged margin h̄ (ipo, sigmoid_norm): the x-axis
     *                       then means h̄, and a run's pairs are placed at their h̄
     * @param pairX          the run's pairs placed on the curve (their h, or h̄), with the curve's values there
     */
    public record Curves(Settings settings, double[] x, double[] loss, double[] push, boolean lengthAveraged,
            double[] pairX, double[] pairLoss, double[] pairPush) {}

    /** Loss and push at some margins, in the order given. */
    record Values(double[] loss, double[] push) {}

    private final PreferenceLosses losses;

    public LossCurves(PreferenceLosses losses) {
        this.losses = losses;
    }

    /**
     * The curve at {@code points} margins over a range that shows where the loss changes behaviour (±6/β for a
     * loss of h: σ(β·h) goes from 0.0025 to 0.9975 there; ±2/β for a loss of h̄, whose targets sit at 1/(2β))
     * and every pair, and the pairs at their margins ({@code pairH} their h, {@code pairHbar} their h̄, or null when
     * the run did not record lengths: h is used then).
     *
     * @throws IllegalArgumentException the loss's own message for hyperparameters it refuses (exo_pair with ε = 0)
     */
    public Curves compute(Settings s, int points, double[] pairH, double[] pairHbar) {
        boolean averaged = readsLengths(s);
        double[] px = averaged && pairHbar != null ? pairHbar : pairH == null ? new double[0] : pairH;
        double half = (averaged ? 2 : 6) / s.beta();
        for (double v : px) {
            half = Math.max(half, 1.15 * Math.abs(v));
        }
        double[] x = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = -half + 2 * half * i / (points - 1);
        }
        Values curve = at(s, x, 1);
        Values pairs = px.length == 0 ? new Values(new double[0], new double[0]) : at(s, px, 1);
        return new Curves(s, x, curve.loss(), curve.push(), averaged, px.clone(), pairs.loss(), pairs.push());
    }

    /**
     * Loss and push at per-token margins {@code x} with every completion {@code length} tokens long: s_c = L·x/2,
     * s_r = −L·x/2, so h = L·x and h̄ = x (with L = 1 both are x). Evaluated in ascending order, as the sorted losses
     * (aot) need, and returned in the order given. The push is −dL/dh.
     */
    Values at(Settings s, double[] x, double length) {
        int n = x.length;
        Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> x[i]))
                .toArray(Integer[]::new);
        double[] pc = new double[n];
        double[] pr = new double[n];
        for (int k = 0; k < n; k++) {
            pc[k] = length * x[order[k]] / 2;
            pr[k] = -length * x[order[k]] / 2;
        }
        double[] zeros = new double[n];
        double[] lengths = new double[n];
        Arrays.fill(lengths, length);
        CombinedLoss loss = CombinedLoss.of(losses, List.of(s.lossId()), List.of());
        LossEvaluation e = LossEvaluator.evaluateOnce(loss, new PairLogps(pc, pr, zeros, zeros, lengths, lengths),
                s.beta(), s.labelSmoothing(), s.discopopTau());
        double[] outLoss = new double[n];
        double[] outPush = new double[n];
        for (int k = 0; k < n; k++) {
            // The evaluator differentiates the batch mean, so each pair's own gradient is n times what it reports;
            // along (s_c, s_r) = (h/2, −h/2), dL/dh = ½·(∂L/∂s_c − ∂L/∂s_r).
            double dLdh = n * 0.5 * (e.gradPolicyChosen()[k] - e.gradPolicyRejected()[k]);
            outLoss[order[k]] = e.perPair()[k];
            outPush[order[k]] = -dLdh;
        }
        return new Values(outLoss, outPush);
    }

    /**
     * Whether the loss reads h̄ rather than h: the same h with every length tripled (so h̄ a third as large) leaves
     * a loss of h unchanged and changes a loss of h̄.
     */
    boolean readsLengths(Settings s) {
        double[] probe = {-2 / s.beta(), 0.5 / s.beta(), 3 / s.beta()};
        Values one = at(s, probe, 1); // h = h̄ = probe
        Values three = at(s, new double[] {probe[0] / 3, probe[1] / 3, probe[2] / 3}, 3); // h = probe, h̄ = probe/3
        for (int i = 0; i < probe.length; i++) {
            if (Math.abs(one.loss()[i] - three.loss()[i]) > 1e-4 * (1 + Math.abs(one.loss()[i]))) {
                return true;
            }
        }
        return false;
    }
}
