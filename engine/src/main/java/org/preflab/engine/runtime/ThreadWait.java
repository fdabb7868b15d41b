package org.preflab.engine.runtime;

import java.util.Locale;
import java.util.Map;

/**
 * What libtorch's OpenMP threads do between parallel regions, as libgomp reads it from the environment at start:
 * spin for {@code GOMP_SPINCOUNT} rounds if set (the launchers' PREFLAB_CPU=adaptive and dedicated: 10,000); otherwise
 * sleep at once with {@code OMP_WAIT_POLICY=PASSIVE} (PREFLAB_CPU=shared), spin without end with ACTIVE, and 300,000
 * rounds when neither is set.
 * It decides a step's speed (README, "On an Intel machine"), so doctor shows it and each run's provenance records it.
 */
public final class ThreadWait {
    private ThreadWait() {}

    /** The two settings libgomp reads: a spin count (wins when set) and the wait policy, trimmed, lower case. */
    private record Setting(String spin, String policy) {
        static Setting of(Map<String, String> env) {
            return new Setting(env.getOrDefault("GOMP_SPINCOUNT", "").trim(),
                    env.getOrDefault("OMP_WAIT_POLICY", "").trim().toLowerCase(Locale.ROOT));
        }

        boolean passive() {
            return policy.equals("passive") || policy.equals("false");
        }

        boolean active() {
            return policy.equals("active") || policy.equals("true");
        }
    }

    public static String describe(Map<String, String> env) {
        Setting s = Setting.of(env);
        String wait = !s.spin().isEmpty() ? "spin " + s.spin() + " rounds, then sleep"
                : s.passive() ? "sleep"
                : s.active() ? "spin"
                : "spin up to 300000 rounds, then sleep (libgomp's default)";
        String cpu = env.get("PREFLAB_CPU");
        return "waiting threads " + wait + (cpu == null || cpu.isBlank() ? "" : " (PREFLAB_CPU=" + cpu + ")")
                + ("adaptive".equals(cpu) ? "; one thread fewer while other work takes a core (ThreadGovernor)" : "");
    }

    /**
     * Whether waiting threads sleep at once ({@code OMP_WAIT_POLICY=PASSIVE} without a spin count, or a spin count of
     * 0): then every parallel region pays a wake-up, and fewer, larger products are faster (TransformerLM's packed
     * decoding); with spinning threads the separate products are.
     */
    public static boolean sleeps(Map<String, String> env) {
        Setting s = Setting.of(env);
        return s.spin().isEmpty() ? s.passive() : s.spin().equals("0");
    }

    /** This process's: what its libgomp read. */
    public static boolean sleepsNow() {
        return sleeps(System.getenv());
    }

    /** This process's: what its libgomp read. */
    public static String current() {
        return describe(System.getenv());
    }
}
