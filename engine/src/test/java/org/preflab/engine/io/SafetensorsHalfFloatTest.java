package org.preflab.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.preflab.engine.io.HalfFloats.bf16ToFloat;
import static org.preflab.engine.io.HalfFloats.floatToBf16;
import static org.preflab.engine.io.HalfFloats.floatToHalf;
import static org.preflab.engine.io.HalfFloats.halfToFloat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** F16 and BF16 conversions against hand-computed bit patterns and against a brute-force reference. */
class SafetensorsHalfFloatTest {

    private static void assertBits(float expected, float actual) {
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                () -> expected + " vs " + actual);
    }

    private static void assertHalf(int expectedBits, float f) {
        assertEquals(expectedBits, floatToHalf(f) & 0xffff,
                () -> f + " -> 0x" + Integer.toHexString(floatToHalf(f) & 0xffff));
    }

    @Test
    void halfToFloatKnownValues() {
        assertBits(1.0f, halfToFloat((short) 0x3c00));
        assertBits(-2.5f, halfToFloat((short) 0xc100));
        assertBits(65504f, halfToFloat((short) 0x7bff)); // largest finite half
        assertBits(0x1p-24f, halfToFloat((short) 0x0001)); // smallest subnormal
        assertBits(1023 * 0x1p-24f, halfToFloat((short) 0x03ff)); // largest subnormal
        assertBits(0x1p-14f, halfToFloat((short) 0x0400)); // smallest normal
        assertBits(0.333251953125f, halfToFloat((short) 0x3555));
        assertBits(-0.0f, halfToFloat((short) 0x8000));
        assertBits(0.0f, halfToFloat((short) 0x0000));
        assertBits(Float.POSITIVE_INFINITY, halfToFloat((short) 0x7c00));
        assertBits(Float.NEGATIVE_INFINITY, halfToFloat((short) 0xfc00));
        assertTrue(Float.isNaN(halfToFloat((short) 0x7e00)));
        assertTrue(Float.isNaN(halfToFloat((short) 0xfc01)));
    }

    @Test
    void floatToHalfKnownValuesAndRounding() {
        assertHalf(0x3c00, 1.0f);
        assertHalf(0xc100, -2.5f);
        assertHalf(0x7bff, 65504f);
        assertHalf(0x2e66, 0.1f); // numpy: np.float16(0.1).view(np.uint16) == 0x2e66
        assertHalf(0x3c00, 1 + 0x1p-11f); // halfway between 1 and 1+2^-10: ties to even (down)
        assertHalf(0x3c02, 1 + 3 * 0x1p-11f); // halfway between odd 0x3c01 and 0x3c02: up
        assertHalf(0x3c01, Math.nextUp(1 + 0x1p-11f)); // just above halfway: up
        assertHalf(0x7bff, 65519.996f); // below the overflow threshold
        assertHalf(0x7c00, 65520f); // halfway to 65536 ties to even = infinity
        assertHalf(0xfc00, -1e6f);
        assertHalf(0x0001, 0x1p-24f);
        assertHalf(0x0000, 0x1p-25f); // halfway between 0 and 2^-24: ties to even 0
        assertHalf(0x0001, Math.nextUp(0x1p-25f));
        assertHalf(0x0002, 1.5f * 0x1p-24f); // subnormal tie, 1 is odd: up
        assertHalf(0x0002, 2.5f * 0x1p-24f); // subnormal tie, 2 is even: down
        assertHalf(0x0400, 1023.5f * 0x1p-24f); // rounds up out of the subnormals into the smallest normal
        assertHalf(0x0000, Float.MIN_VALUE);
        assertHalf(0x8000, -Float.MIN_VALUE);
        assertHalf(0x8000, -0.0f);
        assertHalf(0x7c00, Float.POSITIVE_INFINITY);
        assertTrue(Float.isNaN(halfToFloat(floatToHalf(Float.NaN))));
        assertTrue(Float.isNaN(halfToFloat(floatToHalf(Float.intBitsToFloat(0x7f800001))))); // tiny payload stays NaN
    }

    @Test
    void everyHalfRoundTrips() {
        for (int h = 0; h < 0x10000; h++) {
            float f = halfToFloat((short) h);
            int back = floatToHalf(f) & 0xffff;
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(halfToFloat((short) back)));
                assertEquals(h & 0x8000, back & 0x8000);
            } else {
                assertEquals(h, back, "half 0x" + Integer.toHexString(h));
            }
        }
    }

    /** Round to nearest even by brute force: find the neighbouring halves and compare distances in double. */
    private static int referenceHalf(float f, double[] positiveHalves) {
        int sign = f < 0 || (f == 0 && 1 / f < 0) ? 0x8000 : 0;
        double a = Math.abs((double) f);
        if (a >= 65520) {
            return sign | 0x7c00;
        }
        int i = Arrays.binarySearch(positiveHalves, a);
        if (i >= 0) {
            return sign | i;
        }
        int hi = -i - 1; // first half above a
        int lo = hi - 1;
        double dLo = a - positiveHalves[lo];
        double dHi = positiveHalves[hi] - a;
        int pick = dLo < dHi ? lo : dHi < dLo ? hi : (lo % 2 == 0 ? lo : hi);
        return sign | pick;
    }

    @Test
    void floatToHalfMatchesBruteForceReference() {
        double[] positive = new double[0x7c01]; // 0x0000 .. 0x7bff finite, then 65536 as the rounding ceiling
        for (int h = 0; h < 0x7c00; h++) {
            positive[h] = halfToFloat((short) h);
        }
        positive[0x7c00] = 65536;
        Random rnd = new Random(7);
        for (int n = 0; n < 400_000; n++) {
            int bits = n % 2 == 0 ? rnd.nextInt()
                    // concentrate on the half range: float exponents 100..143 cover 2^-27 .. 2^16
                    : (rnd.nextInt() & 0x807fffff) | ((100 + rnd.nextInt(44)) << 23);
            float f = Float.intBitsToFloat(bits);
            if (Float.isNaN(f)) {
                continue;
            }
            int expected = referenceHalf(f, positive);
            assertEquals(expected, floatToHalf(f) & 0xffff, () -> "float bits 0x" + Integer.toHexString(bits));
        }
    }

    @Test
    void bf16IsTheUpperHalfOfAFloat() {
        assertBits(1.0f, bf16ToFloat((short) 0x3f80));
        assertBits(-2.5f, bf16ToFloat((short) 0xc020));
        assertBits(Float.NEGATIVE_INFINITY, bf16ToFloat((short) 0xff80));
        assertEquals(0x3f80, floatToBf16(1.0f) & 0xffff);
        assertEquals(0xc020, floatToBf16(-2.5f) & 0xffff);
        assertEquals(0x4049, floatToBf16((float) Math.PI) & 0xffff); // 0x40490fdb: low half below halfway
        Random rnd = new Random(3);
        for (int n = 0; n < 100_000; n++) {
            int bits = rnd.nextInt() & 0xffff0000;
            float f = Float.intBitsToFloat(bits);
            if (!Float.isNaN(f)) {
                assertEquals(bits >>> 16, floatToBf16(f) & 0xffff);
                assertBits(f, bf16ToFloat(floatToBf16(f)));
            }
        }
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals(0x3f80, floatToBf16(Float.intBitsToFloat(0x3f808000)) & 0xffff); // tie, 0x3f80 even: down
        assertEquals(0x3f82, floatToBf16(Float.intBitsToFloat(0x3f818000)) & 0xffff); // tie, 0x3f81 odd: up
        assertEquals(0x3f81, floatToBf16(Float.intBitsToFloat(0x3f808001)) & 0xffff);
        assertEquals(0x7f80, floatToBf16(Float.MAX_VALUE) & 0xffff); // overflows to infinity, as in PyTorch
        assertEquals(0xff80, floatToBf16(-Float.MAX_VALUE) & 0xffff);
        assertEquals(0x8000, floatToBf16(-0.0f) & 0xffff);
        assertTrue(Float.isNaN(bf16ToFloat(floatToBf16(Float.intBitsToFloat(0x7f800001)))));
        Random rnd = new Random(5);
        for (int n = 0; n < 200_000; n++) {
            int bits = rnd.nextInt();
            float f = Float.intBitsToFloat(bits);
            if (Float.isNaN(f) || Float.isInfinite(f)) {
                continue;
            }
            int lo = bits & 0xffff0000;
            double dLo = Math.abs((double) f - Float.intBitsToFloat(lo));
            double hiValue = (lo & 0x7fffffff) == 0x7f7f0000 ? Math.copySign(0x1p128, f)
                    : Float.intBitsToFloat(lo + 0x10000);
            double dHi = Math.abs(hiValue - f);
            int expected = (dLo < dHi || (dLo == dHi && ((lo >>> 16) & 1) == 0)) ? lo >>> 16 : (lo >>> 16) + 1;
            assertEquals(expected & 0xffff, floatToBf16(f) & 0xffff, () -> "bits 0x" + Integer.toHexString(bits));
        }
    }
}
