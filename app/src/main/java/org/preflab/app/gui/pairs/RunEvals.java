package org.preflab.app.gui.pairs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.preflab.engine.run.RunFolder;
import org.preflab.engine.run.RunLog;

/**
 * Every per-pair evaluation of one run, read from its folder: the pairs at each eval step, their texts, and the
 * run's β. Immutable once read; {@link #read} is file work, for a background thread.
 */
public final class RunEvals {
    private final String runName;
    private final double beta;
    private final TreeMap<Integer, List<EvalPair>> byStep;
    private final Map<Integer, PairText> texts;

    RunEvals(String runName, double beta, TreeMap<Integer, List<EvalPair>> byStep, Map<Integer, PairText> texts) {
        this.runName = runName;
        this.beta = beta;
        this.byStep = byStep;
        this.texts = texts;
    }

    /**
     * Reads a run folder. A malformed eval file fails with its name and line; texts come from evals/pairs.jsonl, or
     * for runs recorded before that file from the samples files (which hold the first few eval pairs).
     */
    public static RunEvals read(Path runDir) throws IOException {
        RunLog log = RunLog.open(runDir);
        double beta = log.configTree().path("dpo").path("beta").asDouble(0.1);
        TreeMap<Integer, List<EvalPair>> byStep = new TreeMap<>();
        for (int step : log.evalSteps()) {
            String file = RunFolder.evalFile(step);
            List<Map<String, Object>> rows;
            try {
                rows = log.evalPairs(step);
            } catch (IOException e) {
                throw new IOException(file + ": " + firstLine(e.getMessage()), e);
            }
            List<EvalPair> pairs = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                try {
                    pairs.add(EvalPair.of(rows.get(i), beta, file + " line " + (i + 1)));
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            byStep.put(step, List.copyOf(pairs));
        }
        Map<Integer, PairText> texts = new HashMap<>();
        for (Map<String, Object> row : log.evalPairTexts()) {
            putText(texts, row);
        }
        if (texts.isEmpty()) {
            for (int step : log.sampleSteps()) {
                log.samples(step).forEach(row -> putText(texts, row));
            }
        }
        return new RunEvals(log.name(), beta, byStep, texts);
    }

    private static void putText(Map<Integer, PairText> texts, Map<String, Object> row) {
        if (row.get("index") instanceof Number n) {
            texts.put(n.intValue(), new PairText(str(row.get("prompt")), str(row.get("chosen")),
                    str(row.get("rejected"))));
        }
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public String runName() {
        return runName;
    }

    /** The run's β (rewards are β·log-ratios). */
    public double beta() {
        return beta;
    }

    /** Eval steps, ascending. */
    public List<Integer> steps() {
        return List.copyOf(byStep.keySet());
    }

    public boolean isEmpty() {
        return byStep.isEmpty();
    }

    /** The pairs at {@code step}, in file order; empty when there is no evaluation at that step. */
    public List<EvalPair> at(int step) {
        return byStep.getOrDefault(step, List.of());
    }

    /** The newest eval step's pairs; empty before the first evaluation. */
    public List<EvalPair> latest() {
        return byStep.isEmpty() ? List.of() : byStep.lastEntry().getValue();
    }

    public Optional<Integer> latestStep() {
        return byStep.isEmpty() ? Optional.empty() : Optional.of(byStep.lastKey());
    }

    /** The pair's texts, when the run recorded them. */
    public Optional<PairText> text(int index) {
        return Optional.ofNullable(texts.get(index));
    }

    /** The pair's rewards at every evaluation that scored it, by step. */
    public List<TrajectoryPoint> trajectory(int index) {
        List<TrajectoryPoint> out = new ArrayList<>();
        byStep.forEach((step, pairs) -> pairs.stream().filter(p -> p.index() == index).findFirst()
                .ifPresent(p -> out.add(new TrajectoryPoint(step, p.rewardChosen(), p.rewardRejected(), p.margin()))));
        return Collections.unmodifiableList(out);
    }
}
