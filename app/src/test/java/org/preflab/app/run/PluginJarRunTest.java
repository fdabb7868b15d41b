package org.preflab.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.cli.CliRun;
import org.preflab.engine.data.DatasetFormats;
import org.preflab.engine.data.PreferenceReader;
import org.preflab.engine.data.format.StandardFormat;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.plugin.PluginFolder;
import org.preflab.engine.run.PreferenceFileSource;
import org.preflab.engine.run.RunExecutor;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.run.RunOutcome;
import org.preflab.engine.run.RunState;
import org.preflab.engine.runtime.EngineThread;
import org.preflab.engine.spi.DatasetFormat;
import org.preflab.engine.spi.PreferenceExample;
import org.preflab.engine.spi.RecordFields;

/**
 * The example plugin (plugins/examples/shp), built by Maven from its own pom, dropped into a plugin folder beside a
 * jar of broken dataset formats: PrefLab lists it with its jar, reads SHP files with it and trains a DPO run on one;
 * the broken formats (a missing class, a constructor that throws, a repeated built-in id) are reported and stop
 * nothing. The jar is not on the test class path (app's pom keeps it off), so only the plugin folder can provide it.
 */
class PluginJarRunTest {
    private static final String PREFIX = PluginJarRunTest.class.getName() + "$";

    /** Fails to construct, as a plugin whose setup file is missing might. */
    public static final class ExplodingFormat implements DatasetFormat {
        public ExplodingFormat() {
            throw new IllegalStateException("no schema file");
        }
        @Override public String id() { return "exploding"; }
        @Override public String description() { return "test: constructor throws"; }
        @Override public boolean recognises(Map<String, Object> record) { return true; }
        @Override public PreferenceExample read(RecordFields record) { return null; }
    }

    /** Claims the id of a built-in format; the built-in keeps it. */
    public static final class SecondStandard implements DatasetFormat {
        @Override public String id() { return "standard"; }
        @Override public String description() { return "test: repeats a built-in id"; }
        @Override public boolean recognises(Map<String, Object> record) { return true; }
        @Override public PreferenceExample read(RecordFields record) { return null; }
    }

    @TempDir Path tmp;

