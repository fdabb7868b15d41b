package org.preflab.app.gui.common;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps JavaFX's two threads from sharing one text shaper on Linux, which corrupts the heap.
 *
 * <p>JavaFX lays out text with one reusable {@code GlyphLayout}, handed out by {@code GlyphLayout.getInstance()} to
 * whichever thread asks while no one holds it. Two threads ask: the JavaFX thread for labels and JFreeChart's text
 * measurements, and the render thread for text drawn on a canvas (every chart is a canvas). On Linux the shaper is
 * {@code PangoGlyphLayout}, whose {@code dispose()} (JavaFX 21) first hands the instance back and only then frees
 * the native UTF-8 strings it holds; the other thread takes it in between and adds strings while they are freed. The
 * result, once in a few hundred chart redraws: a ConcurrentModificationException in {@code PangoGlyphLayout.dispose},
 * or a double free that glibc reports as "malloc(): unaligned tcache chunk detected" and kills the JVM (seen in the
 * GUI tests; found by breaking on {@code getInstance} off the JavaFX thread with a JDI client).
 *
 * <p>The guard takes the reusable instance once and never gives it back, so every layout gets a fresh instance of
 * its own ({@code getInstance} does exactly that while the reusable one is in use): a small map allocated per text
 * layout, nothing shared. Call {@link #install()} before the first chart is drawn; it is idempotent.
 */
public final class GlyphLayoutGuard {
    private static final Logger LOG = Logger.getLogger(GlyphLayoutGuard.class.getName());
    private static final String GLYPH_LAYOUT = "com.sun.javafx.text.GlyphLayout";
    /** The reusable instance, held for the life of the JVM so that nobody else can take it. */
    private static Object held;
    private static boolean failed;

    private GlyphLayoutGuard() {}

    /** Takes JavaFX's reusable glyph layout for good (the JavaFX toolkit must be running). */
    public static synchronized void install() {
        if (held != null || failed) {
            return;
        }
        try {
            Class<?> c = Class.forName(GLYPH_LAYOUT);
            Method getInstance = c.getMethod("getInstance");
            Field reusable = c.getDeclaredField("reusableGL");
            reusable.setAccessible(true);
            Object shared = reusable.get(null);
            // the render thread may hold it for a moment (a canvas's text): what we get then is a fresh instance
            for (int attempt = 0; attempt < 1000 && held == null; attempt++) {
                Object got = getInstance.invoke(null);
                if (got == shared) {
                    held = got;
                } else {
                    c.getMethod("dispose").invoke(got);
                    Thread.sleep(1);
                }
            }
            if (held == null) {
                throw new IllegalStateException("the reusable instance stayed in use for a second");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            failed = true;
            LOG.log(Level.WARNING, "cannot keep JavaFX's threads from sharing a glyph layout; charts may crash the"
                    + " application on Linux: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the reusable instance is held (for tests). */
    public static synchronized boolean installed() {
        return held != null;
    }
}
