package org.preflab.app.gui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A navigator that records what views asked to open, as "method arg" lines. */
public final class RecordingNavigator implements Navigator {
    public final List<String> calls = new ArrayList<>();

    @Override
    public void openStartPage() {
        calls.add("openStartPage");
    }

    @Override
    public void openProject(Path projectDir) {
        calls.add("openProject " + projectDir);
    }

    @Override
    public void openDataset(Path dataFile) {
        calls.add("openDataset " + dataFile);
    }

    @Override
    public void openCheckpoint(Path modelDir) {
        calls.add("openCheckpoint " + modelDir);
    }

    @Override
    public void openRunSetup(Path experimentFile) {
        calls.add("openRunSetup " + experimentFile);
    }

    @Override
    public void startRun(Path experimentFile) {
        calls.add("startRun " + experimentFile);
    }

    @Override
    public void openRun(Path runDir) {
        calls.add("openRun " + runDir);
    }

    @Override
    public void openCompare(List<Path> runDirs) {
        calls.add("openCompare " + runDirs);
    }

    @Override
    public void openCompare(List<Path> runDirs, org.preflab.app.gui.compare.RunCurves.Alignment alignment,
            List<String> metrics) {
        calls.add("openCompare " + runDirs + " " + alignment + " " + metrics);
    }

    @Override
    public void openComparison(Path sampleDir) {
        calls.add("openComparison " + sampleDir);
    }

    @Override
    public void openSamples(Path runDir) {
        calls.add("openSamples " + runDir);
    }

    @Override
    public void openDrillDown(Path runDir, int step) {
        calls.add("openDrillDown " + runDir + " " + step);
    }

    @Override
    public void openAcquisition(Path runDir) {
        calls.add("openAcquisition " + runDir);
    }

    @Override
    public void openLabelling(Path runDir) {
        calls.add("openLabelling " + runDir);
    }

    @Override
    public void openTeaching(Path runDir) {
        calls.add("openTeaching " + runDir);
    }

    @Override
    public void notify(String message, boolean important) {
        calls.add("notify " + message);
    }
}
