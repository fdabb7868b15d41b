package org.preflab.engine.oracle;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.preflab.engine.plugin.PluginFolder;
import org.preflab.engine.plugin.ServiceProviders;
import org.preflab.engine.spi.OracleProvider;

/**
 * The oracle providers on the class path and in the plugin folder, keyed by {@link OracleProvider#id()}.
 *
 * <p>Each provider loads in isolation: one that fails to load, or repeats an id, becomes an
 * {@link OracleLoadProblem} and the others stay usable. {@link #register} adds a provider by hand, for tests.
 */
public final class OracleRegistry {
    private final Map<String, OracleProvider> byId = Collections.synchronizedMap(new TreeMap<>());
    private final List<OracleLoadProblem> problems = new CopyOnWriteArrayList<>();

    /** An empty registry; fill it with {@link #register}. */
    public OracleRegistry() {}

    /** The built-in providers plus those in the user's plugin folder ({@link PluginFolder}). */
    public static OracleRegistry load() {
        return load(PluginFolder.classLoader());
    }

    /** The providers visible to {@code loader} (a plugins folder's URLClassLoader, say). */
    public static OracleRegistry load(ClassLoader loader) {
        OracleRegistry registry = new OracleRegistry();
        ServiceProviders.loadEach(OracleProvider.class, loader, new ServiceProviders.Sink<>() {
            @Override
            public void loaded(OracleProvider provider) {
                registry.add(provider);
            }

            @Override
            public void failed(String provider, String message, Throwable cause) {
                registry.problems.add(new OracleLoadProblem(provider, message, cause));
            }
        });
        return registry;
    }

    /** Adds a provider under its id; a second provider with the same id is refused. */
    public OracleRegistry register(OracleProvider provider) {
        String id = provider.id();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(provider.getClass().getName() + " has a blank oracle id");
        }
        OracleProvider before = byId.putIfAbsent(id, provider);
        if (before != null) {
            throw new IllegalArgumentException("oracle type '" + id + "' is provided by both "
                    + before.getClass().getName() + " and " + provider.getClass().getName());
        }
        return this;
    }

    /** The provider with this id, if one loaded. */
    public Optional<OracleProvider> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The provider with this id, or an error that lists the known ids, and the providers that failed to load (the
     * one asked for may be among them).
     */
    public OracleProvider get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("oracle.type = '" + id
                + "' is not known; known: " + String.join(", ", ids())
                + (problems.isEmpty() ? "" : "; not loaded: " + problems)));
    }

    /** The ids, sorted. */
    public List<String> ids() {
        synchronized (byId) {
            return List.copyOf(byId.keySet());
        }
    }

    /** The providers, sorted by id (for listings: id and description). */
    public List<OracleProvider> providers() {
        synchronized (byId) {
            return List.copyOf(byId.values());
        }
    }

    /** Providers that failed to load, in the order met. */
    public List<OracleLoadProblem> problems() {
        return List.copyOf(problems);
    }

    private void add(OracleProvider provider) {
        try {
            register(provider);
        } catch (RuntimeException e) {
            problems.add(new OracleLoadProblem(provider.getClass().getName(), ServiceProviders.oneLine(e), e));
        }
    }
}
