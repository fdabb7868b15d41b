package org.preflab.engine.loss;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.preflab.engine.plugin.PluginFolder;
import org.preflab.engine.plugin.ServiceProviders;
import org.preflab.engine.spi.PreferenceLoss;

/**
 * The loss variants on the class path and in the plugin folder, keyed by {@link PreferenceLoss#id()}.
 *
 * <p>Each provider loads in isolation ({@link ServiceProviders#loadEach}): one that fails to load, or repeats an id,
 * becomes a {@link LossLoadProblem} and the others stay usable. {@link #register} adds a loss by hand, for tests.
 */
public final class PreferenceLosses {
    private final Map<String, PreferenceLoss> byId = Collections.synchronizedMap(new TreeMap<>());
    private final List<LossLoadProblem> problems = new CopyOnWriteArrayList<>();

    /** An empty registry; fill it with {@link #register}. */
    public PreferenceLosses() {}

    /** The built-in providers plus those in the user's plugin folder ({@link PluginFolder}). */
    public static PreferenceLosses load() {
        return load(PluginFolder.classLoader());
    }

    /** The providers visible to {@code loader} (a plugins folder's URLClassLoader, say). */
    public static PreferenceLosses load(ClassLoader loader) {
        PreferenceLosses registry = new PreferenceLosses();
        ServiceProviders.loadEach(PreferenceLoss.class, loader, new ServiceProviders.Sink<>() {
            @Override
            public void loaded(PreferenceLoss loss) {
                registry.add(loss);
            }

            @Override
            public void failed(String provider, String message, Throwable cause) {
                registry.problems.add(new LossLoadProblem(provider, message, cause));
            }
        });
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

    /** The losses, sorted by id (for listings: id and description). */
    public List<PreferenceLoss> losses() {
        synchronized (byId) {
            return List.copyOf(byId.values());
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
            problems.add(new LossLoadProblem(loss.getClass().getName(), ServiceProviders.oneLine(e), e));
        }
    }
}
