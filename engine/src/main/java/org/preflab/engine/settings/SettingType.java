package org.preflab.engine.settings;

/** What kind of value a setting holds; decides how it is parsed, checked and edited. */
public enum SettingType {
    /** A finite decimal number (learning rate, β). */
    NUMBER,
    /** A whole number (steps, batch size, seed). */
    INTEGER,
    /** Free text, optionally matching a pattern (a run name). */
    TEXT,
    /** One of a fixed set of names (a schedule, a method). */
    CHOICE,
    /** Several values of one element type (loss types, their weights, sDPO's files). */
    LIST,
    /** A file or folder, relative to the experiment.json. */
    PATH
}
