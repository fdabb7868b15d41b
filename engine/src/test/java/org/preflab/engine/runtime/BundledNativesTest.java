package org.preflab.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledNativesTest {
    private static final String VERSION_DIR = "2.7.1-20250812-cpu-linux-x86_64";

    @TempDir
    Path tmp;

    private Path bundle(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name).resolve("pytorch").resolve(VERSION_DIR));
        Files.writeString(dir.resolve("libtorch.so"), name);
        return tmp.resolve(name);
    }

    @Test
    void linksEachBundledFolderIntoTheCacheSoDjlFindsLibtorchThere() throws IOException {
        Path bundle = bundle("image");
        Path cache = tmp.resolve("cache");
        List<Path> links = BundledNatives.link(bundle, cache);
        Path link = cache.resolve("pytorch").resolve(VERSION_DIR);
        assertEquals(List.of(link), links);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("image", Files.readString(link.resolve("libtorch.so")));
        assertEquals(links, BundledNatives.link(bundle, cache), "a second start keeps the link");
    }

    @Test
    void aLinkToAnotherOrAVanishedInstallIsReplacedButAnUnpackedFolderIsKept() throws IOException {
        Path cache = tmp.resolve("cache");
        BundledNatives.link(bundle("old"), cache);
        BundledNatives.link(bundle("new"), cache);
        Path link = cache.resolve("pytorch").resolve(VERSION_DIR);
        assertEquals("new", Files.readString(link.resolve("libtorch.so")));

        Path unpacked = tmp.resolve("cache2/pytorch").resolve(VERSION_DIR);
        Files.createDirectories(unpacked);
        Files.writeString(unpacked.resolve("libtorch.so"), "unpacked");
        BundledNatives.link(tmp.resolve("new"), tmp.resolve("cache2"));
        assertFalse(Files.isSymbolicLink(unpacked));
        assertEquals("unpacked", Files.readString(unpacked.resolve("libtorch.so")));
    }
}
