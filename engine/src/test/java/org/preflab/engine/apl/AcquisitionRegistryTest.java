package org.preflab.engine.apl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.spi.AcquisitionContext;
import org.preflab.engine.spi.AcquisitionFunction;
import org.preflab.engine.spi.Candidate;

/** A broken acquisition plugin is listed, and the other functions still load. */
class AcquisitionRegistryTest {
    public static final class Good implements AcquisitionFunction {
        @Override public String id() { return "good"; }
        @Override public String description() { return "test: loads"; }
        @Override public List<Candidate> acquire(AcquisitionContext context, int n) { return List.of(); }
    }

    public static final class AlsoGood implements AcquisitionFunction {
        @Override public String id() { return "good"; }
        @Override public String description() { return "test: same id as Good"; }
        @Override public List<Candidate> acquire(AcquisitionContext context, int n) { return List.of(); }
    }

    public static final class Exploding implements AcquisitionFunction {
        public Exploding() {
            throw new IllegalStateException("no scorer here");
        }
        @Override public String id() { return "exploding"; }
        @Override public String description() { return "test: constructor throws"; }
        @Override public List<Candidate> acquire(AcquisitionContext context, int n) { return List.of(); }
    }

    @Test
    void theBuiltInsLoad() {
        AcquisitionRegistry registry = AcquisitionRegistry.load(AcquisitionRegistryTest.class.getClassLoader());
        assertEquals(List.of("certainty", "entropy", "entropy_certainty", "random"), registry.ids());
        assertEquals(List.of(), registry.problems());
        assertEquals(registry.ids(), registry.functions().stream().map(AcquisitionFunction::id).toList());
    }

    @Test
    void aFailingProviderIsReportedAndTheOthersStillLoad(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        String prefix = AcquisitionRegistryTest.class.getName() + "$";
        Files.writeString(services.resolve(AcquisitionFunction.class.getName()), String.join("\n",
                "org.preflab.nowhere.MissingAcquisition", prefix + "Exploding", prefix + "Good", prefix + "AlsoGood",
                ""));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                AcquisitionRegistryTest.class.getClassLoader())) {
            AcquisitionRegistry registry = AcquisitionRegistry.load(loader);

            assertEquals(List.of("certainty", "entropy", "entropy_certainty", "good", "random"), registry.ids());
            assertEquals(Good.class, registry.get("good").getClass());
            List<AcquisitionLoadProblem> problems = registry.problems();
            assertEquals(3, problems.size(), problems.toString());
            assertEquals("org.preflab.nowhere.MissingAcquisition", problems.get(0).provider());
            assertTrue(problems.get(0).message().contains("not found"), problems.get(0).message());
            assertEquals(prefix + "Exploding", problems.get(1).provider());
            assertTrue(problems.get(1).message().contains("no scorer here"), problems.get(1).message());
            assertEquals(prefix + "AlsoGood", problems.get(2).provider());
            assertEquals("acquisition function 'good' is provided by both " + prefix + "Good and " + prefix
                    + "AlsoGood", problems.get(2).message());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get("exploding"));
            assertTrue(e.getMessage().startsWith("apl.acquisition = 'exploding' is not known; known: certainty,"
                    + " entropy, entropy_certainty, good, random;"
                    + " not loaded: [org.preflab.nowhere.MissingAcquisition: "),
                    e.getMessage());
            assertTrue(e.getMessage().contains(prefix + "Exploding: "), e.getMessage());
        }
    }

    @Test
    void registerRefusesADuplicateAndABlankId() {
        AcquisitionRegistry registry = new AcquisitionRegistry().register(new Good());
        assertThrows(IllegalArgumentException.class, () -> registry.register(new AlsoGood()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get("goood"));
        assertEquals("apl.acquisition = 'goood' is not known; known: good", e.getMessage());
        assertTrue(registry.find("goood").isEmpty());
    }
}
