package org.preflab.engine.apl;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.preflab.engine.plugin.PluginFolder;
import org.preflab.engine.plugin.ServiceProviders;
import org.preflab.engine.spi.AcquisitionFunction;

/**
 * The acquisition functions on the class path and in the plugin folder, keyed by {@link AcquisitionFunction#id()}.
 *
 * <p>Each provider loads in isolation: one that fails to load, or repeats an id, becomes an
 * {@link AcquisitionLoadProblem} and the others stay usable, so a broken plugin jar never stops an apl run that does
 * not use it. {@link #register} adds a function by hand, for tests.
 */
public final class AcquisitionRegistry {
    private final Map<String, AcquisitionFunction> byId = Collections.synchronizedMap(new TreeMap<>());
    private final List<AcquisitionLoadProblem> problems = new CopyOnWriteArrayList<>();

    /** An empty registry; fill it with {@link #register}. */
    public AcquisitionRegistry() {}

    /** The built-in functions plus those in the user's plugin folder ({@link PluginFolder}). */
    public static AcquisitionRegistry load() {
        return load(PluginFolder.classLoader());
    }

    /** The functions visible to {@code loader} (a plugins folder's URLClassLoader, say). */
    public static AcquisitionRegistry load(ClassLoader loader) {
        AcquisitionRegistry registry = new AcquisitionRegistry();
        ServiceProviders.loadEach(AcquisitionFunction.class, loader, new ServiceProviders.Sink<>() {
            @Override
            public void loaded(AcquisitionFunction function) {
                registry.add(function);
            }

            @Override
            public void failed(String provider, String message, Throwable cause) {
                registry.problems.add(new AcquisitionLoadProblem(provider, message, cause));
            }
        });
        return registry;
    }

    /** Adds a function under its id; a second function with the same id is refused. */
    public AcquisitionRegistry register(AcquisitionFunction function) {
        String id = function.id();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(function.getClass().getName() + " has a blank acquisition id");
        }
        AcquisitionFunction before = byId.putIfAbsent(id, function);
        if (before != null) {
            throw new IllegalArgumentException("acquisition function '" + id + "' is provided by both "
                    + before.getClass().getName() + " and " + function.getClass().getName());
        }
        return this;
    }

    /** The function with this id, if one loaded. */
    public Optional<AcquisitionFunction> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The function with this id, or an error that lists the known ids, and the providers that failed to load (the
     * one asked for may be among them).
     */
    public AcquisitionFunction get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("apl.acquisition = '" + id
                + "' is not known; known: " + String.join(", ", ids())
                + (problems.isEmpty() ? "" : "; not loaded: " + problems)));
    }

    /** The ids, sorted. */
    public List<String> ids() {
        synchronized (byId) {
            return List.copyOf(byId.keySet());
        }
    }

    /** The functions, sorted by id (for listings: id and description). */
    public List<AcquisitionFunction> functions() {
        synchronized (byId) {
            return List.copyOf(byId.values());
        }
    }

    /** Providers that failed to load, in the order met. */
    public List<AcquisitionLoadProblem> problems() {
        return List.copyOf(problems);
    }

    private void add(AcquisitionFunction function) {
        try {
            register(function);
        } catch (RuntimeException e) {
            problems.add(new AcquisitionLoadProblem(function.getClass().getName(), ServiceProviders.oneLine(e), e));
        }
    }
}
