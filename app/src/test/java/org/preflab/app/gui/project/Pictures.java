package org.preflab.app.gui.project;

import java.nio.file.Path;

/** Where tests save pictures of views to look at (the README's pictures are DocsPicturesTest's). */
public final class Pictures {
    private Pictures() {}

    public static Path file(String name) {
        return Path.of("target", "pictures").resolve(name);
    }
}
