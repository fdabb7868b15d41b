package org.preflab.engine.spi;

import java.util.Map;

/**
 * One shape of preference record (TRL standard, conversational, alpaca, a plugin's own), found through
 * {@link java.util.ServiceLoader}: list providers in {@code META-INF/services/org.preflab.engine.spi.DatasetFormat}.
 *
 * <p>A preference file (JSONL, or JSON holding one array of objects) has one format: the first that
 * {@link #recognises} the file's first record any format recognises, asking the built-in formats before plugin
 * formats. Every record of the file is then {@link #read} by it; a bad record becomes problems with its line, and
 * training refuses a file with any. Records arrive as plain Java values, as JSON decodes them: {@code Map<String,
 * Object>} objects, {@code List<Object>} arrays, {@code String}, {@code Number}, {@code Boolean} and null.
 * Implementations are stateless: one instance reads every file.
 */
public interface DatasetFormat {

    /** The stable key, shown by {@code preflab validate} and recorded with each run ({@code standard}, ...). */
    String id();

    /** One line for listings and the workbench: the record shape, e.g. "TRL standard (prompt, chosen, rejected)". */
    String description();

    /**
     * Whether {@code record} has this format's shape, from its keys and their types only. Be specific: a shape that
     * a built-in format also claims (chosen and rejected both strings, or both lists) is read by the built-in.
     */
    boolean recognises(Map<String, Object> record);

    /**
     * The pair of one record, or null after reporting every problem to {@code record} (check all fields, so that one
     * pass over a file shows everything to fix). Identical completions, an implicit prompt that cannot be split and
     * chat template failures are checked by the engine afterwards.
     */
    PreferenceExample read(RecordFields record);
}
