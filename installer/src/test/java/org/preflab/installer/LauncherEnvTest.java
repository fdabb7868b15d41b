package org.preflab.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every launcher's environment file sets for the OpenMP threads: a bounded spin by default (adaptive) and with
 * PREFLAB_CPU=dedicated, sleeping with shared, the caller's own settings over all, and a named error for a value it
 * does not know.
 */
class LauncherEnvTest {
    private static final Path ENV_FILE = Path.of("").toAbsolutePath().resolve("launcher-env.sh");

    @Test
    void cpuModeSetsTheWaitPolicy() throws Exception {
        assertEquals(List.of("adaptive", "ACTIVE", "10000"), source(Map.of()).lines);
        assertEquals(List.of("shared", "PASSIVE", "-"), source(Map.of("PREFLAB_CPU", "shared")).lines);
        assertEquals(List.of("dedicated", "ACTIVE", "10000"), source(Map.of("PREFLAB_CPU", "dedicated")).lines);
        assertEquals(List.of("dedicated", "ACTIVE", "2000"),
                source(Map.of("PREFLAB_CPU", "dedicated", "GOMP_SPINCOUNT", "2000")).lines);
        assertEquals(List.of("shared", "ACTIVE", "-"),
                source(Map.of("PREFLAB_CPU", "shared", "OMP_WAIT_POLICY", "ACTIVE")).lines);
        assertEquals(List.of("adaptive", "PASSIVE", "-"), source(Map.of("OMP_WAIT_POLICY", "PASSIVE")).lines);
        Result bad = source(Map.of("PREFLAB_CPU", "fast"));
        assertEquals(2, bad.exit);
        assertTrue(bad.lines.get(0).contains("PREFLAB_CPU='fast' is not understood: 'adaptive'"), bad.lines.toString());
    }

    @Test
    void commandsThatTrainNothingUseTheQuickCompilerOnly() throws Exception {
        assertEquals("-XX:TieredStopAtLevel=1", compilerFlag("", "generate", "-p", "x"));
        assertEquals("-XX:TieredStopAtLevel=1", compilerFlag("", "doctor"));
        assertEquals("", compilerFlag("", "run", "project"));
        assertEquals("", compilerFlag("", "gui"));
        assertEquals("", compilerFlag("", "bench", "workloads.json"));
        assertEquals("", compilerFlag("", "generator")); // a name that only starts like one
        assertEquals("", compilerFlag("-XX:TieredStopAtLevel=4", "generate")); // the caller's own wins
    }

    /** The -XX:TieredStopAtLevel flag the environment file adds for a command line, or "" for none. */
    private static String compilerFlag(String javaOpts, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", "-c",
                ". \"$0\"; for f in \"${PREFLAB_JAVA_FLAGS[@]}\"; do case $f in *Tiered*) echo \"$f\";; esac; done",
                ENV_FILE.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PREFLAB_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private record Result(int exit, List<String> lines) {}

    private static Result source(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". \"$0\"; echo \"$PREFLAB_CPU\"; echo \"$OMP_WAIT_POLICY\"; "
                + "echo \"${GOMP_SPINCOUNT:--}\"", ENV_FILE.toString()).redirectErrorStream(true);
        pb.environment().keySet().removeAll(List.of("PREFLAB_CPU", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out.lines().toList());
    }
}
