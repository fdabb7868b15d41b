package org.preflab.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per run folder, across threads and processes; a dead process leaves no lock behind. */
class RunLockTest {
    @TempDir Path dir;

    @Test
    void secondAcquireInThisProcessIsRefusedAndReleaseFreesIt() throws Exception {
        try (RunLock first = RunLock.acquire(dir)) {
            IOException e = assertThrows(IOException.class, () -> RunLock.acquire(dir));
            assertTrue(e.getMessage().contains("already being trained"), e.getMessage());
            assertTrue(RunLock.isHeld(dir));
        }
        assertFalse(RunLock.isHeld(dir));
        RunLock.acquire(dir).close();
    }

    @Test
    void probingFromThisProcessKeepsTheLockForOtherProcesses() throws Exception {
        try (RunLock held = RunLock.acquire(dir)) {
            assertTrue(RunLock.isHeld(dir)); // must not open-and-close a channel: that would drop a POSIX lock
            assertEquals("held", child("probe").trim());
        }
        assertEquals("free", child("probe").trim());
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedAndAKilledOneLeavesItFree() throws Exception {
        Process p = start("hold", "60000");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            assertEquals("locked", r.readLine());
            assertTrue(RunLock.isHeld(dir));
            IOException e = assertThrows(IOException.class, () -> RunLock.acquire(dir));
            assertTrue(e.getMessage().contains("process " + p.pid()), e.getMessage());
            p.destroyForcibly(); // kill -9: the OS drops the lock with the process
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertFalse(RunLock.isHeld(dir));
        RunLock.acquire(dir).close();
    }

    private String child(String... args) throws Exception {
        Process p = start(args);
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    private Process start(String... args) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(javaBin, "-cp",
                System.getProperty("java.class.path"), LockProbe.class.getName(), args[0], dir.toString()));
        for (int i = 1; i < args.length; i++) {
            cmd.add(args[i]);
        }
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
