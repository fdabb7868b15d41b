package org.preflab.engine.plugin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.List;

/**
 * Where a service provider comes from, for listings: "built-in", or the file name of the plugin jar it was loaded
 * from (so a user knows which jar to fix or remove).
 */
public final class ProviderOrigin {
    public static final String BUILT_IN = "built-in";
    public static final String UNKNOWN = "unknown";

    private ProviderOrigin() {}

    /** The jar among {@code pluginJars} that holds {@code type} (its code source), else {@link #BUILT_IN}. */
    public static String of(Class<?> type, List<Path> pluginJars) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return BUILT_IN; // the JDK's own classes have none
        }
        try {
            return originOf(Path.of(source.getLocation().toURI()), pluginJars);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return BUILT_IN;
        }
    }

    /**
     * Where a provider that failed to load comes from: the plugin jar whose services file names it (the jar to fix or
     * remove, even when the class it names is missing or built in); else its class's origin when the class can be
     * found without running it; else {@link #UNKNOWN}.
     */
    public static String ofFailed(String className, Class<?> service, ClassLoader loader, List<Path> pluginJars) {
        String listed = listedIn(className, service, loader, pluginJars);
        if (!listed.equals(UNKNOWN) && !listed.equals(BUILT_IN)) {
            return listed;
        }
        try {
            return of(Class.forName(className, false, loader), pluginJars);
        } catch (ClassNotFoundException | LinkageError e) {
            return listed;
        }
    }

    private static String listedIn(String className, Class<?> service, ClassLoader loader, List<Path> pluginJars) {
        String found = UNKNOWN;
        try {
            Enumeration<URL> files = loader.getResources("META-INF/services/" + service.getName());
            while (files.hasMoreElements()) {
                URL file = files.nextElement();
                if (names(file, className)) {
                    found = containerOf(file, pluginJars);
                    if (!found.equals(BUILT_IN)) {
                        return found; // a plugin jar's listing is the one to report
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable services file: nothing more to say than what was found so far
        }
        return found;
    }

    private static boolean names(URL servicesFile, String className) throws IOException {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(servicesFile.openStream(), StandardCharsets.UTF_8))) {
            // The ServiceLoader format: one class name a line, '#' starts a comment.
            return in.lines().map(l -> l.replaceAll("#.*", "").strip()).anyMatch(className::equals);
        }
    }

    private static String containerOf(URL servicesFile, List<Path> pluginJars) {
        // jar:file:/plugins/broken.jar!/META-INF/services/... names the jar before "!/".
        String s = servicesFile.toString();
        if (!s.startsWith("jar:") || !s.contains("!/")) {
            return BUILT_IN;
        }
        try {
            return originOf(Path.of(new URI(s.substring("jar:".length(), s.indexOf("!/")))), pluginJars);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    private static String originOf(Path location, List<Path> pluginJars) {
        Path where = location.toAbsolutePath().normalize();
        for (Path jar : pluginJars) {
            if (jar.toAbsolutePath().normalize().equals(where)) {
                return jar.getFileName().toString();
            }
        }
        return BUILT_IN;
    }
}
