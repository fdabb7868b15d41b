package org.preflab.plugins.loss;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.loss.CombinedLoss;
import org.preflab.engine.loss.LossEvaluator;
import org.preflab.engine.loss.PairLogps;
import org.preflab.engine.loss.PreferenceLosses;
import org.preflab.engine.plugin.PluginFolder;
import org.preflab.engine.plugin.ProviderOrigin;

/** A loss variant compiled into a jar and dropped into a plugin folder joins the registry by its id. */
class PluginFolderTest {
    @TempDir Path tmp;

    @Test
    void jarInThePluginFolderAddsALossVariant() throws Exception {
        Path src = tmp.resolve("src/example/DoubleSigmoid.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package example;
                import ai.djl.ndarray.NDArray;
                import org.preflab.engine.spi.LossInputs;
                import org.preflab.engine.spi.LossMath;
                import org.preflab.engine.spi.PreferenceLoss;
                /** Twice the sigmoid loss: a plugin a user might write. */
                public final class DoubleSigmoid implements PreferenceLoss {
                    public String id() { return "double_sigmoid"; }
                    public String description() { return "2 x sigmoid"; }
                    public NDArray perPairLoss(LossInputs in) {
                        return LossMath.logSigmoid(in.margin().mul(in.scalar(in.beta()))).mul(in.scalar(-2));
                    }
                }
                """);
        Path classes = tmp.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests run on a JDK");
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertEquals(0, rc);
        Path folder = tmp.resolve("plugins");
        Files.createDirectories(folder);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(folder.resolve("double.jar")))) {
            jar.putNextEntry(new JarEntry("example/DoubleSigmoid.class"));
            jar.write(Files.readAllBytes(classes.resolve("example/DoubleSigmoid.class")));
            jar.putNextEntry(new JarEntry("META-INF/services/org.preflab.engine.spi.PreferenceLoss"));
            jar.write("example.DoubleSigmoid\n".getBytes(StandardCharsets.UTF_8));
        }

        PreferenceLosses registry = PreferenceLosses.load(PluginFolder.classLoader(folder));
        assertTrue(registry.ids().contains("double_sigmoid"), registry.ids().toString());
        assertTrue(registry.ids().contains("sigmoid"), "built-ins stay");
        List<Path> jars = PluginFolder.jars(folder);
        assertEquals("double.jar", ProviderOrigin.of(registry.get("double_sigmoid").getClass(), jars));
        assertEquals(ProviderOrigin.BUILT_IN, ProviderOrigin.of(registry.get("sigmoid").getClass(), jars));
        PairLogps logps = new PairLogps(new double[] {-10}, new double[] {-12}, new double[] {-10.5},
                new double[] {-11}, new double[] {4}, new double[] {5});
        double plugin = LossEvaluator.evaluateOnce(CombinedLoss.of(registry, List.of("double_sigmoid"), null),
                logps, 0.1, 0, 0.05).loss();
        double builtIn = LossEvaluator.evaluateOnce(CombinedLoss.of(registry, List.of("sigmoid"), null),
                logps, 0.1, 0, 0.05).loss();
        assertEquals(2 * builtIn, plugin, 1e-6);
        assertEquals(List.of(), PluginFolder.jars(tmp.resolve("absent")));
    }
}
