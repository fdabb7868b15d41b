package org.preflab.app.gui.start;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.preflab.app.gui.project.Project;
import org.preflab.app.gui.project.ProjectSummary;

/**
 * Finds the bundled sample projects: -Dpreflab.samples when set; else beside the application, which is
 * {@code <checkout>/app/target/lib/preflab-app.jar} from a checkout (or app/target/classes in tests) and
 * {@code <share>/lib/preflab-app.jar} when installed, with sample-projects three or one levels up.
 */
public final class SampleProjects {
    private SampleProjects() {}

    /** The sample-projects folder, when there is one. */
    public static Optional<Path> folder() {
        String override = System.getProperty("preflab.samples");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isDirectory(p) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
        }
        Path base = codeLocation();
        if (base == null) {
            return Optional.empty();
        }
        for (String up : List.of("../../../sample-projects", "../sample-projects")) {
            Path p = base.resolve(up).normalize();
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Each project (a folder holding experiment.json) in {@code folder}, by name. */
    public static List<ProjectSummary> list(Path folder) {
        List<ProjectSummary> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(p -> Files.isRegularFile(p.resolve(Project.EXPERIMENT))).sorted()
                    .forEach(p -> out.add(ProjectSummary.of(p)));
        } catch (IOException | RuntimeException unreadable) {
            return out;
        }
        return out;
    }

    /** The folder holding this application's jar (or its classes folder). */
    private static Path codeLocation() {
        try {
            var src = SampleProjects.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return null;
            }
            Path p = Path.of(src.getLocation().toURI());
            return Files.isDirectory(p) ? p : p.getParent();
        } catch (URISyntaxException | RuntimeException unknown) {
            return null;
        }
    }
}
