package org.preflab.engine.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.preflab.engine.runtime.DjlRuntime;

/**
 * Plugin jars a user drops into a folder: each may register loss variants, oracles, acquisition functions and dataset
 * formats (the interfaces of preflab-api) through META-INF/services. The folder is PREFLAB_PLUGINS (or -Dpreflab.plugins), else {@code plugins/} beside the DJL
 * cache in the user's data folder. A missing folder simply adds nothing.
 */
public final class PluginFolder {
    private static volatile ClassLoader loader;

    private PluginFolder() {}

    public static Path location() {
        String p = System.getProperty("preflab.plugins", System.getenv("PREFLAB_PLUGINS"));
        return p != null && !p.isBlank() ? Path.of(p) : DjlRuntime.defaultCacheDir().resolveSibling("plugins");
    }

    /** The jars in the folder, sorted by name. */
    public static List<Path> jars(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot list plugin jars", e);
        }
    }

    /**
     * Why {@code jar} cannot be opened as a jar, if it cannot: the class loader skips such a file without a word, so
     * listings ask here to name it.
     */
    public static Optional<String> unreadable(Path jar) {
        try (JarFile ignored = new JarFile(jar.toFile())) {
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("not a readable jar (" + ServiceProviders.oneLine(e) + ")");
        }
    }

    /** A class loader over the built-in classes plus the folder's jars (created once). */
    public static ClassLoader classLoader() {
        ClassLoader l = loader;
        if (l == null) {
            synchronized (PluginFolder.class) {
                if (loader == null) {
                    loader = classLoader(location());
                }
                l = loader;
            }
        }
        return l;
    }

    /** A new class loader over the built-in classes plus {@code folder}'s jars. */
    public static ClassLoader classLoader(Path folder) {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars(folder)) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(jar + ": not a valid plugin path", e);
            }
        }
        ClassLoader parent = PluginFolder.class.getClassLoader();
        return urls.isEmpty() ? parent : new URLClassLoader("preflab-plugins", urls.toArray(URL[]::new), parent);
    }
}
