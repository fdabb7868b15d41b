package org.preflab.app.gui.dashboard;

import java.util.List;
import java.util.Set;
import org.preflab.engine.run.RunEvent;

/**
 * Which run events become chart markers, and their colours: one colour per kind, the same on every chart and in the
 * legend. Evaluations are left out (their points are on the charts already), as is the step-0 reference-cache note.
 */
final class EventStyle {
    static final String CHECKPOINT = "#2ca02c";
    static final String REFERENCE_REFRESH = "#9467bd";
    static final String HEALTH = "#d62728";
    static final String FORK = "#8c564b";
    static final String CONTROL = "#ff7f0e";
    static final String OTHER = "#7f7f7f";

    private static final Set<String> NOT_MARKED = Set.of(RunEvent.EVALUATION, RunEvent.REFERENCE, RunEvent.FINISHED);

    /** The legend: label and colour of each kind. */
    static final List<String[]> LEGEND = List.of(new String[] {"checkpoint", CHECKPOINT},
            new String[] {"reference refresh", REFERENCE_REFRESH}, new String[] {"health", HEALTH},
            new String[] {"fork", FORK}, new String[] {"pause/stop/resume", CONTROL},
            new String[] {"other", OTHER});

    private EventStyle() {}

    static boolean isMarked(RunEvent e) {
        return !NOT_MARKED.contains(e.type());
    }

    static String color(RunEvent e) {
        if (e.isHealth()) {
            return HEALTH;
        }
        switch (e.type()) {
            case RunEvent.CHECKPOINT: return CHECKPOINT;
            case RunEvent.REFERENCE_REFRESH: return REFERENCE_REFRESH;
            case RunEvent.FORK: return FORK;
            case RunEvent.PAUSED:
            case RunEvent.STOPPED:
            case RunEvent.FAILED:
            case RunEvent.RESUME:
                return CONTROL;
            default: return OTHER;
        }
    }

    /** The marker's text: kind, step and the event's line (shortened). */
    static String label(RunEvent e) {
        String msg = e.message().length() > 90 ? e.message().substring(0, 87) + "..." : e.message();
        return tag(e) + ": " + msg;
    }

    /** Kind and step, written on an emphasised marker. */
    static String tag(RunEvent e) {
        String kind = e.isHealth() ? "health: " + e.detail("kind") : e.type().replace('_', ' ');
        return kind + " @ step " + e.step();
    }
}
