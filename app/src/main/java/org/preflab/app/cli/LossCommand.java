package org.preflab.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluation;
import org.preflab.engine.loss.LossEvaluator;
import org.preflab.engine.loss.LossLoadProblem;
import org.preflab.engine.loss.PairLogps;
import org.preflab.engine.loss.PreferenceLosses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code preflab loss}: evaluates a preference loss (or a weighted sum of several) and its gradient with respect to
 * the policy log-probs, on per-pair numbers from a JSON file. Prints one JSON object:
 * {@code {"loss": ..., "per_pair": [...], "grad": {"policy_chosen": [...], "policy_rejected": [...]}}}.
 * It is the quickest way to see what a loss type does, and to compare PrefLab with TRL on the same numbers.
 */
@Command(
        name = "loss",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluates a preference loss and its gradient on summed completion log-probs.",
            "Input: a JSON object with the arrays policy_chosen, policy_rejected, reference_chosen,"
                    + " reference_rejected, chosen_lengths, rejected_lengths (one value per pair).",
            "Output: {\"loss\": ..., \"per_pair\": [...], \"grad\": {\"policy_chosen\": [...],"
                    + " \"policy_rejected\": [...]}}; aot and aot_unpaired report per-pair losses in sorted order."
        })
public final class LossCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--type", required = true, split = ",", paramLabel = "TYPE",
            description = "Loss type, or several separated by commas (TRL's loss_type), e.g. sigmoid or sigmoid,sft.")
    List<String> types;

    @Option(names = "--weights", split = ",", paramLabel = "W",
            description = "One weight per loss type (TRL's loss_weights); default 1 each.")
    List<Double> weights;

    @Option(names = "--beta", required = true, paramLabel = "B",
            description = "β, the strength of the reference constraint (TRL default 0.1; IPO's τ for ipo).")
    double beta;

    @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "E",
            description = "ε for robust, exo_pair, aot, aot_unpaired and cdpo (default: ${DEFAULT-VALUE}).")
    double labelSmoothing;

    @Option(names = "--tau", defaultValue = "0.05", paramLabel = "T",
            description = "discopop_tau, the temperature of discopop (default: ${DEFAULT-VALUE}).")
    double tau;

    @Parameters(index = "0", paramLabel = "<logps.json>", description = "The per-pair log-probs and token counts.")
    Path input;

    @Override
    public Integer call() throws Exception {
        PreferenceLosses registry = PreferenceLosses.load();
        for (LossLoadProblem problem : registry.problems()) {
            spec.commandLine().getErr().println("warning: loss plugin not loaded: " + problem);
        }
        CombinedLoss loss = CombinedLoss.of(registry, types.stream().map(String::trim).toList(), weights);
        PairLogps logps = LogpsFile.read(input);
        LossEvaluation result = LossEvaluator.evaluateOnce(loss, logps, beta, labelSmoothing, tau);

        ObjectMapper json = new ObjectMapper();
        ObjectNode out = json.createObjectNode();
        out.put("loss", result.loss());
        out.putPOJO("per_pair", result.perPair());
        ObjectNode grad = out.putObject("grad");
        grad.putPOJO("policy_chosen", result.gradPolicyChosen());
        grad.putPOJO("policy_rejected", result.gradPolicyRejected());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(json.writeValueAsString(out));
        stdout.flush();
        return 0;
    }
}
