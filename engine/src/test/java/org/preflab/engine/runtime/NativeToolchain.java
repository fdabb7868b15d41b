package org.preflab.engine.runtime;

import java.util.concurrent.TimeUnit;

/** Test helper: whether gcc can be run here, which decides what the MKL override tests expect. */
final class NativeToolchain {
    private NativeToolchain() {}

    static boolean gccAvailable() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
