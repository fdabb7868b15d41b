package org.preflab.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtorch unpacked in an installed application image, made visible to DJL in the user's cache folder by symbolic
 * links. The image holds DJL's cache layout ({@code pytorch/2.7.1-20250812-cpu-linux-x86_64/} with libtorch and the
 * JNI library), so DJL finds {@code libtorch.so} there and neither unpacks nor downloads anything (LibUtils checks
 * the folder before extracting). The cache itself stays the user's, writable: a GPU setup makes DJL put its CUDA JNI
 * library there, which an installed image (read-only, owned by root) could not take.
 *
 * <p>Set by the image's launcher through {@code -Dpreflab.bundledNatives=<image>/lib/natives}; without it nothing
 * happens (a checkout or the plain jars unpack from the native jar as DJL always does).
 */
public final class BundledNatives {
    public static final String PROPERTY = "preflab.bundledNatives";
    private static final Logger LOG = LoggerFactory.getLogger(BundledNatives.class);

    private BundledNatives() {}

    /** Links the bundled natives named by {@link #PROPERTY} into {@code cache}; returns the links made or kept. */
    static List<Path> linkInto(Path cache) {
        String bundle = System.getProperty(PROPERTY);
        if (bundle == null || bundle.isBlank()) {
            return List.of();
        }
        try {
            return link(Path.of(bundle), cache);
        } catch (IOException e) {
            // DJL then unpacks from its jar if it is there; say why the bundled copy was not used.
            LOG.warn("could not link the bundled libtorch from {} into {}: {}", bundle, cache, e.toString());
            return List.of();
        }
    }

    /**
     * For each folder under {@code bundle/<engine>/}, a link of the same name under {@code cache/<engine>/}. A real
     * folder already there is left alone (an earlier unpack); a link to elsewhere (another install, perhaps gone) is
     * replaced. Each link is made under a temporary name and moved into place, so concurrent starts never see half.
     */
    static List<Path> link(Path bundle, Path cache) throws IOException {
        List<Path> links = new ArrayList<>();
        if (!Files.isDirectory(bundle)) {
            throw new IOException("no folder " + bundle);
        }
        try (Stream<Path> engines = Files.list(bundle)) {
            for (Path engineDir : engines.filter(Files::isDirectory).toList()) {
                Path target = cache.resolve(engineDir.getFileName().toString());
                Files.createDirectories(target);
                try (Stream<Path> versions = Files.list(engineDir)) {
                    for (Path version : versions.filter(Files::isDirectory).toList()) {
                        Path link = target.resolve(version.getFileName().toString());
                        linkOne(version.toAbsolutePath(), link);
                        links.add(link);
                    }
                }
            }
        }
        return links;
    }

    private static void linkOne(Path source, Path link) throws IOException {
        if (Files.isSymbolicLink(link)) {
            if (Files.readSymbolicLink(link).equals(source) && Files.exists(link)) {
                return;
            }
        } else if (Files.exists(link)) {
            return;
        }
        Path temp = link.resolveSibling(".link-" + ProcessHandle.current().pid() + "-" + link.getFileName());
        Files.deleteIfExists(temp);
        Files.createSymbolicLink(temp, source);
        Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
