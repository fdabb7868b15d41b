package org.preflab.app.gui;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a view can open. Views call these instead of knowing each other; the main window implements them by
 * showing (or focusing) a tab. Must be called on the JavaFX thread.
 */
public interface Navigator {
    void openStartPage();

    /** Opens a project folder (experiment.json, data, model, runs) in the explorer, and its run setup. */
    void openProject(Path projectDir);

    /** The dataset view of a preference (or SFT) data file. */
    void openDataset(Path dataFile);

    /** The checkpoint view of a Hugging Face model folder (a project's model or a run's checkpoint). */
    void openCheckpoint(Path modelDir);

    /** The run setup of an experiment.json (created when it does not exist yet). */
    void openRunSetup(Path experimentFile);

    /** Starts a run from an experiment.json and opens its dashboard. */
    void startRun(Path experimentFile);

    /** The live dashboard of a run folder (training in this window, or in another process, or ended). */
    void openRun(Path runDir);

    /** Chosen runs overlaid; the first is the baseline. */
    void openCompare(List<Path> runDirs);

    /**
     * Runs overlaid as one comparison's runs: aligned by {@code alignment} (its x), its {@code metrics} drawn first.
     */
    void openCompare(List<Path> runDirs, org.preflab.app.gui.compare.RunCurves.Alignment alignment,
            List<String> metrics);

    /** The results of a sample's comparison (compare.json, compare/seeds.csv): each arm's mean over seeds. */
    void openComparison(Path sampleDir);

    /** Policy and reference answers side by side at a run's checkpoints. */
    void openSamples(Path runDir);

    /** Per-pair drill-down of a run's evaluation at {@code step} (the newest when step < 0). */
    void openDrillDown(Path runDir, int step);

    /** The acquisition rounds of an apl run: score histograms, picked pairs, win rate against labels used. */
    void openAcquisition(Path runDir);

    /** Answering the questions of a run whose oracle is a person (oracle.type "human"). */
    void openLabelling(Path runDir);

    /** The teaching view: each loss variant's curves, with a run's pairs on them when runDir is not null. */
    void openTeaching(Path runDir);

    /** A one-line message in the status bar (and a notification when {@code important}). */
    void notify(String message, boolean important);
}
