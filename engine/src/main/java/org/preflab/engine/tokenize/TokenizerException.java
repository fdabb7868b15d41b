package org.preflab.engine.tokenize;

/**
 * A tokenizer folder that cannot be used: a missing file, malformed JSON or a special-token entry that does not
 * resolve. The message always starts with the file (and names the field where one is at fault), because it is shown
 * to the user as one line.
 */
public final class TokenizerException extends RuntimeException {
    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
