package org.preflab.engine.loss;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * The loss variants on the class path, keyed by {@link PreferenceLoss#id()}.
 *
 * <p>Each provider loads in isolation (SLF4J's {@code safelyInstantiate}): one that fails to load, or repeats an id,
 * becomes a {@link LossLoadProblem} and the others stay usable. {@link #register} adds a loss by hand, for tests.
 */
public final class PreferenceLosses {
    /** Stops a provider file that keeps failing the same way from looping forever. */
    private static final int MAX_FAILURES = 1_000;

    private final Map<String, PreferenceLoss> byId = Collections.synchronizedMap(new TreeMap<>());
    private final List<LossLoadProblem> problems = new CopyOnWriteArrayList<>();

    /** An empty registry; fill it with {@link #register}. */
    public PreferenceLosses() {}

    /** The built-in providers plus those in the user's plugin folder ({@link PluginFolder}). */
    public static PreferenceLosses load() {
        return load(org.preflab.engine.plugin.PluginFolder.classLoader());
    }

    /** The providers visible to {@code loader} (a plugins folder's URLClassLoader, say). */
    public static PreferenceLosses load(ClassLoader loader) {
        PreferenceLosses registry = new PreferenceLosses();
        Iterator<PreferenceLoss> it = ServiceLoader.load(PreferenceLoss.class, loader).iterator();
        int failures = 0;
        while (failures < MAX_FAILURES) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                registry.add(it.next());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                // The JDK iterator skips past the failed entry, so the loop can go on to the next provider.
                failures++;
                registry.problems.add(new LossLoadProblem(providerOf(e), oneLine(e), e));
            }
        }
        return registry;
    }

    /** Adds a loss under its id; a second loss with the same id is refused. */
    public PreferenceLosses register(PreferenceLoss loss) {
        String id = loss.id();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(loss.getClass().getName() + " has a blank id");
        }
        PreferenceLoss before = byId.putIfAbsent(id, loss);
        if (before != null) {
            throw new IllegalArgumentException("loss type '" + id + "' is provided by both "
                    + before.getClass().getName() + " and " + loss.getClass().getName());
        }
        return this;
    }

    /** The loss with this id, if one loaded. */
    public Optional<PreferenceLoss> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The loss with this id, or an error that lists the known ids ("unknown loss type 'sigmod'; known: ..."). */
    public PreferenceLoss get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown loss type '" + id + "'; known: " + String.join(", ", ids())));
    }

    /** The ids, sorted. */
    public List<String> ids() {
        synchronized (byId) {
            return List.copyOf(byId.keySet());
        }
    }

    /** Providers that failed to load, in the order met. */
    public List<LossLoadProblem> problems() {
        return List.copyOf(problems);
    }

    private void add(PreferenceLoss loss) {
        try {
            register(loss);
        } catch (RuntimeException e) {
            problems.add(new LossLoadProblem(loss.getClass().getName(), oneLine(e), e));
        }
    }

    private static String providerOf(Throwable e) {
        // ServiceLoader's messages read "org.preflab.engine.spi.PreferenceLoss: Provider x.Y not found".
        String msg = String.valueOf(e.getMessage());
        int at = msg.indexOf("Provider ");
        if (at >= 0) {
            String rest = msg.substring(at + "Provider ".length());
            int end = rest.indexOf(' ');
            return end > 0 ? rest.substring(0, end) : rest;
        }
        return "unknown provider";
    }

    private static String oneLine(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable c = e.getCause();
        for (int depth = 0; c != null && depth < 5; depth++, c = c.getCause()) {
            sb.append(" (caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage())
                    .append(')');
        }
        return sb.toString().replace('\n', ' ');
    }
}
