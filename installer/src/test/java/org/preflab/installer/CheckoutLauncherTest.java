package org.preflab.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout's ./preflab builds when a source is newer than its last build, and only then. A fake mvn that, like
 * Maven for a module whose classes did not change, leaves the app jar as it was: the launcher once compared sources
 * with that jar and so rebuilt on every start after an engine change.
 */
class CheckoutLauncherTest {
    private static final Path INSTALLER = Path.of("").toAbsolutePath(); // surefire runs in the module folder

    @Test
    void buildsOnceAfterASourceChange(@TempDir Path root) throws Exception {
        Files.copy(INSTALLER.resolveSibling("preflab"), root.resolve("preflab"));
        Files.createDirectories(root.resolve("installer"));
        Files.copy(INSTALLER.resolve("launcher-env.sh"), root.resolve("installer/launcher-env.sh"));
        Path source = root.resolve("engine/src/main/java/A.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class A {}");
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.writeString(root.resolve("engine/pom.xml"), "<project/>");
        Path jar = root.resolve("app/target/lib/preflab-app-0.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar");
        Path bin = Files.createDirectories(root.resolve("fake-bin"));
        script(bin.resolve("mvn"), "echo built >> \"$PWD/mvn.log\"");
        script(bin.resolve("java"), "echo \"java $*\"");
        Instant now = Instant.now();
        for (Path p : List.of(source, source.getParent(), root.resolve("pom.xml"), root.resolve("engine/pom.xml"),
                root.resolve("engine/src/main"))) {
            Files.setLastModifiedTime(p, FileTime.from(now.minusSeconds(180)));
        }
        Files.setLastModifiedTime(jar, FileTime.from(now.minusSeconds(120)));

        assertTrue(run(root, bin).contains("java "), "starts the app");
        assertEquals(0, builds(root), "jar newer than the sources: no build");
        Files.setLastModifiedTime(source, FileTime.from(now.minusSeconds(60)));
        run(root, bin);
        assertEquals(1, builds(root), "a source newer than the jar: a build");
        run(root, bin);
        run(root, bin);
        assertEquals(1, builds(root), "nothing changed since that build (the jar is still older): no build");
        Files.setLastModifiedTime(source, FileTime.from(now.plusSeconds(60)));
        run(root, bin);
        assertEquals(2, builds(root), "a source newer than the last build: a build");
    }

    private static void script(Path p, String body) throws IOException {
        Files.writeString(p, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String run(Path root, Path bin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("preflab").toString(), "--version")
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private static long builds(Path root) throws IOException {
        Path log = root.resolve("mvn.log");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }
}
