package org.preflab.engine.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.preflab.engine.train.MetricNames;
import org.preflab.engine.train.StepMetrics;

/**
 * Watches a run's metrics and explains what looks wrong, with a suggested fix. Each finding is reported once per
 * run so the event log stays readable. Rules follow the known DPO pitfalls (algorithms.md §6).
 */
public final class HealthMonitor {
    /** One finding: a stable code, what it means, and what to try. */
    public record Finding(String code, String explanation, String fix) {
        public String message() {
            return explanation + " Suggested fix: " + fix;
        }
    }

    private static final int WINDOW = 10;
    private final int totalSteps;
    private final Deque<StepMetrics> recent = new ArrayDeque<>();
    private final Set<String> reported = new HashSet<>();
    private double firstEntropy = Double.NaN;
    private int accuracyExtremeSteps;

    public HealthMonitor(int totalSteps) {
        this.totalSteps = totalSteps;
    }

    /**
     * Feeds the training rows a resumed run already has (up to its checkpoint), so the monitor's windows and
     * counters continue where they were; what those rows found was reported then, so it is not reported again.
     */
    public void replay(List<StepMetrics> earlier) {
        for (StepMetrics m : earlier) {
            observe(m);
        }
    }

    /** Feeds one step; returns the new findings. */
    public List<Finding> observe(StepMetrics m) {
        List<Finding> out = new ArrayList<>();
        double median = medianGradNorm();
        recent.addLast(m);
        if (recent.size() > WINDOW) {
            recent.removeFirst();
        }
        Double loss = m.values().get(MetricNames.LOSS);
        Double acc = m.values().get(MetricNames.REWARDS_ACCURACIES);
        Double entropy = m.values().get(MetricNames.ENTROPY);
        Double grad = m.values().get(MetricNames.GRAD_NORM);
        if (grad != null && !Double.isNaN(median) && recent.size() >= 5 && grad > 10 * median) {
            add(out, new Finding("grad_spike", "The gradient norm jumped to " + fmt(grad) + ", over 10x its recent median "
                    + fmt(median) + " at step " + m.step() + ".", "lower the learning rate or max_grad_norm, and look"
                    + " at the pairs of this step (very long or near-identical completions)."), m.step());
        }
        if (loss != null && loss < 0.05 && m.step() <= Math.max(3, totalSteps / 10) && acc != null) {
            add(out, new Finding("loss_near_zero_early", "The loss is " + fmt(loss) + " within the first 10% of steps:"
                    + " the model already separates the pairs, so training will mostly push rewards apart.",
                    "lower beta or the learning rate, or use harder pairs; check chosen and rejected are not trivially"
                    + " different (e.g. one of them empty)."), m.step());
        }
        if (acc != null && m.step() > 1) {
            accuracyExtremeSteps = (acc == 0.0 || acc == 1.0) ? accuracyExtremeSteps + 1 : 0;
            if (accuracyExtremeSteps >= 2 * WINDOW) {
                add(out, new Finding("accuracy_stuck", "rewards/accuracies has been " + fmt(acc) + " for "
                        + accuracyExtremeSteps + " steps.", acc == 0.0
                        ? "check the labels are not swapped (chosen vs rejected) and that the learning rate is not 0."
                        : "the pairs are too easy for this model: use harder data or stop earlier."), m.step());
            }
        }
        if (entropy != null) {
            if (Double.isNaN(firstEntropy)) {
                firstEntropy = entropy;
            } else if (entropy < 0.1 * firstEntropy) {
                add(out, new Finding("entropy_collapse", "Token entropy fell from " + fmt(firstEntropy) + " to "
                        + fmt(entropy) + ": the policy is collapsing onto a few tokens.", "lower the learning rate,"
                        + " raise beta, or add an SFT term (loss_type [\"sigmoid\", \"sft\"])."), m.step());
            }
        }
        if (recent.size() == WINDOW && slope(MetricNames.LOGPS_CHOSEN) < 0 && slope(MetricNames.REWARDS_MARGINS) > 0) {
            add(out, new Finding("chosen_logps_falling", "Chosen log-probs are falling while margins rise: the model"
                    + " is widening the gap mostly by pushing both responses down. This is common DPO behaviour, not a"
                    + " bug.", "if you want chosen likelihood kept, add an SFT term (loss_type [\"sigmoid\", \"sft\"])"
                    + " or use apo_zero."), m.step());
        }
        return out;
    }

    private void add(List<Finding> out, Finding f, int step) {
        if (reported.add(f.code())) {
            out.add(f);
        }
    }

    private double medianGradNorm() {
        double[] g = recent.stream().map(s -> s.values().get(MetricNames.GRAD_NORM)).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).sorted().toArray();
        return g.length == 0 ? Double.NaN : g[g.length / 2];
    }

    /** Least-squares slope of a metric over the window (0 when absent). */
    private double slope(String name) {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (StepMetrics s : recent) {
            Double y = s.values().get(name);
            if (y == null) {
                return 0;
            }
            double x = s.step();
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double d = n * sxx - sx * sx;
        return d == 0 ? 0 : (n * sxy - sx * sy) / d;
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
