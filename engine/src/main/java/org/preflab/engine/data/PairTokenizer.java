package org.preflab.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.preflab.engine.tokenize.TextTokenizer;

/**
 * Preference records to token ids the way TRL's DPOTrainer prepares them (algorithms.md §0):
 * <ol>
 *   <li>plain text (not chat): EOS is appended to the chosen and rejected text unless it already ends with it, and
 *       texts are tokenized with the tokenizer's special tokens (BOS). Chat-template text already holds every special
 *       token, so it is tokenized as it is, without EOS;</li>
 *   <li>prompt ids = tok(prompt); chosen ids = what follows them in tok(prompt + chosen), likewise rejected. Tokenizing
 *       the whole text keeps merges across the boundary as the model saw them. When tok(prompt + chosen) does not
 *       start with tok(prompt) the split is still made at the prompt's length, as TRL does, and the pair is counted
 *       ({@link TokenizeSummary#prefixMismatches()}) where TRL only logs a warning;</li>
 *   <li>{@link LengthLimits}: an over-long prompt keeps BOS and its end; an over-long sequence keeps its start
 *       (TRL's default {@code keep_start}), cutting the completion; a pair whose prompt alone reaches max_length, or
 *       with a completion of no tokens, is dropped (an empty completion would make per-token means NaN, §6).</li>
 * </ol>
 * Every cut and every drop is counted in the {@link TokenizeSummary}, never silent.
 */
public final class PairTokenizer {
    private final TextTokenizer tok;

    /** Ids before any limit, and whether the prompt tokenized differently on its own. */
    public record Encoded(TokenizedPair pair, boolean prefixMismatch) {}

    /** What the limits did to one pair. */
    public enum Outcome { KEPT, TRUNCATED, DROPPED }

    /** A pair after the limits; {@code pair} is null when it was dropped. */
    public record Fit(TokenizedPair pair, Outcome outcome) {}

    /** Tokenized pairs in record order, and the counts. */
    public record Tokenized(List<TokenizedPair> pairs, TokenizeSummary summary) {
        public Tokenized {
            pairs = List.copyOf(pairs);
        }
    }

    public PairTokenizer(TextTokenizer tok) {
        this.tok = tok;
    }

    /** Tokenizes and limits every record. */
    public Tokenized tokenize(List<PreferenceRecord> records, LengthLimits limits) {
        List<TokenizedPair> out = new ArrayList<>(records.size());
        List<Integer> droppedLines = new ArrayList<>();
        int truncated = 0;
        int mismatches = 0;
        for (PreferenceRecord r : records) {
            Encoded e = encode(r, limits);
            Fit fit = fit(e.pair(), limits);
            if (e.prefixMismatch() && fit.pair() != null) {
                mismatches++;
            }
            switch (fit.outcome()) {
                case DROPPED -> droppedLines.add(r.line());
                case TRUNCATED -> truncated++;
                case KEPT -> { }
            }
            if (fit.pair() != null) {
                out.add(fit.pair());
            }
        }
        return new Tokenized(out, new TokenizeSummary(records.size(), out.size(), truncated, droppedLines.size(),
                droppedLines, mismatches));
    }

    /**
     * The ids of one record before any limit.
     *
     * @throws IllegalArgumentException for a {@link PreferenceRecord.Rendering#TRANSCRIPT transcript}: a conversation
     *     read without a chat template has no text a model was trained on
     */
    public Encoded encode(PreferenceRecord r) {
        if (r.rendering() == PreferenceRecord.Rendering.TRANSCRIPT) {
            throw new IllegalArgumentException(r.where() + ": a conversation must be rendered with the model's chat "
                    + "template before it can be tokenized");
        }
        boolean plain = r.rendering() == PreferenceRecord.Rendering.PLAIN;
        String chosen = plain ? withEos(r.chosen()) : r.chosen();
        String rejected = plain ? withEos(r.rejected()) : r.rejected();
        long[] prompt = tok.encode(r.prompt(), plain);
        long[] promptChosen = tok.encode(r.prompt() + chosen, plain);
        long[] promptRejected = tok.encode(r.prompt() + rejected, plain);
        boolean mismatch = !startsWith(promptChosen, prompt) || !startsWith(promptRejected, prompt);
        return new Encoded(new TokenizedPair(prompt, after(promptChosen, prompt.length),
                after(promptRejected, prompt.length), r.line()), mismatch);
    }

