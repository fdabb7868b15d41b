package org.preflab.app.gui.chart;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * A chart's full data (not the downsampled view) as CSV in long form, one row per point:
 * {@code series,<x name>,value,smoothed}. Long form keeps series with different x values (train every step, eval
 * every N) apart without empty cells; numbers are written exactly (round-trip), non-finite ones as NaN/Infinity.
 */
public final class ChartCsv {
    private ChartCsv() {}

    public static void write(List<SeriesData> series, String xName, Writer out) throws IOException {
        out.write("series," + quote(xName) + ",value,smoothed\n");
        for (SeriesData s : series) {
            String name = quote(s.name());
            for (int i = 0; i < s.size(); i++) {
                out.write(name);
                out.write(',');
                out.write(number(s.x(i)));
                out.write(',');
                out.write(number(s.y(i)));
                out.write(',');
                out.write(s.style() == SeriesStyle.LINE ? number(s.smoothed(i)) : number(s.y(i)));
                out.write('\n');
            }
        }
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
