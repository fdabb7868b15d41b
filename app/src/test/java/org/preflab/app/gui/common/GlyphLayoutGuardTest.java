package org.preflab.app.gui.common;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.preflab.app.gui.GuiTestSupport;
import org.testfx.api.FxToolkit;

/** Once the guard holds JavaFX's reusable glyph layout, no two text layouts share an instance. */
class GlyphLayoutGuardTest {
    @Test
    void everyLayoutGetsItsOwnInstance() throws Exception {
        FxToolkit.registerPrimaryStage();
        GuiTestSupport.onFx(() -> {
            GlyphLayoutGuard.install();
            GlyphLayoutGuard.install(); // idempotent
            return null;
        });
        assertTrue(GlyphLayoutGuard.installed());
        Class<?> c = Class.forName("com.sun.javafx.text.GlyphLayout");
        Method getInstance = c.getMethod("getInstance");
        Method dispose = c.getMethod("dispose");
        // without the guard, an instance handed back is the next one handed out: the render thread and the JavaFX
        // thread then take turns on one instance, and one frees what the other is filling
        Object first = GuiTestSupport.onFx(() -> getInstance.invoke(null));
        dispose.invoke(first);
        Object second = GuiTestSupport.onFx(() -> getInstance.invoke(null));
        dispose.invoke(second);
        assertNotSame(first, second);
    }
}
