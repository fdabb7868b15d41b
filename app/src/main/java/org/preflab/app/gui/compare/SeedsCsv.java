package org.preflab.app.gui.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a comparison's {@code compare/seeds.csv}, as {@code preflab compare} writes it: a header
 * {@code metric,<x>,arm,seed,value,run} (x is compare.json's axis, labels_used or step), then one line per metric, x,
 * arm and seed. A field holding a comma or a quote is quoted, quotes doubled (an arm's label may hold either).
 * Every problem is an error naming the file, the line and the field, so a hand-edited file says what to fix.
 */
public final class SeedsCsv {
    /** The column names after the x column's. */
    static final List<String> COLUMNS = List.of("metric", "x", "arm", "seed", "value", "run");

    /**
     * One seed's value of a metric at one x.
     *
     * @param value NaN when the field is empty (a run that wrote no number there)
     * @param run the run's folder name under compare/runs/
     */
    public record Row(String metric, double x, String arm, int seed, double value, String run) {}

    private SeedsCsv() {}

    /** Reads every row; {@code xName} is the x column's expected name (compare.json's "x"). */
    public static List<Row> read(Path file, String xName) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(file + ":1: empty file; expected the header metric," + xName + ",arm,seed,value,run");
        }
        List<String> want = List.of("metric", xName, "arm", "seed", "value", "run");
        List<String> header = fields(file, 1, lines.get(0).strip(), xName);
        if (!header.equals(want)) {
            throw new IOException(file + ":1: header is '" + lines.get(0).strip() + "'; expected '"
                    + String.join(",", want) + "' (x is compare.json's \"x\")");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                rows.add(row(file, i + 1, lines.get(i), xName));
            }
        }
        return List.copyOf(rows);
    }

    private static Row row(Path file, int line, String text, String xName) throws IOException {
        List<String> f = fields(file, line, text, xName);
        if (f.size() != COLUMNS.size()) {
            throw new IOException(file + ":" + line + ": " + f.size() + " fields; expected 6 (metric," + xName
                    + ",arm,seed,value,run)");
        }
        String where = file + ":" + line + ": field '";
        for (int c : new int[] {0, 2, 5}) {
            if (f.get(c).isBlank()) {
                throw new IOException(where + name(c, xName) + "' is empty");
            }
        }
        double x = number(where + xName + "'", f.get(1), false);
        double seed = number(where + "seed'", f.get(3), false);
        if (seed != Math.rint(seed) || seed < 0 || seed > Integer.MAX_VALUE) {
            throw new IOException(where + "seed': '" + f.get(3) + "' is not a seed (a whole number >= 0)");
        }
        double value = number(where + "value'", f.get(4), true);
        return new Row(f.get(0), x, f.get(2), (int) seed, value, f.get(5));
    }

    private static String name(int column, String xName) {
        return column == 1 ? xName : COLUMNS.get(column);
    }

    private static double number(String where, String text, boolean emptyIsNaN) throws IOException {
        if (text.isEmpty() && emptyIsNaN) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(text);
            if (!Double.isNaN(v)) {
                return v;
            }
        } catch (NumberFormatException notANumber) {
            // said below, with the field
        }
        throw new IOException(where + ": '" + text + "' is not a number");
    }

    /** Splits one CSV line: commas outside quotes, "" inside quotes is one quote. */
    static List<String> fields(Path file, int line, String text, String xName) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    f.append(ch);
                }
            } else if (ch == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else if (ch == '"' && f.length() == 0) {
                quoted = true;
            } else {
                f.append(ch);
            }
        }
        if (quoted) {
            String field = out.size() < COLUMNS.size() ? name(out.size(), xName) : "#" + (out.size() + 1);
            throw new IOException(file + ":" + line + ": field '" + field + "' opens a quote that is never closed");
        }
        out.add(f.toString());
        return out;
    }
}
