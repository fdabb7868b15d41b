package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unusable DJL cache folder is named in one message, not a stack trace from inside DJL. */
class CacheDirCheckTest {
    @TempDir Path tmp;

    @Test
    void aCacheFolderUnderAFileIsNamed() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DjlRuntime.checkCacheDir(file.resolve("djl-cache")));
        assertTrue(e.getMessage().contains(file.resolve("djl-cache") + " cannot be created"), e.getMessage());
        assertTrue(e.getMessage().contains("DJL_CACHE_DIR"), e.getMessage());
    }

    @Test
    void aWritableFolderPasses() {
        DjlRuntime.checkCacheDir(tmp.resolve("fresh"));
        assertTrue(Files.isDirectory(tmp.resolve("fresh")));
    }
}
