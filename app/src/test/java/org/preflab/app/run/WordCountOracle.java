package org.preflab.app.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;

/**
 * A test oracle ("test-words"): prefers the completion with more of the words in its rules list, answers after
 * an optional delay (rule "delay:MS") on another thread, and logs every question it is asked to asked.log in the run
 * folder, so a test can check that no question is asked twice across a kill and a resume.
 */
public final class WordCountOracle implements OracleProvider {
    @Override
    public String id() {
        return "test-words";
    }

    @Override
    public String description() {
        return "test oracle: counts words";
    }

    @Override
    public PreferenceOracle create(Context ctx) {
        long delay = ctx.rules().stream().filter(r -> r.startsWith("delay:"))
                .mapToLong(r -> Long.parseLong(r.substring(6))).findFirst().orElse(0);
        java.util.List<String> words = ctx.rules().stream().filter(r -> !r.startsWith("delay:")).toList();
        Path log = ctx.runDir().resolve("asked.log");
        return new PreferenceOracle() {
            @Override
            public CompletableFuture<Judgement> judge(Comparison c) {
                try {
                    Files.writeString(log, c.id() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return CompletableFuture.supplyAsync(() -> {
                    if (delay > 0) {
                        try {
                            Thread.sleep(delay);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return Judgement.fromScores(score(c.prompt(), c.a()), score(c.prompt(), c.b()), 0, "");
                });
            }

            @Override
            public double score(String prompt, String completion) {
                double s = 0;
                for (String w : completion.toLowerCase(java.util.Locale.ROOT).split("[^a-z]+")) {
                    s += words.contains(w) ? 1 : 0;
                }
                return s + completion.length() * 1e-3; // longer breaks ties, so most answers are decisive
            }

            @Override
            public String describe() {
                return "test oracle counting " + words;
            }
        };
    }
}
