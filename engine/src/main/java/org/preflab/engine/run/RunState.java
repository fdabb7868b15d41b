package org.preflab.engine.run;

/** Where a run is in its life. The last three are final. */
public enum RunState {
    QUEUED, RUNNING, PAUSED, FINISHED, STOPPED, FAILED;

    public boolean isFinal() {
        return this == FINISHED || this == STOPPED || this == FAILED;
    }
}
