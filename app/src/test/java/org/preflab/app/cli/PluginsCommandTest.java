package org.preflab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.spi.AcquisitionContext;
import org.preflab.engine.spi.AcquisitionFunction;
import org.preflab.engine.spi.Candidate;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceLoss;
import org.preflab.engine.spi.PreferenceOracle;

/**
 * {@code preflab plugins} over a plugin folder holding a broken jar: services files naming a class that does not
 * exist, a provider whose constructor throws and one that repeats a built-in id. The providers are classes of this
 * test (already compiled), so the jar needs no compiler: it only lists them.
 */
class PluginsCommandTest {
    private static final String PREFIX = PluginsCommandTest.class.getName() + "$";

    public static final class ExplodingAcquisition implements AcquisitionFunction {
        public ExplodingAcquisition() {
            throw new IllegalStateException("no scorer here");
        }
        @Override public String id() { return "exploding"; }
        @Override public String description() { return "test: constructor throws"; }
        @Override public List<Candidate> acquire(AcquisitionContext context, int n) { return List.of(); }
    }

    public static final class SecondRules implements OracleProvider {
        @Override public String id() { return "rules"; }
        @Override public String description() { return "test: repeats a built-in id"; }
        @Override public PreferenceOracle create(Context context) { throw new AssertionError("never used"); }
    }

    @TempDir Path tmp;

    private Path brokenPluginFolder() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("plugins"));
        writeJar(folder.resolve("broken.jar"), Map.<Class<?>, String>of(
                PreferenceLoss.class, "org.preflab.nowhere.MissingLoss",
                OracleProvider.class, PREFIX + "SecondRules",
                AcquisitionFunction.class, "org.preflab.nowhere.MissingAcquisition\n" + PREFIX
                        + "ExplodingAcquisition"));
        Files.writeString(folder.resolve("corrupt.jar"), "not a zip file"); // the class loader skips it silently
        return folder;
    }

    private static void writeJar(Path file, Map<Class<?>, String> services) throws IOException {
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<Class<?>, String> e : services.entrySet()) {
                jar.putNextEntry(new JarEntry("META-INF/services/" + e.getKey().getName()));
                jar.write((e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void listsEveryKindAndEachBrokenProviderWithItsJarAndReason() throws IOException {
        Path folder = brokenPluginFolder();
        CliRun run = CliRun.of("plugins", "--folder", folder.toString());
        assertEquals(0, run.code(), "problems are reported, not fatal: " + run.err());
        String out = run.out();
        assertTrue(out.startsWith("Plugin folder: " + folder + "\n  broken.jar\n  corrupt.jar (skipped: not a readable"
                + " jar ("), out);
        assertTrue(out.contains("\nLoss types ("), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  sigmoid +built-in +\\S.*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  rules +built-in +\\S.*")), out);
        assertTrue(out.contains("\nAcquisition functions (4)\n"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  random +built-in +n random prompts.*")), out);
        assertTrue(out.contains("\nDataset formats (5)\n"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  standard +built-in +TRL standard .*")), out);

        assertTrue(out.contains("Load problems (5): each is skipped, and everything else loaded."), out);
        assertProblem(out, "jar: corrupt.jar: not a readable jar (", "");
        assertProblem(out, "loss type: org.preflab.nowhere.MissingLoss [broken.jar]: Provider "
                + "org.preflab.nowhere.MissingLoss not found", "");
        assertProblem(out, "oracle: " + PREFIX + "SecondRules [broken.jar]: ",
                "oracle type 'rules' is provided by both org.preflab.engine.oracle.RulesOracleProvider and");
        assertProblem(out, "acquisition function: org.preflab.nowhere.MissingAcquisition [broken.jar]: ",
                "not found");
        assertProblem(out, "acquisition function: " + PREFIX + "ExplodingAcquisition [broken.jar]: ",
                "no scorer here");

        assertEquals(1, CliRun.of("plugins", "--strict", "--folder", folder.toString()).code(),
                "--strict fails on any problem");
    }

    @Test
    void theConfiguredFolderIsReadAsItIsNow() throws IOException {
        Path folder = brokenPluginFolder();
        String before = System.getProperty("preflab.plugins");
        try {
            System.setProperty("preflab.plugins", folder.toString());
            CliRun run = CliRun.of("plugins");
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().startsWith("Plugin folder: " + folder + "\n  broken.jar\n"), run.out());
            assertTrue(run.out().contains("Load problems (5)"), run.out());

            Path absent = tmp.resolve("absent");
            System.setProperty("preflab.plugins", absent.toString());
            CliRun clean = CliRun.of("plugins", "--strict");
            assertEquals(0, clean.code(), clean.out() + clean.err());
            assertTrue(clean.out().startsWith("Plugin folder: " + absent + " (absent: "), clean.out());
            assertTrue(clean.out().strip().endsWith("No load problems."), clean.out());
        } finally {
            if (before == null) {
                System.clearProperty("preflab.plugins");
            } else {
                System.setProperty("preflab.plugins", before);
            }
        }
    }

    private static void assertProblem(String out, String start, String contains) {
        assertTrue(out.lines().anyMatch(l -> l.startsWith("  " + start) && l.contains(contains)),
                "expected a line '  " + start + "...' containing '" + contains + "' in:\n" + out);
    }
}
