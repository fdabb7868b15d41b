package org.preflab.app.gui.teaching;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.preflab.app.gui.pairs.EvalPair;
import org.preflab.app.gui.pairs.RunEvals;
import org.preflab.engine.run.RunLog;

/**
 * A run's newest per-pair evaluation as the teaching view plots it: each pair's margin h and length-averaged
 * margin h̄, and the run's own loss settings (the view starts on them).
 *
 * @param step       the eval step (-1 before the first evaluation)
 * @param hbar       null when the run's eval files predate the recorded lengths
 */
public record RunPairs(String runName, int step, double[] h, double[] hbar, String lossType, double beta,
        double labelSmoothing) {

    /** File work: reads the run's config and its newest evaluation. */
    public static RunPairs read(Path runDir) throws IOException {
        RunEvals evals = RunEvals.read(runDir);
        JsonNode dpo = RunLog.open(runDir).configTree().path("dpo");
        String loss = dpo.path("loss_type").isArray() && !dpo.path("loss_type").isEmpty()
                ? dpo.path("loss_type").get(0).asText() : "sigmoid";
        List<EvalPair> latest = evals.latest();
        double[] h = latest.stream().mapToDouble(EvalPair::logRatioMargin).toArray();
        boolean lengths = !latest.isEmpty() && latest.stream().allMatch(EvalPair::hasLengths);
        double[] hbar = lengths ? latest.stream().mapToDouble(EvalPair::normalisedMargin).toArray() : null;
        return new RunPairs(evals.runName(), evals.latestStep().orElse(-1), h, hbar, loss, evals.beta(),
                dpo.path("label_smoothing").asDouble(0));
    }
}
