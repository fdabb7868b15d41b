package org.preflab.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The few CPU facts the runtime needs, from {@code /proc/cpuinfo}: the vendor decides whether the MKL override is
 * needed, AVX-512 whether the speed threshold in {@link RuntimeCheck} applies (it was measured on an AVX-512 Zen).
 *
 * @param vendor {@code vendor_id}, e.g. AuthenticAMD or GenuineIntel; "unknown" when unreadable
 * @param model {@code model name}; "unknown" when unreadable
 * @param avx512 whether the first processor lists the {@code avx512f} flag
 * @param cores processors visible to the JVM
 */
public record CpuInfo(String vendor, String model, boolean avx512, int cores) {
    public static final String AMD = "AuthenticAMD";
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** This machine's CPU; never throws (an unreadable cpuinfo gives vendor "unknown", so no override). */
    public static CpuInfo read() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            return parse(Files.readString(CPUINFO), cores);
        } catch (IOException | RuntimeException e) {
            return new CpuInfo("unknown", "unknown", false, cores);
        }
    }

    /** Parses the first processor block of a {@code /proc/cpuinfo} text. */
    static CpuInfo parse(String cpuinfo, int cores) {
        String vendor = null;
        String model = null;
        boolean avx512 = false;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                if (line.isBlank() && vendor != null) {
                    break; // end of the first processor's block
                }
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("vendor_id") && vendor == null) {
                vendor = value;
            } else if (key.equals("model name") && model == null) {
                model = value;
            } else if (key.equals("flags")) {
                avx512 = Arrays.asList(value.split("\\s+")).contains("avx512f");
            }
        }
        return new CpuInfo(vendor == null ? "unknown" : vendor, model == null ? "unknown" : model, avx512, cores);
    }

    public boolean isAmd() {
        return AMD.equals(vendor);
    }
}
