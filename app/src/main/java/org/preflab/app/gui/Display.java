package org.preflab.app.gui;

/** Whether the workbench can open a window here. */
public final class Display {
    private Display() {}

    /** Null when a window can open; otherwise why not, in a few words. */
    public static String whyNot() {
        if ("Monocle".equals(System.getProperty("glass.platform"))) {
            return null; // headless rendering (tests, docs pictures)
        }
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("linux")) {
            String x = System.getenv("DISPLAY");
            String wayland = System.getenv("WAYLAND_DISPLAY");
            if ((x == null || x.isBlank()) && (wayland == null || wayland.isBlank())) {
                return "no display found (DISPLAY is not set)";
            }
        }
        return null;
    }
}
