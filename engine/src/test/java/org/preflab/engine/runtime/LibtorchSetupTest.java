package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibtorchSetupTest {
    @TempDir
    Path tmp;

    @Test
    void theEnvironmentWinsOverSystemPropertiesAsInDjl() {
        LibtorchSetup s = LibtorchSetup.read(Map.of("PYTORCH_FLAVOR", "cpu", "PYTORCH_VERSION", "2.7.1")::get,
                Map.of("PYTORCH_FLAVOR", "cu128")::get);
        assertEquals("cu128", s.flavor());
        assertEquals("2.7.1", s.version());
        assertTrue(s.inEnvironment());
        assertTrue(s.configured());
    }

    @Test
    void propertiesAloneAreNotInTheEnvironmentSoPreflabCanTakeThemBack() {
        LibtorchSetup s = LibtorchSetup.read(Map.of("PYTORCH_LIBRARY_PATH", "/nowhere")::get, k -> null);
        assertFalse(s.inEnvironment());
        assertFalse(s.hasLibtorch());
        assertFalse(LibtorchSetup.read(k -> null, k -> null).configured());
    }

    @Test
    void findsLibtorchInAPathListOrAsTheLibraryFileAndReadsAPipWheelsVersion() throws IOException {
        Path torch = Files.createDirectories(tmp.resolve("site-packages/torch"));
        Path lib = Files.createDirectories(torch.resolve("lib"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        Files.writeString(lib.resolve("libtorch_cuda.so"), "");
        Files.writeString(torch.resolve("version.py"), "__version__ = '2.7.1+cu128'\ngit_version = 'x'\n");
        String list = tmp.resolve("missing") + File.pathSeparator + lib;
        LibtorchSetup s = LibtorchSetup.read(k -> null, Map.of("PYTORCH_LIBRARY_PATH", list)::get);
        assertTrue(s.hasLibtorch());
        assertTrue(s.hasLibtorchCuda());
        assertEquals("2.7.1+cu128", s.folderVersion());
        assertEquals(lib.toAbsolutePath(), LibtorchSetup.libtorchFolder(lib.resolve("libtorch.so").toString()));
        assertNull(LibtorchSetup.libtorchFolder(tmp.resolve("missing").toString()));
    }
}
