package org.preflab.engine.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.preflab.engine.plugin.PluginFolder;
import org.preflab.engine.plugin.ServiceProviders;
import org.preflab.engine.spi.DatasetFormat;

/**
 * The dataset formats on the class path and in the plugin folder, keyed by {@link DatasetFormat#id()} and kept in
 * load order, which is the order they are asked to recognise a file: the built-ins (listed first by the class path)
 * before plugin jars.
 *
 * <p>Each provider loads in isolation: one that fails to load, or repeats an id, becomes a {@link FormatLoadProblem}
 * and the others stay usable, so a broken plugin jar never stops reading a file it has nothing to do with.
 * {@link #register} adds a format by hand, for tests.
 */
public final class DatasetFormats {
    private final Map<String, DatasetFormat> byId = Collections.synchronizedMap(new TreeMap<>());
    private final List<DatasetFormat> inLoadOrder = new CopyOnWriteArrayList<>();
    private final List<FormatLoadProblem> problems = new CopyOnWriteArrayList<>();

    /** An empty registry; fill it with {@link #register}. */
    public DatasetFormats() {}

    /** The built-in formats plus those in the user's plugin folder ({@link PluginFolder}). */
    public static DatasetFormats load() {
        return load(PluginFolder.classLoader());
    }

    /** The formats visible to {@code loader} (a plugins folder's URLClassLoader, say). */
    public static DatasetFormats load(ClassLoader loader) {
        DatasetFormats registry = new DatasetFormats();
        ServiceProviders.loadEach(DatasetFormat.class, loader, new ServiceProviders.Sink<>() {
            @Override
            public void loaded(DatasetFormat format) {
                registry.add(format);
            }

            @Override
            public void failed(String provider, String message, Throwable cause) {
                registry.problems.add(new FormatLoadProblem(provider, message, cause));
            }
        });
        return registry;
    }

    /** Adds a format under its id (asked after those before it); a second format with the same id is refused. */
    public DatasetFormats register(DatasetFormat format) {
        String id = format.id();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(format.getClass().getName() + " has a blank dataset format id");
        }
        DatasetFormat before = byId.putIfAbsent(id, format);
        if (before != null) {
            throw new IllegalArgumentException("dataset format '" + id + "' is provided by both "
                    + before.getClass().getName() + " and " + format.getClass().getName());
        }
        inLoadOrder.add(format);
        return this;
    }

    /** The format with this id, if one loaded. */
    public Optional<DatasetFormat> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The first format, in load order, that recognises {@code record}. A format whose check throws is passed over:
     * one plugin's bug must not make every file unreadable.
     */
    public Optional<DatasetFormat> recognise(Map<String, Object> record) {
        for (DatasetFormat f : inLoadOrder) {
            try {
                if (f.recognises(record)) {
                    return Optional.of(f);
                }
            } catch (RuntimeException | LinkageError e) {
                // not this format
            }
        }
        return Optional.empty();
    }

    /** The ids, sorted. */
    public List<String> ids() {
        synchronized (byId) {
            return List.copyOf(byId.keySet());
        }
    }

    /** The formats, sorted by id (for listings: id and description). */
    public List<DatasetFormat> formats() {
        synchronized (byId) {
            return List.copyOf(byId.values());
        }
    }

    /** The formats in the order they are asked to recognise a record. */
    public List<DatasetFormat> inRecognitionOrder() {
        return new ArrayList<>(inLoadOrder);
    }

    /** Providers that failed to load, in the order met. */
    public List<FormatLoadProblem> problems() {
        return List.copyOf(problems);
    }

    private void add(DatasetFormat format) {
        try {
            register(format);
        } catch (RuntimeException e) {
            problems.add(new FormatLoadProblem(format.getClass().getName(), ServiceProviders.oneLine(e), e));
        }
    }
}
