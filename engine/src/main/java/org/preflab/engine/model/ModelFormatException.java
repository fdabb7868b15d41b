package org.preflab.engine.model;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file PrefLab cannot use. The message always starts with the file it is about. */
public class ModelFormatException extends IOException {
    private final transient Path file;

    public ModelFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file the problem is in. */
    public Path file() {
        return file;
    }
}
