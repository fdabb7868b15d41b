package org.preflab.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.app.gui.shell.MainWindow;

/** The window opens headless at its full size and renders. */
class MainWindowSmokeTest {
    @TempDir Path tmp;

    @Test
    void windowOpensAndRendersHeadless() throws Exception {
        MainWindow w = GuiTestSupport.openWindow(tmp.resolve("recent.txt"));
        GuiTestSupport.onFx(() -> {
            w.openStartPage();
            return null;
        });
        GuiTestSupport.settle();
        assertEquals(1, (int) GuiTestSupport.onFx(() -> w.tabs().getTabs().size()));
        Path png = GuiTestSupport.snapshot(w.stage().getScene().getRoot(), tmp.resolve("window.png"));
        assertTrue(Files.size(png) > 1000);
        GuiTestSupport.onFx(() -> {
            w.stage().hide();
            return null;
        });
    }
}
