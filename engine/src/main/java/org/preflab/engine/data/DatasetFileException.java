package org.preflab.engine.data;

import java.io.IOException;

/**
 * A preference file that cannot be used at all: missing, empty, not JSON or JSONL, or with no record that looks
 * like preference data. Bad individual records are {@link RecordProblem}s instead; this is for the whole file. The
 * message is one line that names the file.
 */
public final class DatasetFileException extends IOException {
    public DatasetFileException(String message) {
        super(message);
    }
}
