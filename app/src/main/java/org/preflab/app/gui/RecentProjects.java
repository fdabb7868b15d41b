package org.preflab.app.gui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.preflab.engine.io.AtomicFiles;

/** The projects opened lately, newest first, kept in a small text file in the user's PrefLab folder. */
public final class RecentProjects {
    private static final int KEEP = 10;
    private final Path file;

    public RecentProjects(Path file) {
        this.file = file;
    }

    /** ~/.local/share/preflab/recent-projects.txt, or $PREFLAB_HOME/recent-projects.txt; -Dpreflab.recent overrides. */
    public static RecentProjects standard() {
        String override = System.getProperty("preflab.recent");
        if (override != null) {
            return new RecentProjects(Path.of(override));
        }
        String home = System.getenv("PREFLAB_HOME");
        Path base = home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".local", "share", "preflab");
        return new RecentProjects(base.resolve("recent-projects.txt"));
    }

    /** The projects, newest first, that still exist. */
    public synchronized List<Path> list() {
        List<Path> out = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Path p = Path.of(l.trim());
                    if (!l.isBlank() && Files.isDirectory(p) && !out.contains(p)) {
                        out.add(p);
                    }
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return List.of(); // a damaged list is only a convenience lost
        }
        return out;
    }

    /** Puts a project first. A failure to save is ignored: the list is a convenience, never worth an error. */
    public synchronized void add(Path project) {
        List<Path> l = new ArrayList<>(list());
        Path p = project.toAbsolutePath().normalize();
        l.remove(p);
        l.add(0, p);
        StringBuilder sb = new StringBuilder();
        l.stream().limit(KEEP).forEach(x -> sb.append(x).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException ignored) {
            // see above
        }
    }
}
