package org.preflab.engine.io;

/**
 * Bit-exact conversions between float32 and the two 16-bit formats of checkpoints. Java 17 has no
 * {@code Float.float16ToFloat} (that arrived in Java 20), and bfloat16 has no JDK support at all.
 *
 * <p>Narrowing rounds to nearest, ties to even, as PyTorch's {@code tensor.half()} / {@code .bfloat16()} do, so a
 * checkpoint we save in F16 or BF16 holds the same bits PyTorch would write. NaN stays NaN (made quiet, keeping its
 * sign and top payload bits) instead of being rounded into an infinity.
 */
public final class HalfFloats {
    private HalfFloats() {}

    /** IEEE 754 binary16 bits (as the low 16 bits of {@code h}) to float32; exact, every half is a float. */
    public static float halfToFloat(short h) {
        int b = h & 0xffff;
        int sign = (b & 0x8000) << 16;
        int exp = (b >>> 10) & 0x1f;
        int mant = b & 0x3ff;
        if (exp == 0) {
            // Zero or subnormal: mant units of 2^-24, exactly representable as a float32 normal.
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        // Rebias the exponent from 15 to 127 (127 - 15 = 112).
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** float32 to binary16 bits, round to nearest even; values from 65520 up become infinity. */
    public static short floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs >= 0x7f800000) {
            if (abs == 0x7f800000) {
                return (short) (sign | 0x7c00);
            }
            return (short) (sign | 0x7e00 | ((abs >>> 13) & 0x3ff));
        }
        if (abs >= 0x477ff000) {
            // 65520 is halfway between 65504 (odd mantissa) and 65536, so the tie goes up: infinity.
            return (short) (sign | 0x7c00);
        }
        if (abs >= 0x38800000) {
            // Normal half. Rebias, then round the 13 dropped bits; a carry into the exponent is still correct.
            int m = abs - 0x38000000;
            return (short) (sign | ((m + 0xfff + ((m >>> 13) & 1)) >>> 13));
        }
        if (abs < 0x33000000) {
            // Below 2^-25, half the smallest subnormal (exactly 2^-25 ties to the even 0 too).
            return (short) sign;
        }
        // Subnormal half: count units of 2^-24, i.e. the 24-bit significand shifted right by 126 - exponent.
        int shift = 126 - (abs >>> 23);
        int mant = (abs & 0x7fffff) | 0x800000;
        int q = mant >>> shift;
        int rem = mant & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rem > halfway || (rem == halfway && (q & 1) == 1)) {
            q++;
        }
        return (short) (sign | q);
    }

    /** bfloat16 bits to float32: bfloat16 is the upper half of a float32. */
    public static float bf16ToFloat(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }

    /** float32 to bfloat16 bits, round to nearest even (overflow rounds to infinity, as in PyTorch). */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }
}
