package org.preflab.engine.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Word scores for the "sentiment" and "lexicon:FILE" rules: one entry a line, the word (or a phrase of several
 * words), a tab, and a number; '#' starts a comment line. The score of a text is the sum of its words' scores.
 * A phrase counts instead of its words where it matches, the longest phrase first (AFINN has a few, "not good").
 */
final class Lexicon {
    static final String SENTIMENT_RESOURCE = "sentiment-en.tsv";
    private static volatile Lexicon sentiment;

    /** Keys are lower case; a phrase's words are joined by one space. */
    private final Map<String, Double> scores;
    private final int longestPhrase;

    private Lexicon(Map<String, Double> scores) {
        this.scores = Map.copyOf(scores);
        this.longestPhrase = scores.keySet().stream().mapToInt(k -> k.split(" ").length).max().orElse(1);
    }

    /** PrefLab's own lexicon for simple stories (a resource; see its header). */
    static Lexicon sentiment() {
        Lexicon l = sentiment;
        if (l == null) {
            try (InputStream in = Lexicon.class.getResourceAsStream(SENTIMENT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(SENTIMENT_RESOURCE + " is missing from the engine jar");
                }
                l = parse(SENTIMENT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            } catch (IOException e) {
                throw new UncheckedIOException(SENTIMENT_RESOURCE + ": cannot read", e);
            }
            sentiment = l;
        }
        return l;
    }

    /** A user's lexicon file; a missing file or a bad line is an IllegalArgumentException naming it. */
    static Lexicon read(Path file) throws IOException {
        try {
            return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        }
    }

    /** Parses lines; errors read "source:line: what is wrong". */
    static Lexicon parse(String source, List<String> lines) {
        Map<String, Double> scores = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int lineNo = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + lineNo + ": ";
            int tab = line.lastIndexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException(where + "expected a word, a tab and a score, got '" + line + "'");
            }
            String word = String.join(" ", Words.of(line.substring(0, tab)));
            String number = line.substring(tab + 1).strip();
            if (word.isEmpty()) {
                throw new IllegalArgumentException(where + "no word before the tab in '" + line + "'");
            }
            double score;
            try {
                score = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                score = Double.NaN;
            }
            if (!Double.isFinite(score)) {
                throw new IllegalArgumentException(where + "the score of '" + word + "' is '" + number
                        + "', not a number");
            }
            Integer before = lineOf.putIfAbsent(word, lineNo);
            if (before != null) {
                throw new IllegalArgumentException(where + "'" + word + "' is listed twice (line " + before
                        + " too)");
            }
            scores.put(word, score);
        }
        if (scores.isEmpty()) {
            throw new IllegalArgumentException(source + ": no words in the lexicon");
        }
        return new Lexicon(scores);
    }

    /** The sum of the words' scores; words not in the lexicon count 0. */
    double score(List<String> words) {
        double sum = 0;
        int i = 0;
        while (i < words.size()) {
            int matched = 1;
            Double s = null;
            for (int n = Math.min(longestPhrase, words.size() - i); n >= 1 && s == null; n--) {
                s = scores.get(n == 1 ? words.get(i) : String.join(" ", words.subList(i, i + n)));
                matched = n;
            }
            if (s != null) {
                sum += s;
            } else {
                matched = 1;
            }
            i += matched;
        }
        return sum;
    }

    int size() {
        return scores.size();
    }
}
