package org.preflab.engine.spo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * RAKE keyword extraction (Rose, Engel, Cramer and Cowley 2010) as algorithms.md §5 step 1 specifies it: the text
 * is cut into candidate phrases at stopwords and punctuation; word score = degree(w) / freq(w), where freq counts
 * the word's occurrences in candidate phrases and degree sums the lengths (in words) of the phrases it occurs in,
 * once per occurrence; phrase score = sum of its words' scores. Phrases are deduplicated and ranked by score,
 * highest first, ties by first occurrence.
 *
 * <p>Words: runs of letters, combining marks and digits, joined by an inner apostrophe or hyphen ("don't",
 * "state-of-the-art" are one word each). Between two words of one phrase there may be only whitespace; any other
 * character (punctuation, symbols) ends the phrase. Numbers count as words: "42" can be a response's key content.
 *
 * <p>Case: words are lower-cased with {@link Locale#ROOT} (and the typographic apostrophe ’ read as ') before the
 * stopword test, the counts and the deduplication, so "Cat" and "cat" are one word and phrase texts are lower case.
 * The original text's case is kept by {@link DegreeVariants}, which deletes phrases case-insensitively.
 */
public final class Rake {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+(?:['’-][\\p{L}\\p{M}\\p{N}]+)*");
    /** Whitespace as Unicode defines it (no-break space included), for joining words and collapsing runs. */
    static final Pattern SPACE = Pattern.compile("(?U)\\s+");
    private static final String ENGLISH_RESOURCE = "stopwords-en.txt";
    private static volatile Rake english;

    private final Set<String> stopwords;

    /**
     * A word of the text: lower-cased form, position in the word sequence, character span, and whether only
     * whitespace separates it from the previous word (so that the two can belong to one phrase).
     */
    record Word(String lower, int index, int start, int end, boolean joined) {}

    /**
     * A deduplicated candidate phrase.
     *
     * @param text its words, lower case, joined by single spaces
     * @param words the same words as a list
     * @param score sum of the word scores (for display; ranking compares the exact fractions)
     * @param firstWord index, in the text's word sequence, of the phrase's first word at its first occurrence
     */
    public record Phrase(String text, List<String> words, double score, int firstWord) {}

    /** RAKE with these stopwords (compared lower case). */
    public Rake(Set<String> stopwords) {
        this.stopwords = stopwords.stream().map(Rake::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /** RAKE with the bundled English list (NLTK's; origin and licence in the resource's header). */
    public static Rake english() {
        Rake r = english;
        if (r == null) {
            r = new Rake(loadStopwords(ENGLISH_RESOURCE));
            english = r;
        }
        return r;
    }

    public boolean isStopword(String word) {
        return stopwords.contains(normalise(word));
    }

    /** The ranked, deduplicated phrases of {@code text}; empty when it has no content words. */
    public List<Phrase> phrases(String text) {
        List<List<Word>> candidates = candidates(words(text));
        Map<String, Ratio> wordScores = wordRatios(candidates);
        LinkedHashMap<String, Phrase> unique = new LinkedHashMap<>(); // insertion order = first occurrence
        Map<String, Ratio> exact = new HashMap<>();
        for (List<Word> c : candidates) {
            List<String> ws = c.stream().map(Word::lower).toList();
            String key = String.join(" ", ws);
            if (!unique.containsKey(key)) {
                Ratio score = Ratio.ZERO;
                for (String w : ws) {
                    score = score.add(wordScores.get(w));
                }
                exact.put(key, score);
                unique.put(key, new Phrase(key, ws, score.doubleValue(), c.get(0).index()));
            }
        }
        List<Phrase> ranked = new ArrayList<>(unique.values());
        // Exact fractions: 7/3 + 7/3 + 3 and 3 + 7/3 + 7/3 differ in the last bit as doubles, and "ties by first
        // occurrence" must not depend on rounding. List.sort is stable: equal scores keep first-occurrence order.
        ranked.sort(Comparator.comparing((Phrase p) -> exact.get(p.text())).reversed());
        return List.copyOf(ranked);
    }

    /** Word score degree/freq of every content word, for display and tests. */
    public Map<String, Double> wordScores(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        wordRatios(candidates(words(text))).forEach((w, r) -> out.put(w, r.doubleValue()));
        return out;
    }

    /** The words of {@code text} in order, with spans (shared with {@link DegreeVariants} so both cut alike). */
    static List<Word> words(String text) {
        List<Word> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        int prevEnd = -1;
        while (m.find()) {
            boolean joined = prevEnd >= 0 && SPACE.matcher(text).region(prevEnd, m.start()).matches();
            out.add(new Word(normalise(m.group()), out.size(), m.start(), m.end(), joined));
            prevEnd = m.end();
        }
        return out;
    }

    /** Candidate phrase occurrences in text order: maximal runs of joined non-stopwords. */
    List<List<Word>> candidates(List<Word> words) {
        List<List<Word>> out = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        for (Word w : words) {
            if (stopwords.contains(w.lower())) {
                flush(current, out);
                continue;
            }
            if (!w.joined()) {
                flush(current, out);
            }
            current.add(w);
        }
        flush(current, out);
        return out;
    }

    private static void flush(List<Word> current, List<List<Word>> out) {
        if (!current.isEmpty()) {
            out.add(List.copyOf(current));
            current.clear();
        }
    }

    private static Map<String, Ratio> wordRatios(List<List<Word>> candidates) {
        Map<String, long[]> degFreq = new LinkedHashMap<>(); // word -> {degree, frequency}
        for (List<Word> c : candidates) {
            for (Word w : c) {
                long[] df = degFreq.computeIfAbsent(w.lower(), k -> new long[2]);
                df[0] += c.size();
                df[1] += 1;
            }
        }
        Map<String, Ratio> out = new LinkedHashMap<>();
        degFreq.forEach((w, df) -> out.put(w, new Ratio(BigInteger.valueOf(df[0]), BigInteger.valueOf(df[1]))));
        return out;
    }

    static String normalise(String word) {
        return word.toLowerCase(Locale.ROOT).replace('’', '\'');
    }

    static Set<String> loadStopwords(String resource) {
        try (InputStream in = Rake.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("stopword list " + resource + " is missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return r.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stopword list " + resource, e);
        }
    }

    /** A non-negative fraction, compared exactly. */
    private record Ratio(BigInteger num, BigInteger den) implements Comparable<Ratio> {
        static final Ratio ZERO = new Ratio(BigInteger.ZERO, BigInteger.ONE);

        Ratio add(Ratio o) {
            return new Ratio(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
        }

        double doubleValue() {
            return new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL64).doubleValue();
        }

        @Override
        public int compareTo(Ratio o) {
            return num.multiply(o.den).compareTo(o.num.multiply(den));
        }
    }
}
