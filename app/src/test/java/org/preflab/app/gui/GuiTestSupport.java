package org.preflab.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.preflab.app.gui.shell.MainWindow;
import org.preflab.engine.runtime.EngineThread;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Headless workbench windows for TestFX tests (Monocle, software rendering; see app/pom.xml): a real MainWindow on
 * a real engine thread, helpers to wait for the FX thread and to save a node as PNG.
 */
public final class GuiTestSupport {
    private GuiTestSupport() {}

    /** A workbench window, shown, with its own engine thread (closed with the workbench). */
    public static MainWindow openWindow(Path recentFile) throws Exception {
        System.setProperty("preflab.recent", recentFile.toString());
        FxToolkit.registerPrimaryStage();
        Workbench wb = new Workbench(new EngineThread());
        return onFx(() -> {
            Stage stage = new Stage();
            MainWindow w = new MainWindow(wb, stage);
            w.show();
            return w;
        });
    }

    /** Closes the window's stage and stops its runs. */
    public static void close(MainWindow w, Workbench wb) throws Exception {
        onFx(() -> {
            w.stage().hide();
            return null;
        });
        wb.close();
        wb.engine().close();
    }

    public static <T> T onFx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    /** Waits until {@code condition} holds (checked on the FX thread), failing after {@code seconds}. */
    public static void waitFor(int seconds, String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (onFx(condition::getAsBoolean)) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException notYet) {
                // a node not in the scene graph yet (a SplitPane's items join it with its skin, a pulse later)
                last = notYet.getCause();
            }
            Thread.sleep(50);
        }
        AssertionError e = new AssertionError("timed out after " + seconds + " s waiting for " + what);
        if (last != null) {
            e.initCause(last);
        }
        throw e;
    }

    /** Renders {@code node} (laid out at its current size) to a PNG file. */
    public static Path snapshot(Node node, Path png) throws Exception {
        WritableImage img = onFx(() -> node.snapshot(null, null));
        Files.createDirectories(png.toAbsolutePath().getParent());
        javax.imageio.ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", png.toFile());
        return png;
    }

    /** Lets queued FX work run. */
    public static void settle() {
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void ignore(IOException e) {}
}
