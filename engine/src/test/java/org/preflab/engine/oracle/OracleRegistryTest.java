package org.preflab.engine.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceOracle;

class OracleRegistryTest {
    /** Always answers A. */
    public static final class Good implements OracleProvider {
        @Override public String id() { return "good"; }
        @Override public String description() { return "test: loads"; }
        @Override public PreferenceOracle create(Context context) {
            return new PreferenceOracle() {
                @Override public java.util.concurrent.CompletableFuture<Judgement> judge(Comparison c) {
                    return java.util.concurrent.CompletableFuture.completedFuture(
                            Judgement.of(Judgement.Verdict.A, "always A"));
                }
                @Override public String describe() { return "always A"; }
            };
        }
    }

    public static final class AlsoGood implements OracleProvider {
        @Override public String id() { return "good"; }
        @Override public String description() { return "test: same id as Good"; }
        @Override public PreferenceOracle create(Context context) { throw new AssertionError("never used"); }
    }

    public static final class Exploding implements OracleProvider {
        public Exploding() {
            throw new IllegalStateException("no reward model here");
        }
        @Override public String id() { return "exploding"; }
        @Override public String description() { return "test: constructor throws"; }
        @Override public PreferenceOracle create(Context context) { throw new AssertionError("never made"); }
    }

    private static final OracleProvider.Context CONTEXT =
            new OracleProvider.Context(null, null, List.of(), 0, null, Map.of());

    @Test
    void theBuiltInsLoad() {
        OracleRegistry registry = OracleRegistry.load(OracleRegistryTest.class.getClassLoader());
        assertEquals(List.of("dataset", "human", "reward_model", "rules"), registry.ids());
        assertEquals(List.of(), registry.problems());
        assertEquals(registry.ids(), registry.providers().stream().map(OracleProvider::id).toList());
        registry.providers().forEach(p -> assertTrue(!p.description().isBlank(), p.id()));
    }

    @Test
    void aFailingProviderIsReportedAndTheOthersStillLoad(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        String prefix = OracleRegistryTest.class.getName() + "$";
        Files.writeString(services.resolve(OracleProvider.class.getName()), String.join("\n",
                "org.preflab.nowhere.MissingOracle", prefix + "Exploding", prefix + "Good", prefix + "AlsoGood", ""));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                OracleRegistryTest.class.getClassLoader())) {
            OracleRegistry registry = OracleRegistry.load(loader);

            assertEquals(List.of("dataset", "good", "human", "reward_model", "rules"), registry.ids());
            assertEquals(Good.class, registry.get("good").getClass());
            List<OracleLoadProblem> problems = registry.problems();
            assertEquals(3, problems.size(), problems.toString());
            assertEquals("org.preflab.nowhere.MissingOracle", problems.get(0).provider());
            assertTrue(problems.get(0).message().contains("not found"), problems.get(0).message());
            assertEquals(prefix + "Exploding", problems.get(1).provider());
            assertTrue(problems.get(1).message().contains("no reward model here"), problems.get(1).message());
            assertEquals(prefix + "AlsoGood", problems.get(2).provider());
            assertEquals("oracle type 'good' is provided by both " + prefix + "Good and " + prefix + "AlsoGood",
                    problems.get(2).message());

            OracleSettings settings = new OracleSettings("good", List.of(), 0, null, OracleSettings.Swap.RANDOM);
            try (PreferenceOracle oracle = Oracles.create(registry, settings, CONTEXT)) {
                assertEquals("always A", oracle.describe());
            }
            OracleSettings exploding = new OracleSettings("exploding", List.of(), 0, null, OracleSettings.Swap.RANDOM);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Oracles.create(registry, exploding, CONTEXT));
            assertTrue(e.getMessage().startsWith("oracle.type = 'exploding' is not known; known: dataset, good, human,"
                    + " reward_model, rules; not loaded: [org.preflab.nowhere.MissingOracle: "), e.getMessage());
            assertTrue(e.getMessage().contains(prefix + "Exploding: "), e.getMessage());
        }
    }

    @Test
    void createPicksTheTypeAndRegisterRefusesADuplicate() throws IOException {
        OracleSettings rules = new OracleSettings("rules", List.of("sentiment"), 0, null, OracleSettings.Swap.RANDOM);
        try (PreferenceOracle oracle = Oracles.create(rules, new OracleProvider.Context(null, null, rules.rules(),
                0, null, Map.of()))) {
            assertEquals("rules: sentiment", oracle.describe());
        }
        OracleRegistry registry = new OracleRegistry().register(new Good());
        assertThrows(IllegalArgumentException.class, () -> registry.register(new AlsoGood()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get("goood"));
        assertEquals("oracle.type = 'goood' is not known; known: good", e.getMessage());
    }
}
