package org.preflab.app.gui.project;

import java.nio.file.Path;

/** Where tests save pictures of views: docs/ with -Dpreflab.pictures=true (for the README), else target/pictures. */
public final class Pictures {
    private Pictures() {}

    public static Path file(String name) {
        Path dir = Boolean.getBoolean("preflab.pictures") ? Path.of(System.getProperty("preflab.docs"))
                : Path.of("target", "pictures");
        return dir.resolve(name);
    }
}
