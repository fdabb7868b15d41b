package org.preflab.app.gui.teaching;

import java.util.Map;
import java.util.Optional;

/**
 * What the teaching view says about each built-in loss variant: its formula (algorithms.md §1b) and why its curves
 * look as they do. A plugin loss without a note shows its own description instead.
 */
public final class LossNotes {
    /**
     * A formula in plain text (one line) and a short explanation for a student. Explanations avoid combining
     * characters (the macron of h̄): JavaFX lays out wrapped text holding one as a single unwrapped line.
     */
    public record Note(String formula, String explanation) {}

    private static final Map<String, Note> NOTES = Map.ofEntries(
            Map.entry("sigmoid", new Note("L = −log σ(β·h)",
                    "The DPO loss. Its push on the margin, β·σ(−β·h), is strongest for pairs ranked wrong and fades"
                    + " as the margin grows, but never reaches zero: DPO keeps pushing pairs it already ranks right,"
                    + " so margins (and the rewards) can grow without limit.")),
            Map.entry("hinge", new Note("L = max(0, 1 − β·h)",
                    "SLiC's hinge pushes every pair below the margin h = 1/β at the same constant rate β and stops"
                    + " dead past it: a pair beyond the margin gets no gradient at all, so training spends its"
                    + " effort only on pairs not yet separated.")),
            Map.entry("ipo", new Note("L = (h̄ − 1/(2β))²,   h̄ = s_c/L_c − s_r/L_r",
                    "IPO regresses the length-averaged margin to a target 1/(2β) instead of pushing it to"
                    + " infinity. Below the target it pushes up; past it the push changes sign and IPO pulls the"
                    + " margin back, so it does not over-fit preferences the way DPO can. β plays IPO's τ.")),
            Map.entry("robust", new Note("L = [−(1−ε)·log σ(β·h) + ε·log σ(−β·h)] / (1−2ε)",
                    "rDPO assumes a fraction ε of the labels are flipped and removes that bias from DPO: for"
                    + " ε > 0 the push on confident pairs no longer fades to zero, and the loss turns negative.")),
            Map.entry("exo_pair", new Note("L = σ(βh)·(log σ(βh) − log(1−ε)) + σ(−βh)·(log σ(−βh) − log ε)",
                    "EXO minimises the reverse KL divergence from the model's preference σ(β·h) to the smoothed"
                    + " label (1−ε, ε): its loss is lowest at β·h = log((1−ε)/ε) and pulls the margin back beyond"
                    + " that. It needs ε > 0 (1e-3 is usual).")),
            Map.entry("nca_pair", new Note("L = −log σ(β·s_c) − ½·log σ(−β·s_c) − ½·log σ(−β·s_r)",
                    "NCA scores each response's own log-ratio, not only their difference, which keeps the chosen"
                    + " likelihood from falling. Drawn along s_c = h/2, s_r = −h/2.")),
            Map.entry("bco_pair", new Note("L = −log σ(β·s_c) − log σ(−β·s_r)",
                    "BCO treats the pair as two binary examples: the chosen reward should be positive and the"
                    + " rejected one negative, each on its own. Drawn along s_c = h/2, s_r = −h/2.")),
            Map.entry("sppo_hard", new Note("L = (s_c − 1/(2β))² + (s_r + 1/(2β))²",
                    "SPPO regresses s_c to +1/(2β) and s_r to −1/(2β): like IPO it has a target (h = 1/β along the"
                    + " drawn path s_c = h/2, s_r = −h/2) and pulls back past it.")),
            Map.entry("aot", new Note("L_k = −(1−ε)·log σ(β·δ_k) − ε·log σ(−β·δ_k),   δ = sorted d − sorted d_ref",
                    "AOT compares the sorted distributions of policy and reference margins in a batch. On the"
                    + " sorted grid drawn here it reduces to DPO (cDPO when ε > 0).")),
            Map.entry("aot_unpaired", new Note("L_k = −(1−ε)·log σ(β·(s_c(k) − s_r(k)))  − ε·log σ(−β·(…)),  sorted",
                    "AOT (unpaired) sorts s_c and s_r separately. On the sorted grid drawn here it reduces to DPO"
                    + " (cDPO when ε > 0).")),
            Map.entry("apo_zero", new Note("L = (1 − σ(β·s_c)) + σ(β·s_r)",
                    "APO-zero pushes the chosen likelihood up and the rejected one down, each with a sigmoid weight"
                    + " that fades once its log-ratio is large: for chosen answers better than the model's own.")),
            Map.entry("apo_down", new Note("L = σ(β·s_c) + (1 − σ(β·h))",
                    "APO-down pushes both likelihoods down, the rejected one more: for chosen answers worse than"
                    + " what the model already writes.")),
            Map.entry("discopop", new Note("u = β·h,  m = σ(u/τ),  L = (1−m)·(−log σ(u)) + m·exp(−u)",
                    "DiscoPOP, a loss discovered by an LLM, blends the logistic and exponential losses, switched by"
                    + " σ(β·h/τ) (τ = 0.05 here). The blend makes the curve non-convex near h = 0.")),
            Map.entry("sft", new Note("L = mean token NLL of the chosen completions",
                    "Not a preference loss: the same for every pair, and on the margin path it only sees the chosen"
                    + " log-prob. Combined with sigmoid (RPO) it keeps the chosen likelihood up.")),
            Map.entry("sigmoid_norm", new Note("L = −log σ(β·h̄),   h̄ = s_c/L_c − s_r/L_r",
                    "DPO on the length-averaged margin (Tulu 3): the shape of sigmoid, per token, so long responses get"
                    + " no extra push just for being long.")),
            Map.entry("cdpo", new Note("L = −(1−ε)·log σ(β·h) − ε·log σ(−β·h)",
                    "Conservative DPO: labels are flipped at rate ε, so the loss has a minimum at"
                    + " β·h = log((1−ε)/ε) and pulls the margin back beyond it instead of pushing forever.")));

    private LossNotes() {}

    public static Optional<Note> of(String lossId) {
        return Optional.ofNullable(NOTES.get(lossId));
    }

    /**
     * Margins (h) where a loss changes behaviour, with a label: hinge's margin, IPO's and SPPO's targets, the minimum
     * of the label-smoothed losses. Empty when there is none.
     */
    public static Map<Double, String> landmarks(String lossId, double beta, double eps) {
        return switch (lossId) {
            case "hinge" -> Map.of(1 / beta, "margin h = 1/β");
            case "ipo" -> Map.of(1 / (2 * beta), "target h̄ = 1/(2β)");
            case "sppo_hard" -> Map.of(1 / beta, "target h = 1/β");
            case "cdpo", "exo_pair" -> eps > 0 && eps < 0.5
                    ? Map.of(Math.log((1 - eps) / eps) / beta, "minimum β·h = log((1−ε)/ε)") : Map.of();
            default -> Map.of();
        };
    }
}