    @Test
    void theJarIsListedWithItsFormatAndEachBrokenFormatIsReported() throws IOException {
        Path folder = pluginFolder();
        CliRun run = CliRun.of("plugins", "--folder", folder.toString());
        assertEquals(0, run.code(), run.err());
        String out = run.out();
        assertTrue(out.contains("\nDataset formats (6)\n"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  shp +preflab-shp-format\\.jar +Stanford Human Preferences .*")),
                out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  standard +built-in +TRL standard .*")), out);
        assertTrue(out.contains("Load problems (3): each is skipped, and everything else loaded."), out);
        assertLine(out, "  dataset format: org.preflab.nowhere.MissingFormat [broken-formats.jar]: Provider "
                + "org.preflab.nowhere.MissingFormat not found");
        assertLine(out, "  dataset format: " + PREFIX + "ExplodingFormat [broken-formats.jar]: ", "no schema file");
        assertLine(out, "  dataset format: " + PREFIX + "SecondStandard [broken-formats.jar]: dataset format "
                + "'standard' is provided by both " + StandardFormat.class.getName() + " and " + PREFIX
                + "SecondStandard");
    }

    @Test
    void anShpFileIsReadByThePluginAndTrainsADpoRun() throws Exception {
        Path folder = pluginFolder();
        Path data = shpPairs(tmp.resolve("shp.jsonl"), 16);
        try (URLClassLoader loader = (URLClassLoader) PluginFolder.classLoader(folder)) {
            DatasetFormats formats = DatasetFormats.load(loader);
            assertEquals(3, formats.problems().size(), formats.problems().toString());
            assertEquals(StandardFormat.class, formats.find("standard").orElseThrow().getClass(),
                    "a plugin cannot take a built-in's id");

            PreferenceReader.ReadResult read = PreferenceReader.read(data, null, formats);
            assertEquals("shp", read.format().id());
            assertEquals(16, read.records().size(), read.problems().toString());
            assertEquals("Once upon a time, Lily met a sad puppy.\n\n", read.records().get(0).prompt());
            assertTrue(read.records().stream().allMatch(r -> r.chosen().contains("hug")),
                    "labels 0 and 1 both put the kind answer first");

            Path config = RunFixtures.write(tmp, RunFixtures.dpoConfig(data, 4));
            RunOutcome withPlugin = run(config, new RunExecutor(new PreferenceFileSource(formats),
                    PreferenceLosses.load(loader)));
            assertEquals(RunState.FINISHED, withPlugin.state(), withPlugin.message());
            assertEquals(4, RunFixtures.trainingRows(withPlugin.runDir()).size());
        }
        // The same run without the plugin folder: no built-in format reads SHP.
        Path again = RunFixtures.write(tmp, RunFixtures.dpoConfig(data, 4));
        ClassLoader builtIns = PluginJarRunTest.class.getClassLoader();
        Exception e = assertThrows(Exception.class, () -> run(again, new RunExecutor(
                new PreferenceFileSource(DatasetFormats.load(builtIns)), PreferenceLosses.load(builtIns))));
        assertTrue(String.valueOf(e.getMessage()).contains("shp.jsonl: no record is preference data"),
                e.getMessage());
    }

    private static RunOutcome run(Path config, RunExecutor executor) throws Exception {
        try (EngineThread engine = new EngineThread()) {
            return engine.call(() -> executor.start(config, new RunListener() {}));
        }
    }

    /** The example plugin's jar (or, when the build stopped at `test`, its classes put into one), plus a broken jar. */
    private Path pluginFolder() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("plugins"));
        String built = System.getProperty("preflab.example.plugin");
        assertNotNull(built, "app's pom passes the example plugin's path");
        Path plugin = Path.of(built);
        Path jar = folder.resolve("preflab-shp-format.jar");
        if (Files.isDirectory(plugin)) {
            jarUp(plugin, jar);
        } else {
            Files.copy(plugin, jar);
        }
        try (JarOutputStream broken = new JarOutputStream(Files.newOutputStream(folder.resolve("broken-formats.jar")))) {
            broken.putNextEntry(new JarEntry("META-INF/services/" + DatasetFormat.class.getName()));
            broken.write(String.join("\n", "org.preflab.nowhere.MissingFormat", PREFIX + "ExplodingFormat",
                    PREFIX + "SecondStandard", "").getBytes(StandardCharsets.UTF_8));
        }
        return folder;
    }

    private static void jarUp(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
            }
        }
    }

    /** n SHP records: a story post, a kind answer and an unkind one, the kind one labelled preferred (A or B). */
    private static Path shpPairs(Path file, int n) throws IOException {
        String[] names = {"Lily", "Tom", "Sue", "Max"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String who = names[i % names.length];
            String kind = " " + who + " gave the puppy a hug.";
            String unkind = " " + who + " ran away from the puppy.";
            boolean kindIsA = i % 2 == 0;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("post_id", "p" + i);
            r.put("history", "Once upon a time, " + who + " met a sad puppy.");
            r.put("human_ref_A", kindIsA ? kind : unkind);
            r.put("human_ref_B", kindIsA ? unkind : kind);
            r.put("labels", kindIsA ? 1 : 0);
            r.put("score_ratio", 3.0);
            lines.add(RunFixtures.JSON.writeValueAsString(r));
        }
        return Files.write(file, lines);
    }

    private static void assertLine(String out, String start) {
        assertLine(out, start, "");
    }

    private static void assertLine(String out, String start, String contains) {
        assertTrue(out.lines().anyMatch(l -> l.startsWith(start) && l.contains(contains)),
                "expected a line '" + start + "...' containing '" + contains + "' in:\n" + out);
    }
}
