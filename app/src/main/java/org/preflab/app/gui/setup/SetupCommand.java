package org.preflab.app.gui.setup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The command line equivalent of the setup, said honestly: {@code preflab run} reads the saved experiment.json and
 * takes no overrides, so unsaved edits need a save first; the same edits can be applied to an existing run with
 * {@code preflab fork <run-dir> --set ...}.
 */
final class SetupCommand {
    private SetupCommand() {}

    /** {@code preflab run <project>}, the project relative to the working folder when it lies inside it. */
    static String run(Path projectDir) {
        return "preflab run " + shellWord(shown(projectDir));
    }

    /** What the user must know about the command, given the unsaved changes (keys to new texts). */
    static String note(Map<String, String> changed, boolean fileExists, boolean valid) {
        if (!valid) {
            return "Fix the problems above first; the command runs the saved experiment.json.";
        }
        if (!fileExists) {
            return "experiment.json does not exist yet: save first, then this command runs it.";
        }
        if (changed.isEmpty()) {
            return "Runs this project headless, exactly as Start does here.";
        }
        List<String> sets = new ArrayList<>();
        changed.forEach((k, v) -> sets.add("--set " + shellWord(k + "=" + v)));
        return "Unsaved changes: preflab run reads the saved file, so save first. To apply them to an existing run"
                + " instead: preflab fork <run-dir> " + String.join(" ", sets);
    }

    /** Keys whose text differs between the saved and the current state. */
    static Map<String, String> changes(Map<String, String> saved, Map<String, String> now) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        now.forEach((k, v) -> {
            if (!Objects.equals(saved.get(k), v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String shown(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath().normalize();
        return abs.startsWith(here) && !abs.equals(here) ? here.relativize(abs).toString() : abs.toString();
    }

    /** A word the shell passes through as it is: quoted when it holds spaces or shell characters. */
    static String shellWord(String s) {
        return s.matches("[A-Za-z0-9._/=:@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
