package org.preflab.app.gui.dataset;

import java.util.List;

/**
 * One line of the validation report: a bad record, a group of duplicate pairs, pairs the length limits would cut,
 * or a summary. Clicking it selects its lines in the table.
 *
 * @param lines the records it is about, first one first; empty for summaries
 */
public record ReportItem(Severity severity, String text, List<Integer> lines) {
    /** How it is shown: errors stop a run, warnings lose data, notes are for information. */
    public enum Severity { ERROR, WARNING, NOTE }

    public ReportItem {
        lines = List.copyOf(lines);
    }

    public int firstLine() {
        return lines.isEmpty() ? -1 : lines.get(0);
    }
}
