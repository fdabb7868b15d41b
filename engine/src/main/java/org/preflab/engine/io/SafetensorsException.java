package org.preflab.engine.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file or sharded-checkpoint index that cannot be read as one. Checked, like the I/O errors it sits
 * beside, and the message always starts with the offending file so a user can tell which of many shards is bad.
 */
public class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    public SafetensorsException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public SafetensorsException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    /** For problems with one tensor: "file: tensor 'name' problem". */
    public static SafetensorsException tensor(Path file, String tensor, String problem) {
        return new SafetensorsException(file, "tensor '" + tensor + "' " + problem);
    }
}
