package org.preflab.app.cli;

import java.io.PrintWriter;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.preflab.engine.apl.AcquisitionRegistry;
import org.preflab.engine.data.DatasetFormats;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.oracle.OracleRegistry;
import org.preflab.engine.plugin.PluginFolder;
import org.preflab.engine.plugin.ProviderOrigin;
import org.preflab.engine.plugin.ServiceProviders;
import org.preflab.engine.spi.AcquisitionFunction;
import org.preflab.engine.spi.DatasetFormat;
import org.preflab.engine.spi.OracleProvider;
import org.preflab.engine.spi.PreferenceLoss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code preflab plugins}: the plugin folder and its jars, then every loss type, oracle, acquisition function and
 * dataset format with where it comes from, and every provider that failed to load with the reason. A broken plugin is reported, not
 * fatal (the rest load), so the exit code is 0 unless {@code --strict} asks for 1 on any problem.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {"Lists the plugin folder, the loss types, oracles, acquisition functions and dataset formats"
                + " it and PrefLab provide (built-in or which jar), and the plugins that failed to load, with the"
                + " reason.",
            "Folder: PREFLAB_PLUGINS or -Dpreflab.plugins, else plugins/ in PrefLab's data folder."})
public final class PluginsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--folder", paramLabel = "DIR",
            description = "Lists this folder's jars instead of the configured plugin folder.")
    Path folder;

    @Option(names = "--strict", description = "Exit 1 when any plugin failed to load (for scripts and CI).")
    boolean strict;

    @Override
    public Integer call() throws Exception {
        Path where = folder != null ? folder : PluginFolder.location();
        List<Path> jars = PluginFolder.jars(where);
        // A loader of its own, not the cached one: the listing shows the folder as it is now.
        ClassLoader loader = PluginFolder.classLoader(where);
        try {
            PrintWriter out = spec.commandLine().getOut();
            List<String> problems = printFolder(out, where, jars);
            problems.addAll(printServices(out, loader, jars));
            out.println();
            if (problems.isEmpty()) {
                out.println("No load problems.");
            } else {
                out.println("Load problems (" + problems.size() + "): each is skipped, and everything else loaded.");
                problems.forEach(p -> out.println("  " + p));
            }
            out.flush();
            return strict && !problems.isEmpty() ? 1 : 0;
        } finally {
            if (loader instanceof URLClassLoader own) {
                own.close();
            }
        }
    }

    /** Prints the folder and its jars; returns the jars that cannot be read, one line each. */
    private static List<String> printFolder(PrintWriter out, Path where, List<Path> jars) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(where)) {
            out.println("Plugin folder: " + where + " (absent: create it and drop plugin jars into it)");
            return problems;
        }
        out.println("Plugin folder: " + where + (jars.isEmpty() ? " (no jars)" : ""));
        for (Path jar : jars) {
            String unreadable = PluginFolder.unreadable(jar).orElse(null);
            out.println("  " + jar.getFileName() + (unreadable == null ? "" : " (skipped: " + unreadable + ")"));
            if (unreadable != null) {
                problems.add("jar: " + jar.getFileName() + ": " + unreadable);
            }
        }
        return problems;
    }

    /** Prints the four service kinds; returns their load problems, one line each. */
    private static List<String> printServices(PrintWriter out, ClassLoader loader, List<Path> jars) {
        List<String> problems = new ArrayList<>();

        PreferenceLosses losses = PreferenceLosses.load(loader);
        List<String[]> rows = new ArrayList<>();
        for (PreferenceLoss l : losses.losses()) {
            rows.add(row(l.id(), l.getClass(), jars, l::description));
        }
        table(out, "Loss types", rows);
        losses.problems().forEach(p -> problems.add(problem("loss type", p.provider(), p.message(),
                PreferenceLoss.class, loader, jars)));

        OracleRegistry oracles = OracleRegistry.load(loader);
        rows = new ArrayList<>();
        for (OracleProvider o : oracles.providers()) {
            rows.add(row(o.id(), o.getClass(), jars, o::description));
        }
        table(out, "Oracles", rows);
        oracles.problems().forEach(p -> problems.add(problem("oracle", p.provider(), p.message(),
                OracleProvider.class, loader, jars)));

        AcquisitionRegistry acquisitions = AcquisitionRegistry.load(loader);
        rows = new ArrayList<>();
        for (AcquisitionFunction f : acquisitions.functions()) {
            rows.add(row(f.id(), f.getClass(), jars, f::description));
        }
        table(out, "Acquisition functions", rows);
        acquisitions.problems().forEach(p -> problems.add(problem("acquisition function", p.provider(),
                p.message(), AcquisitionFunction.class, loader, jars)));

        DatasetFormats formats = DatasetFormats.load(loader);
        rows = new ArrayList<>();
        for (DatasetFormat f : formats.formats()) {
            rows.add(row(f.id(), f.getClass(), jars, f::description));
        }
        table(out, "Dataset formats", rows);
        formats.problems().forEach(p -> problems.add(problem("dataset format", p.provider(), p.message(),
                DatasetFormat.class, loader, jars)));
        return problems;
    }

    private static String[] row(String id, Class<?> type, List<Path> jars, Supplier<String> description) {
        return new String[] {id, ProviderOrigin.of(type, jars), describe(description)};
    }

    /** A plugin's description, or why there is none: a listing must not fail on one plugin's bug. */
    private static String describe(Supplier<String> description) {
        try {
            return String.valueOf(description.get());
        } catch (RuntimeException | LinkageError e) {
            return "(no description: " + ServiceProviders.oneLine(e) + ")";
        }
    }

    private static String problem(String kind, String provider, String message, Class<?> service,
            ClassLoader loader, List<Path> jars) {
        // ServiceLoader's messages start with the service's name, which the kind already says.
        String reason = message.startsWith(service.getName() + ": ")
                ? message.substring(service.getName().length() + 2) : message;
        return kind + ": " + provider + " [" + ProviderOrigin.ofFailed(provider, service, loader, jars) + "]: "
                + reason;
    }

    /** A title with the count, then id, origin and description in aligned columns. */
    private static void table(PrintWriter out, String title, List<String[]> rows) {
        out.println();
        out.println(title + " (" + rows.size() + ")");
        int idWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int originWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        for (String[] r : rows) {
            out.println("  " + pad(r[0], idWidth) + "  " + pad(r[1], originWidth) + "  " + r[2]);
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
