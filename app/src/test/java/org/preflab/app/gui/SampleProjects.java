package org.preflab.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the bundled sample projects for tests (without any runs a developer made in the checkout). */
public final class SampleProjects {
    private SampleProjects() {}

    /** The checkout's sample-projects folder (tests run in app/). */
    public static Path root() {
        return Path.of("..", "sample-projects").toAbsolutePath().normalize();
    }

    /** A copy of sample project {@code name} at {@code target}, runs/ left out. */
    public static Path copy(String name, Path target) throws IOException {
        Path src = root().resolve(name);
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.toList()) {
                Path rel = src.relativize(f);
                if (rel.startsWith("runs")) {
                    continue;
                }
                Path t = target.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
        return target;
    }
}
