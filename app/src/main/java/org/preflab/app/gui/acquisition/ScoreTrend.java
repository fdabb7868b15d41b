package org.preflab.app.gui.acquisition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One score across rounds: the mean of everything scored and the mean of what was kept, per round. A gap between
 * the two shows how choosy the acquisition was; the trend shows how the policy's own uncertainty moved as it learned.
 *
 * @param name the score
 * @param points one per round that scored it, in round order
 */
public record ScoreTrend(String name, List<Point> points) {
    /** Round is 1-based, as shown. */
    public record Point(int round, double meanAll, double meanKept) {}

    /** One trend per score name, in the order the rounds first name them. */
    public static List<ScoreTrend> of(List<AplHistory.Round> rounds) {
        List<String> names = new ArrayList<>();
        rounds.forEach(r -> r.scores().forEach(s -> {
            if (!names.contains(s.name())) {
                names.add(s.name());
            }
        }));
        List<ScoreTrend> out = new ArrayList<>();
        for (String name : names) {
            List<Point> points = new ArrayList<>();
            for (AplHistory.Round r : rounds) {
                r.scores().stream().filter(s -> s.name().equals(name)).findFirst().ifPresent(s -> points.add(
                        new Point(r.round() + 1, mean(s.values()), mean(Arrays.stream(s.kept())
                                .filter(k -> k >= 0 && k < s.values().length).mapToDouble(k -> s.values()[k])
                                .toArray()))));
            }
            out.add(new ScoreTrend(name, List.copyOf(points)));
        }
        return out;
    }

    /** The mean of the finite values; NaN when there are none. */
    static double mean(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).average().orElse(Double.NaN);
    }
}
