package org.preflab.engine.spo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.preflab.engine.spo.SpoSettings.RemovalOrder;

/**
 * The graded variants y^(0..K−1) of one response (algorithms.md §5 step 2). Degree d deletes n_d =
 * round(d/(K−1)·|P|) of the response's RAKE phrases P: every occurrence of each, then whitespace is collapsed.
 * d = 0 deletes nothing and is the response exactly as given.
 *
 * <p>Choices where the spec leaves room (nested phrase sets and deletion from the original text are what keep a
 * variant from growing as d grows):
 * <ul>
 *   <li>round() rounds halves up (d·|P|/(K−1) = 0.5 gives 1), computed in integers so that no float decides it.
 *   <li>RANDOM shuffles P once per response with the seed and takes its first n_d phrases, so the phrase sets are
 *       nested, as with TOP_SCORE; each set is still a uniformly random subset of its size.
 *   <li>An occurrence is the phrase's words, whole and in order, with only whitespace between them, matched
 *       case-insensitively with {@link Rake}'s own word rule. A phrase inside a longer phrase counts ("mat" in "red
 *       mat"). All occurrences are marked on the original text and deleted together, so deleting one phrase can
 *       neither create nor hide an occurrence of another, and the result does not depend on order.
 *   <li>Identical variants: the lowest degree keeps the text and the later copies are dropped, so the remaining
 *       labels may skip values (K = 4 with one phrase gives degrees 0 and 2).
 *   <li>A variant that deletes everything is the empty string and is kept; the caller decides what an empty
 *       completion means after tokenising (EOS may make it non-empty).
 * </ul>
 */
public final class DegreeVariants {
    private DegreeVariants() {}

    /** One variant: its degree label and text. */
    public record Variant(int degree, String text) {}

    /** The distinct variants of {@code response} with the bundled English RAKE. */
    public static List<Variant> build(String response, int k, RemovalOrder order, long seed) {
        return build(Rake.english(), response, k, order, seed);
    }

    /**
     * The distinct variants in increasing degree; the first is always degree 0, the response unchanged. Fewer than
     * two mean the response adds nothing to the degree loss.
     *
     * @param seed used only by {@link RemovalOrder#RANDOM}; derive it from the run seed and the example so that a
     *     resumed run rebuilds the same variants
     */
    public static List<Variant> build(Rake rake, String response, int k, RemovalOrder order, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("k = " + k + " is invalid: needs at least 2 degrees");
        }
        List<Rake.Phrase> ranked = new ArrayList<>(rake.phrases(response));
        if (order == RemovalOrder.RANDOM) {
            shuffle(ranked, new SplittableRandom(seed));
        }
        List<Rake.Word> words = Rake.words(response);
        List<Variant> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int d = 0; d < k; d++) {
            int n = phrasesAtDegree(d, k, ranked.size());
            String text = n == 0 ? response : delete(response, words, ranked.subList(0, n));
            if (seen.add(text)) {
                out.add(new Variant(d, text));
            }
        }
        return List.copyOf(out);
    }

    /** n_d = round(d/(K−1)·|P|) with halves rounded up: floor((2·d·|P| + K−1) / (2·(K−1))). */
    static int phrasesAtDegree(int d, int k, int phrases) {
        long num = 2L * d * phrases + (k - 1);
        return (int) (num / (2L * (k - 1)));
    }

    /** {@code text} without every occurrence of {@code phrases}, whitespace runs collapsed to one space, trimmed. */
    static String delete(String text, List<Rake.Word> words, List<Rake.Phrase> phrases) {
        Set<List<String>> wanted = new LinkedHashSet<>();
        int longest = 0;
        for (Rake.Phrase p : phrases) {
            wanted.add(p.words());
            longest = Math.max(longest, p.words().size());
        }
        boolean[] gone = new boolean[text.length()];
        for (int i = 0; i < words.size(); i++) {
            List<String> run = new ArrayList<>();
            for (int j = i; j < words.size() && j - i < longest; j++) {
                if (j > i && !words.get(j).joined()) {
                    break; // punctuation between: no phrase spans it
                }
                run.add(words.get(j).lower());
                if (wanted.contains(run)) {
                    Arrays.fill(gone, words.get(i).start(), words.get(j).end(), true);
                }
            }
        }
        StringBuilder kept = new StringBuilder(text.length());
        for (int c = 0; c < text.length(); c++) {
            if (!gone[c]) {
                kept.append(text.charAt(c));
            }
        }
        return Rake.SPACE.matcher(kept).replaceAll(" ").strip();
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) { // Fisher–Yates, so the order depends only on the seed
            int j = rng.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
