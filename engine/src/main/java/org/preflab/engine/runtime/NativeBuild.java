package org.preflab.engine.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds one of PrefLab's small native libraries from its source resource, on the spot (PrefLab ships no native
 * binaries): the compiler reads the source on stdin and writes a temporary file that is moved into the cache folder
 * under a content-hashed name, so a changed source, compiler or flags gives a new file, an existing one is reused,
 * and concurrent JVMs never load a half-written library.
 *
 * @param name the library's name: lib{name}-{hash}.so
 * @param resources the sources, resources beside this class, compiled as one translation unit in this order
 * @param language the compiler's {@code -x} language (c, c++)
 * @param flags compiler flags before the source
 * @param libraries linker arguments after the source (-ldl)
 */
record NativeBuild(String name, List<String> resources, String language, List<String> flags, List<String> libraries) {
    private static final long COMPILE_TIMEOUT_SECONDS = 60;

    NativeBuild {
        resources = List.copyOf(resources);
        flags = List.copyOf(flags);
        libraries = List.copyOf(libraries);
    }

    /**
     * The library in {@code dir}, compiled by {@code compiler} unless a file with the same content hash is there.
     *
     * @throws IOException when the compiler is missing, fails or times out
     */
    Path compile(Path dir, String compiler) throws IOException {
        byte[] source = source();
        Path target = dir.resolve("lib" + name + "-" + hash(source, compiler) + ".so");
        if (Files.isRegularFile(target) && Files.size(target) > 0) {
            return target;
        }
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + name + "-", ".so.tmp");
        try {
            List<String> command = new ArrayList<>(List.of(compiler));
            command.addAll(flags);
            command.addAll(List.of("-x", language, "-o", temp.toString(), "-"));
            command.addAll(libraries);
            run(command, source);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A library from one source file. */
    NativeBuild(String name, String resource, String language, List<String> flags, List<String> libraries) {
        this(name, List.of(resource), language, flags, libraries);
    }

    /** The sources kept as resources next to this class, one after the other. */
    byte[] source() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String resource : resources) {
            try (InputStream in = NativeBuild.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("resource " + resource + " is missing from the engine jar");
                }
                // compiler messages name the resource and its own line numbers
                all.writeBytes(("\n#line 1 \"" + resource + "\"\n").getBytes(StandardCharsets.UTF_8));
                in.transferTo(all);
            }
        }
        return all.toByteArray();
    }

    /** Hash of everything that decides the library's bytes: the source, compiler, flags and libraries. */
    String hash(byte[] source, String compiler) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(source);
            sha.update(("\0" + compiler + "\0" + String.join(" ", flags)
                    + (libraries.isEmpty() ? "" : "\0" + String.join(" ", libraries))).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static void run(List<String> command, byte[] source) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " not found", e);
        }
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(source);
        } catch (IOException brokenPipe) {
            // the compiler quit before reading all of its input; its exit code below says why
        }
        try {
            if (!process.waitFor(COMPILE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish in " + COMPILE_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compiling", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0) {
            throw new IOException(command.get(0) + " exited with " + process.exitValue()
                    + (output.isEmpty() ? "" : ": " + output));
        }
    }
}
