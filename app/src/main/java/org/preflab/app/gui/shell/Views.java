package org.preflab.app.gui.shell;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.application.Platform;
import org.preflab.app.gui.Workbench;
import org.preflab.app.gui.setup.RunSetupView;
import org.preflab.app.gui.setup.RunSetupViewModel;
import org.preflab.app.gui.checkpoint.CheckpointView;
import org.preflab.app.gui.checkpoint.CheckpointViewModel;
import org.preflab.app.gui.common.FxCoalescer;
import org.preflab.app.gui.dataset.DatasetView;
import org.preflab.app.gui.dataset.DatasetViewModel;
import org.preflab.app.gui.explorer.ExplorerView;
import org.preflab.app.gui.explorer.ExplorerViewModel;
import org.preflab.app.gui.common.IoThreads;
import org.preflab.app.gui.start.SampleProjects;
import org.preflab.app.gui.start.StartPageView;
import org.preflab.app.gui.start.StartPageViewModel;

/**
 * The one place that knows which class builds which view (each view and its view-model live in their own package).
 * Kept apart from {@link MainWindow} so that adding a view touches one line here.
 */
final class Views {
    private Views() {}

    static Node startPage(Workbench wb) {
        return new StartPageView(new StartPageViewModel(wb.navigator(), wb.recentProjects(), SampleProjects.folder()));
    }

    static Node explorer(Workbench wb, Path project) {
        ExplorerViewModel vm = new ExplorerViewModel(project, wb, wb.navigator(), Platform::runLater);
        vm.startPolling();
        return new ExplorerView(vm);
    }

    static Node dataset(Workbench wb, Path file) {
        DatasetViewModel vm = DatasetViewModel.forFile(file, IoThreads.shared(), Platform::runLater);
        vm.load();
        return new DatasetView(vm);
    }

    static Node checkpoint(Workbench wb, Path modelDir) {
        CheckpointViewModel vm = new CheckpointViewModel(modelDir, wb.engine(), d -> new FxCoalescer(d, 20)::request,
                IoThreads.shared(), Platform::runLater);
        vm.load();
        return new CheckpointView(vm);
    }

    static Node runSetup(Workbench wb, Path experimentFile) {
        return new RunSetupView(new RunSetupViewModel(experimentFile, wb.losses(), wb.oracles(),
                wb.acquisitions(), wb.datasetFormats()), f -> wb.navigator().startRun(f));
    }

    /** Starts the run and opens its dashboard once the run has made its folder. */
    static void startRun(Workbench wb, MainWindow window, Path experimentFile) {
        org.preflab.app.gui.dashboard.DashboardLauncher.startRun(wb, window, experimentFile);
    }

    static Node dashboard(Workbench wb, Path runDir) {
        return org.preflab.app.gui.dashboard.DashboardLauncher.dashboard(wb, runDir);
    }

    static Node compare(Workbench wb, List<Path> runDirs) {
        return org.preflab.app.gui.compare.CompareView.open(runDirs).linkComparison(wb.navigator());
    }

    static Node compare(Workbench wb, List<Path> runDirs, org.preflab.app.gui.compare.RunCurves.Alignment alignment,
            List<String> metrics) {
        return org.preflab.app.gui.compare.CompareView.open(runDirs, alignment, metrics).linkComparison(wb.navigator());
    }

    static Node comparison(Workbench wb, Path sampleDir) {
        return org.preflab.app.gui.compare.ComparisonResultsView.open(sampleDir, wb.navigator());
    }

    static Node samples(Workbench wb, Path runDir) {
        return org.preflab.app.gui.samples.SamplesView.open(wb, runDir);
    }

    static Node drillDown(Workbench wb, Path runDir, int step) {
        return org.preflab.app.gui.pairs.PairsView.open(runDir, step);
    }

    static Node acquisition(Workbench wb, Path runDir) {
        return org.preflab.app.gui.acquisition.AcquisitionView.open(runDir);
    }

    static Node labelling(Workbench wb, Path runDir) {
        return org.preflab.app.gui.labelling.LabellingView.open(runDir);
    }

    static Node teaching(Workbench wb, Path runDir) {
        return org.preflab.app.gui.teaching.TeachingView.open(wb, runDir);
    }
}
