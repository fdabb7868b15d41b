package org.preflab.engine.train;

import java.util.List;

/**
 * The names of everything a run measures, TRL's where TRL has one, so that a chart or a CSV from PrefLab reads like
 * one from TRL. Evaluation rows carry the same names with {@link #EVAL_PREFIX}.
 */
public final class MetricNames {
    private MetricNames() {}

    public static final String LOSS = "loss";
    public static final String REWARDS_CHOSEN = "rewards/chosen";
    public static final String REWARDS_REJECTED = "rewards/rejected";
    public static final String REWARDS_MARGINS = "rewards/margins";
    public static final String REWARDS_ACCURACIES = "rewards/accuracies";
    public static final String LOGPS_CHOSEN = "logps/chosen";
    public static final String LOGPS_REJECTED = "logps/rejected";
    public static final String LOGITS_CHOSEN = "logits/chosen";
    public static final String LOGITS_REJECTED = "logits/rejected";
    public static final String GRAD_NORM = "grad_norm";
    public static final String LEARNING_RATE = "learning_rate";
    public static final String NUM_TOKENS = "num_tokens";
    public static final String TOKENS_PER_S = "tokens_per_s";
    public static final String ENTROPY = "entropy";
    public static final String KL = "kl";
    public static final String EPOCH = "epoch";
    public static final String STAGE = "stage";
    /** Reward-model runs (TRL RewardTrainer's names): share of pairs with r_c > r_r, and the mean r_c − r_r. */
    public static final String ACCURACY = "accuracy";
    public static final String MARGIN = "margin";
    public static final String SPO_LOSS = "spo/loss";
    public static final String SPO_ACCURACY = "spo/accuracy";
    public static final String SPO_NUM_VARIANTS = "spo/num_variants";
    /** SPA's confidence threshold τ of the noise-aware loss (algorithms.md §4c). */
    public static final String SPA_THRESHOLD = "spa/threshold";
    /** Share of the micro-batch's pairs with β·h̃ > τ. */
    public static final String SPA_CONFIDENT_FRACTION = "spa/confident_fraction";
    /** α_t: 0 during an iteration's warm-up, refine_strength after. */
    public static final String SPA_ALPHA = "spa/alpha";
    /** Share of the iteration's self-labels the oracle agrees with (decisive answers only). */
    public static final String SPA_ORACLE_AGREEMENT = "spa/oracle_agreement";
    /** Self-labelled pairs the current iteration trains on (0 in the seed stage). */
    public static final String SPA_SELF_LABELS = "spa/self_labels";

    /** Oracle (or dataset) labels the run has trained on so far, on every row: the label-efficient loops' x axis. */
    public static final String LABELS_USED = "labels_used";
    /** Win rate of the policy against the reference on held-out prompts (eval rows), with its 95% Wilson interval. */
    public static final String WIN_RATE = "win_rate";
    public static final String WIN_RATE_LOW = "win_rate/low";
    public static final String WIN_RATE_HIGH = "win_rate/high";
    /** The oracle's mean score of the policy's (and the reference's) held-out completions, where it scores. */
    public static final String ORACLE_REWARD = "oracle_reward";
    public static final String ORACLE_REWARD_REFERENCE = "oracle_reward/reference";
    /** Sequence-level KL(πθ || πref) on the policy's held-out samples: mean of logπθ(y|x) − logπref(y|x). */
    public static final String KL_SEQUENCE = "kl/sequence";

    public static final String DATA_TRAIN_PAIRS = "data/train_pairs";
    public static final String DATA_EVAL_PAIRS = "data/eval_pairs";
    public static final String DATA_TRUNCATED = "data/truncated";
    public static final String DATA_DROPPED = "data/dropped";

    public static final String EVAL_PREFIX = "eval_";

    /** The metrics a preference run's dashboard shows first, in reading order. */
    public static final List<String> PREFERENCE = List.of(LOSS, REWARDS_MARGINS, REWARDS_CHOSEN, REWARDS_REJECTED,
            REWARDS_ACCURACIES, LOGPS_CHOSEN, LOGPS_REJECTED, KL, GRAD_NORM, LEARNING_RATE, ENTROPY, LOGITS_CHOSEN,
            LOGITS_REJECTED, TOKENS_PER_S, NUM_TOKENS, EPOCH);

    public static String eval(String name) {
        return EVAL_PREFIX + name;
    }

    public static boolean isEval(String name) {
        return name.startsWith(EVAL_PREFIX);
    }

    /** The training metric an eval name mirrors ("eval_loss" gives "loss"); other names as they are. */
    public static String base(String name) {
        return isEval(name) ? name.substring(EVAL_PREFIX.length()) : name;
    }
}
