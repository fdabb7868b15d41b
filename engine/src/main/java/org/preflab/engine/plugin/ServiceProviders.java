package org.preflab.engine.plugin;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Loads a service's providers one at a time, so that one broken provider (a missing class, a constructor that
 * throws) is reported and the rest still load: SLF4J's {@code safelyInstantiate}, shared by the registries.
 */
public final class ServiceProviders {
    /** Stops a provider file that keeps failing the same way from looping forever. */
    private static final int MAX_FAILURES = 1_000;

    private ServiceProviders() {}

    /** Receives each provider that loaded, and each that did not. */
    public interface Sink<T> {
        void loaded(T provider);

        /**
         * @param provider the provider's class name, or what is known of it
         * @param message one line saying what went wrong
         */
        void failed(String provider, String message, Throwable cause);
    }

    /** Hands every provider of {@code service} visible to {@code loader} to {@code sink}, in file order. */
    public static <T> void loadEach(Class<T> service, ClassLoader loader, Sink<T> sink) {
        Iterator<T> it = ServiceLoader.load(service, loader).iterator();
        int failures = 0;
        while (failures < MAX_FAILURES) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                sink.loaded(it.next());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                // The JDK iterator skips past the failed entry, so the loop can go on to the next provider.
                failures++;
                sink.failed(providerOf(e), oneLine(e), e);
            }
        }
    }

    /** The message and its causes on one line, for a listing. */
    public static String oneLine(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable c = e.getCause();
        for (int depth = 0; c != null && depth < 5; depth++, c = c.getCause()) {
            sb.append(" (caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage())
                    .append(')');
        }
        return sb.toString().replace('\n', ' ');
    }

    private static String providerOf(Throwable e) {
        // ServiceLoader's messages read "org.preflab.engine.spi.OracleProvider: Provider x.Y not found".
        String msg = String.valueOf(e.getMessage());
        int at = msg.indexOf("Provider ");
        if (at >= 0) {
            String rest = msg.substring(at + "Provider ".length());
            int end = rest.indexOf(' ');
            return end > 0 ? rest.substring(0, end) : rest;
        }
        return "unknown provider";
    }
}
