package org.preflab.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Builds the application image from the app's packaged jars and runs its offline check: the image's preflab command
 * trains the bundled sample with the network cut (installer/test-image.sh says what it asserts). About 60 s on two
 * cores, most of it jlink. Leave it out with {@code -Dpreflab.image.skip=true}.
 */
class ApplicationImageTest {
    private static final Path INSTALLER = Path.of("").toAbsolutePath(); // surefire runs in the module folder

    @Test
    void theImageTrainsTheBundledSampleWithTheNetworkCut() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("preflab.image.skip"), "left out by -Dpreflab.image.skip=true");
        Path appLib = INSTALLER.resolveSibling("app").resolve("target/lib");
        assertTrue(Files.isDirectory(appLib), appLib + " is missing: the app module must be packaged first"
                + " (mvn -B verify does that; with -pl, add -am and run to the package phase)");

        long t0 = System.nanoTime();
        Result build = run(List.of(INSTALLER.resolve("build-image.sh").toString(), "--no-deb"), 600);
        assertEquals(0, build.exit(), "build-image.sh failed:\n" + build.output());
        long t1 = System.nanoTime();
        Result check = run(List.of(INSTALLER.resolve("test-image.sh").toString()), 300);
        assertEquals(0, check.exit(), "test-image.sh failed:\n" + check.output());
        assertTrue(check.output().contains("test-image: passed"), check.output());
        System.out.printf("ApplicationImageTest: image built in %d s, checked in %d s%n%s",
                TimeUnit.NANOSECONDS.toSeconds(t1 - t0), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t1),
                check.output());
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("preflab-image", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
