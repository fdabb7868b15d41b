package org.preflab.engine.run;

import java.nio.file.Path;

/** A second process for RunLockTest: prints whether a run folder's lock is held, or holds it for a while. */
public final class LockProbe {
    private LockProbe() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("probe")) {
            System.out.println(RunLock.isHeld(dir) ? "held" : "free");
            return;
        }
        try (RunLock lock = RunLock.acquire(dir)) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[2]));
        }
    }
}
