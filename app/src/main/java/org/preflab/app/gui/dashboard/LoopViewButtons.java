package org.preflab.app.gui.dashboard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import org.preflab.app.gui.Navigator;
import org.preflab.app.gui.common.RunKind;

/**
 * The dashboard's buttons to a label-efficient run's own views: its acquisition rounds (method apl) and its
 * questions for a person (oracle "human"). None for other runs.
 */
final class LoopViewButtons {
    private LoopViewButtons() {}

    static List<Button> of(Path runDir, Navigator navigator) {
        RunKind kind = RunKind.of(runDir);
        List<Button> out = new ArrayList<>();
        if (kind.isApl()) {
            out.add(button("Acquisition", "open-acquisition",
                    "Each round's scores, picked pairs and time split; the win rate by labels used",
                    () -> navigator.openAcquisition(runDir)));
        }
        if (kind.asksAPerson()) {
            out.add(button("Label pairs", "open-labelling", "Answer the questions this run waits for",
                    () -> navigator.openLabelling(runDir)));
        }
        return out;
    }

    private static Button button(String text, String id, String tip, Runnable open) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> open.run());
        return b;
    }
}
