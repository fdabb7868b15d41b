package org.preflab.engine.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;

/**
 * Measures fp32 matmul speed for the runtime's settings; one JVM per setting, because the override and the thread
 * counts are fixed at engine start. Example (from the repository root, after {@code mvn -o test-compile -pl engine}):
 *
 * <pre>
 * mvn -q -o dependency:build-classpath -pl engine -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp "$(cat /tmp/cp.txt):engine/target/classes:engine/target/test-classes" -Dai.djl.offline=true \
 *      -DDJL_CACHE_DIR=.cache/djl -Dpreflab.threads=1 -Dpreflab.mklOverride=false \
 *      org.preflab.engine.runtime.MatmulSpeedMain 1024
 * </pre>
 */
public final class MatmulSpeedMain {
    private MatmulSpeedMain() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        // The engine starts on this thread, so libtorch runs here with the configured intra-op threads.
        Engine engine = DjlRuntime.engine();
        DjlRuntime.report().lines().forEach(System.out::println);
        try (NDManager m = engine.newBaseManager()) {
            double gflops = MatmulProbe.bestGflops(m, n, 3, reps);
            System.out.println(String.format(Locale.ROOT, "RESULT n=%d threads=%d override=%s gflops=%.1f", n,
                    JniUtils.getNumThreads(), DjlRuntime.report().overrideEffective(), gflops));
        }
    }
}
