package org.preflab.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What DJL's JNI jar (pytorch-jni) is built for, read from its resources without starting the engine: the torch
 * version in {@code jnilib/pytorch.properties} and the flavor folders under {@code jnilib/<classifier>/}. DJL loads
 * {@code jnilib/<classifier>/<PYTORCH_FLAVOR>/libdjl_torch.so} for a user's libtorch (LibUtils.findJniLibrary), and a
 * {@code jni_version} not starting with the libtorch's version makes it download one.
 */
final class DjlJni {
    private DjlJni() {}

    /** The torch version of the JNI, e.g. 2.7.1 (from {@code jni_version=2.7.1-0.35.1}). */
    static String torchVersion() {
        try (InputStream in = DjlJni.class.getClassLoader().getResourceAsStream("jnilib/pytorch.properties")) {
            if (in == null) {
                throw new IllegalStateException("pytorch-jni is not on the class path (no jnilib/pytorch.properties)");
            }
            Properties p = new Properties();
            p.load(in);
            String jni = p.getProperty("jni_version", "");
            int dash = jni.indexOf('-');
            return dash < 0 ? jni : jni.substring(0, dash);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read pytorch-jni's jnilib/pytorch.properties: " + e, e);
        }
    }

    /** Whether the JNI jar holds a build of {@code flavor} (cpu, cu128, ...) for this OS and CPU. */
    static boolean hasFlavor(String flavor) {
        String resource = "jnilib/" + classifier() + "/" + flavor + "/" + System.mapLibraryName("djl_torch");
        return DjlJni.class.getClassLoader().getResource(resource) != null;
    }

    /** DJL's platform classifier, e.g. linux-x86_64 (as ai.djl.util.Platform names it). */
    static String classifier() {
        String os = System.getProperty("os.name", "");
        String prefix = os.startsWith("Win") ? "win" : os.startsWith("Mac") ? "osx" : "linux";
        String arch = System.getProperty("os.arch", "");
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
        return prefix + "-" + a;
    }
}