    /**
     * As {@link #encode(PreferenceRecord)}, tokenizing only as far as {@code limits} can use: {@link #fit} of the
     * result is the same as of the whole encoding (it reads at most max_length + 1 completion ids, and the prompt's
     * first max_length + 1 ids when only max_length limits it), while the work is bounded by max_length instead of
     * the record's size. Ids past what fit reads are left out, and a prefix mismatch is looked for only in the ids
     * kept (a prompt over max_length is dropped whatever follows).
     */
    public Encoded encode(PreferenceRecord r, LengthLimits limits) {
        if (!limits.limitsLength() || r.rendering() == PreferenceRecord.Rendering.TRANSCRIPT) return encode(r);
        boolean plain = r.rendering() == PreferenceRecord.Rendering.PLAIN;
        String chosen = plain ? withEos(r.chosen()) : r.chosen();
        String rejected = plain ? withEos(r.rejected()) : r.rejected();
        // keep_end of an over-long prompt needs all of it; otherwise max_length + 1 ids show it is over.
        long[] prompt = limits.maxPromptLength() > 0 ? tok.encode(r.prompt(), plain)
                : tok.encodePrefix(r.prompt(), plain, limits.maxLength() + 1);
        int need = prompt.length + limits.maxLength() + 1;
        long[] promptChosen = tok.encodePrefix(r.prompt() + chosen, plain, need);
        long[] promptRejected = tok.encodePrefix(r.prompt() + rejected, plain, need);
        boolean mismatch = !startsWith(promptChosen, prompt) || !startsWith(promptRejected, prompt);
        return new Encoded(new TokenizedPair(prompt, after(promptChosen, prompt.length),
                after(promptRejected, prompt.length), r.line()), mismatch);
    }

    /** Applies {@code limits} to one encoded pair; see the class comment for the policy. */
    public Fit fit(TokenizedPair p, LengthLimits limits) {
        long[] prompt = p.prompt();
        boolean cut = false;
        if (limits.maxPromptLength() > 0 && prompt.length > limits.maxPromptLength()) {
            prompt = keepEnd(prompt, limits.maxPromptLength());
            cut = true;
        }
        if (p.chosen().length == 0 || p.rejected().length == 0) {
            return new Fit(null, Outcome.DROPPED);
        }
        long[] chosen = p.chosen();
        long[] rejected = p.rejected();
        if (limits.limitsLength()) {
            if (prompt.length >= limits.maxLength()) {
                return new Fit(null, Outcome.DROPPED);
            }
            int room = limits.maxLength() - prompt.length;
            if (chosen.length > room || rejected.length > room) {
                chosen = Arrays.copyOf(chosen, Math.min(chosen.length, room));
                rejected = Arrays.copyOf(rejected, Math.min(rejected.length, room));
                cut = true;
            }
        }
        return cut ? new Fit(new TokenizedPair(prompt, chosen, rejected, p.line()), Outcome.TRUNCATED)
                : new Fit(p, Outcome.KEPT);
    }

    /** TRL's add_eos: the EOS text is appended unless the text already ends with it (and only if there is one). */
    private String withEos(String completion) {
        var eos = tok.specialTokens().eos();
        return eos == null || completion.endsWith(eos.content()) ? completion : completion + eos.content();
    }

    /** The last {@code n} ids, with the BOS in front kept when the prompt starts with one. */
    private long[] keepEnd(long[] prompt, int n) {
        OptionalLong bos = tok.specialTokens().bosId();
        if (n >= 2 && bos.isPresent() && prompt[0] == bos.getAsLong()) {
            long[] out = new long[n];
            out[0] = prompt[0];
            System.arraycopy(prompt, prompt.length - (n - 1), out, 1, n - 1);
            return out;
        }
        return Arrays.copyOfRange(prompt, prompt.length - n, prompt.length);
    }

    private static boolean startsWith(long[] ids, long[] prefix) {
        return ids.length >= prefix.length && Arrays.equals(ids, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static long[] after(long[] ids, int start) {
        return start >= ids.length ? new long[0] : Arrays.copyOfRange(ids, start, ids.length);
    }
}
