package org.preflab.engine.data.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected strings are Python 3.11's repr() output. */
class ChatPythonValuesTest {
    @Test
    void floatReprIsPythons() {
        double[] values = {5e-324, 1e22, 1e23, 123456789012345680.0, 0.0001, 0.00001, 9007199254740993.0, 1e15, 1e16, 2.675,
            1.7976931348623157e308, -1.5e-7, 0.1 + 0.2};
        String[] python = {"5e-324", "1e+22", "1e+23", "1.2345678901234568e+17", "0.0001", "1e-05", "9007199254740992.0",
            "1000000000000000.0", "1e+16", "2.675", "1.7976931348623157e+308", "-1.5e-07", "0.30000000000000004"};
        for (int i = 0; i < values.length; i++) assertEquals(python[i], PyJson.floatRepr(values[i], false));
    }

    @Test
    void stringReprIsPythons() {
        assertEquals("'it\\'s \"q\" \\x00 \\u200b é \uD83D\uDE00 \\\\ \\n'", PyRepr.quote("it's \"q\" \u0000 \u200b é \uD83D\uDE00 \\ \n"));
        assertEquals("\"it's\"", PyRepr.quote("it's"));
    }

    @Test
    void whitespaceIsPythonsIsspace() {
        assertEquals("x", PyStrings.strip("\u00a0\u2007\u202f\u0085\u3000\u001c x \t\n\u000b\f\r", null, true, true));
        assertEquals("\u200bx\u0000", PyStrings.strip(" \u200bx\u0000 ", null, true, true)); // not whitespace in Python
    }
}
