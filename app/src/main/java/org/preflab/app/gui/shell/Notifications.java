package org.preflab.app.gui.shell;

import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;

/** A short-lived notification in the window's corner (a run ended, a run failed). */
final class Notifications {
    private Notifications() {}

    static void show(Window owner, String message) {
        org.controlsfx.control.Notifications.create().owner(owner).title("PrefLab").text(message)
                .position(Pos.BOTTOM_RIGHT).hideAfter(Duration.seconds(6)).show();
    }
}
