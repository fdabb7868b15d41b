package org.preflab.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libtorch the user provides for the GPU, named the way DJL documents it: {@code PYTORCH_LIBRARY_PATH} (a folder
 * holding {@code libtorch.so}), {@code PYTORCH_VERSION} and {@code PYTORCH_FLAVOR} (e.g. {@code cu128}). DJL 0.35.1
 * reads each as an environment variable first, then as a system property ({@code Utils.getEnvOrSystemProperty} in
 * {@code LibUtils.findOverrideLibrary} and {@code LibUtils.LibTorch}); the {@code preflab} launchers move them from
 * the environment into system properties, so that PrefLab can take them back when it decides on the CPU.
 *
 * @param libraryPath the folder given, or null
 * @param version PYTORCH_VERSION, or null
 * @param flavor PYTORCH_FLAVOR, or null
 * @param inEnvironment whether any of the three is an environment variable of this process (DJL then reads it
 *     whatever PrefLab decides)
 * @param hasLibtorch the folder holds libtorch.so
 * @param hasLibtorchCuda the folder holds libtorch_cuda.so (a CUDA build)
 * @param folderVersion the version the folder states about itself (libtorch zip: {@code ../build-version}; pip wheel:
 *     {@code ../version.py}), e.g. {@code 2.7.1+cu128}; null when it says nothing
 */
public record LibtorchSetup(String libraryPath, String version, String flavor, boolean inEnvironment,
        boolean hasLibtorch, boolean hasLibtorchCuda, String folderVersion) {
    public static final String LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";
    public static final String VERSION = "PYTORCH_VERSION";
    public static final String FLAVOR = "PYTORCH_FLAVOR";
    private static final Pattern PY_VERSION = Pattern.compile("__version__\\s*=\\s*['\"]([^'\"]+)['\"]");

    /** Nothing configured: the bundled CPU libtorch. */
    public static LibtorchSetup none() {
        return new LibtorchSetup(null, null, null, false, false, false, null);
    }

    public boolean configured() {
        return libraryPath != null || version != null || flavor != null;
    }

    /** What this process was given; as DJL looks them up (environment first, then system property). */
    public static LibtorchSetup fromEnvironment() {
        return read(System::getProperty, System::getenv);
    }

    static LibtorchSetup read(Function<String, String> properties, Function<String, String> environment) {
        String path = lookup(properties, environment, LIBRARY_PATH);
        String version = lookup(properties, environment, VERSION);
        String flavor = lookup(properties, environment, FLAVOR);
        boolean inEnv = blankToNull(environment.apply(LIBRARY_PATH)) != null
                || blankToNull(environment.apply(VERSION)) != null || blankToNull(environment.apply(FLAVOR)) != null;
        if (path == null) {
            return new LibtorchSetup(null, version, flavor, inEnv, false, false, null);
        }
        Path dir = libtorchFolder(path);
        boolean lib = dir != null;
        boolean cuda = lib && Files.isRegularFile(dir.resolve("libtorch_cuda.so"));
        return new LibtorchSetup(path, version, flavor, inEnv, lib, cuda, lib ? folderVersion(dir) : null);
    }

    /** The first folder of the (path-separated) list that holds libtorch.so, as DJL's findLibraryInPath picks it. */
    static Path libtorchFolder(String pathList) {
        for (String part : pathList.split(java.io.File.pathSeparator)) {
            if (part.isBlank()) {
                continue;
            }
            Path p = Path.of(part.trim());
            if (Files.isRegularFile(p) && p.getFileName().toString().equals("libtorch.so")) {
                return p.toAbsolutePath().getParent();
            }
            if (Files.isRegularFile(p.resolve("libtorch.so"))) {
                return p.toAbsolutePath();
            }
        }
        return null;
    }

    private static String folderVersion(Path libDir) {
        Path parent = libDir.getParent();
        if (parent == null) {
            return null;
        }
        try {
            Path buildVersion = parent.resolve("build-version"); // the libtorch zip from pytorch.org
            if (Files.isRegularFile(buildVersion)) {
                String v = Files.readString(buildVersion).trim();
                return v.isEmpty() ? null : v;
            }
            Path versionPy = parent.resolve("version.py"); // a pip wheel: site-packages/torch/{lib,version.py}
            if (Files.isRegularFile(versionPy)) {
                Matcher m = PY_VERSION.matcher(Files.readString(versionPy));
                return m.find() ? m.group(1) : null;
            }
        } catch (IOException | RuntimeException unreadable) {
            return null; // the version is then checked through PYTORCH_VERSION alone
        }
        return null;
    }

    private static String lookup(Function<String, String> properties, Function<String, String> environment,
            String name) {
        String env = blankToNull(environment.apply(name));
        return env != null ? env : blankToNull(properties.apply(name));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
