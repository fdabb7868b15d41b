package org.preflab.engine.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.spi.LossInputs;
import org.preflab.engine.spi.PreferenceLoss;

class PreferenceLossesTest {
    public static final class Good implements PreferenceLoss {
        @Override public String id() { return "good"; }
        @Override public String description() { return "test: loads"; }
        @Override public NDArray perPairLoss(LossInputs in) { return in.margin(); }
    }

    public static final class AlsoGood implements PreferenceLoss {
        @Override public String id() { return "good"; }
        @Override public String description() { return "test: same id as Good"; }
        @Override public NDArray perPairLoss(LossInputs in) { return in.margin(); }
    }

    public static final class Exploding implements PreferenceLoss {
        public Exploding() {
            throw new IllegalStateException("no native library");
        }
        @Override public String id() { return "exploding"; }
        @Override public String description() { return "test: constructor throws"; }
        @Override public NDArray perPairLoss(LossInputs in) { return in.margin(); }
    }

    @Test
    void aFailingProviderIsReportedAndTheOthersStillLoad(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        String prefix = PreferenceLossesTest.class.getName() + "$";
        Files.writeString(services.resolve(PreferenceLoss.class.getName()), String.join("\n",
                "org.preflab.nowhere.MissingLoss", prefix + "Exploding", prefix + "Good", prefix + "AlsoGood", ""));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                PreferenceLossesTest.class.getClassLoader())) {
            PreferenceLosses registry = PreferenceLosses.load(loader);

            assertEquals(List.of("good"), registry.ids());
            assertEquals(Good.class, registry.get("good").getClass());
            List<LossLoadProblem> problems = registry.problems();
            assertEquals(3, problems.size(), problems.toString());
            assertEquals("org.preflab.nowhere.MissingLoss", problems.get(0).provider());
            assertTrue(problems.get(0).message().contains("not found"), problems.get(0).message());
            assertEquals(prefix + "Exploding", problems.get(1).provider());
            assertTrue(problems.get(1).message().contains("no native library"), problems.get(1).message());
            assertEquals(prefix + "AlsoGood", problems.get(2).provider());
            assertEquals("loss type 'good' is provided by both " + prefix + "Good and " + prefix + "AlsoGood",
                    problems.get(2).message());
        }
    }

    @Test
    void registerByHandForTests() {
        PreferenceLosses registry = new PreferenceLosses().register(new Good());
        assertEquals("good", registry.get("good").id());
        assertTrue(registry.find("bad").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get("goood"));
        assertEquals("unknown loss type 'goood'; known: good", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.register(new AlsoGood()));
    }
}
