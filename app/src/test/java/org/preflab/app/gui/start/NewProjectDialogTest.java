package org.preflab.app.gui.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.GuiTestSupport;
import org.preflab.app.gui.project.Pictures;
import org.preflab.app.gui.project.TestProjects;
import org.testfx.api.FxToolkit;

/** The New project dialog in a window: Create is off until the engine accepts both inputs, then writes the project. */
class NewProjectDialogTest {
    @TempDir Path tmp;

    @Test
    void createsAProjectOnceModelAndDataAreGood() throws Exception {
        FxToolkit.registerPrimaryStage();
        NewProjectDialog d = GuiTestSupport.onFx(() -> {
            Stage owner = new Stage();
            owner.setScene(new javafx.scene.Scene(new javafx.scene.layout.Pane(), 400, 300));
            owner.show();
            NewProjectDialog dialog = new NewProjectDialog(owner, tmp);
            dialog.show();
            return dialog;
        });
        Button create = GuiTestSupport.onFx(() -> (Button) d.getDialogPane().getButtonTypes().stream()
                .filter(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).findFirst()
                .map(b -> d.getDialogPane().lookupButton(b)).orElseThrow());
        assertTrue(GuiTestSupport.onFx(create::isDisabled));
        GuiTestSupport.onFx(() -> {
            d.viewModel().modelDirProperty().set(TestProjects.samples().resolve("tinystories-dpo/model").toString());
            d.viewModel().dataFileProperty().set(TestProjects.samples().resolve("tinystories-dpo/data/pairs.jsonl").toString());
            return null;
        });
        GuiTestSupport.waitFor(30, "both inputs checked", () -> !create.isDisabled());
        GuiTestSupport.snapshot(d.getDialogPane(), Pictures.file("gui-new-project.png"));
        GuiTestSupport.onFx(() -> {
            create.fire();
            return null;
        });
        GuiTestSupport.waitFor(10, "the dialog closed", () -> !d.isShowing());
        assertEquals(tmp.resolve("pairs-dpo"), d.getResult());
        assertTrue(Files.isRegularFile(tmp.resolve("pairs-dpo/experiment.json")));
    }
}
