package org.preflab.app.cli;

import picocli.CommandLine;

/**
 * Turns an exception from a command into one line on stderr and exit code 2. A user who gave a bad file must see
 * which file, line and field, not a stack trace; PREFLAB_DEBUG=1 shows the trace for us.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        if (ex instanceof java.nio.file.NoSuchFileException) {
            msg = "no such file or folder: " + msg;
        } else if (ex instanceof java.nio.file.AccessDeniedException) {
            msg = "permission denied: " + msg;
        }
        cl.getErr().println("error: " + msg);
        if (System.getenv("PREFLAB_DEBUG") != null) {
            ex.printStackTrace(cl.getErr());
        }
        return 2;
    }
}
