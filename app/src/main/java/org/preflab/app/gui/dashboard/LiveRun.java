package org.preflab.app.gui.dashboard;

import org.preflab.engine.run.RunControl;
import org.preflab.engine.run.RunHandle;
import org.preflab.engine.run.RunListener;
import org.preflab.engine.run.RunState;

/** The part of a run training in this window that the dashboard uses; a {@link RunHandle} in the application. */
interface LiveRun {
    RunState state();

    RunControl control();

    int totalSteps();

    void addListener(RunListener l);

    void removeListener(RunListener l);

    static LiveRun of(RunHandle h) {
        return new LiveRun() {
            @Override
            public RunState state() {
                return h.state();
            }

            @Override
            public RunControl control() {
                return h.control();
            }

            @Override
            public int totalSteps() {
                return h.totalSteps();
            }

            @Override
            public void addListener(RunListener l) {
                h.addListener(l);
            }

            @Override
            public void removeListener(RunListener l) {
                h.removeListener(l);
            }
        };
    }
}
