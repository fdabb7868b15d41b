package org.preflab.engine.data.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.TypeConvertingMapELResolver;
import com.hubspot.jinjava.el.ext.JinjavaBeanELResolver;
import com.hubspot.jinjava.el.ext.JinjavaListELResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.InvalidInputException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import jinjava.javax.el.ArrayELResolver;
import jinjava.javax.el.CompositeELResolver;

/**
 * The one jinjava set up the way transformers sets up Jinja2 for chat templates (shared/jinja.md has the
 * measurements behind each switch), plus the globals and filters transformers adds. Jinjava renders each call in
 * its own interpreter, so one shared, never-mutated instance serves every thread.
 */
final class JinjaEnvironment {
    /** The {@code raise_exception} error's field name: how {@link ChatTemplate} tells it from engine errors. */
    static final String RAISE_EXCEPTION = "raise_exception";

    /**
     * Put into every render context so that {@code strftime_now is defined} is true, as it is for Jinja2 globals;
     * jinjava's functions are not variables, and Llama 3.2 would otherwise fall back to its fixed date.
     */
    static final Map<String, Object> FUNCTION_NAMES =
            Map.of(RAISE_EXCEPTION, "<function raise_exception>", "strftime_now", "<function strftime_now>");

    private JinjaEnvironment() {}

    private static final CompositeELResolver RESOLVER = resolver();
    private static final InterpreterFactory INTERPRETERS = new PyInterpreterFactory();

    /** Declared after the resolver and factory it is built with. */
    static final Jinjava JINJAVA = create();

    private static CompositeELResolver resolver() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PyStringResolver()); // first, so Java's String methods never answer for Python's
        resolver.add(new ArrayELResolver(true));
        resolver.add(new JinjavaListELResolver(true));
        resolver.add(new TypeConvertingMapELResolver(true));
        resolver.add(new JinjavaBeanELResolver(true));
        return resolver;
    }

    /**
     * The configuration of one render: the output, any string built by concatenation, and any list or map may hold
     * at most {@code maxChars} (jinjava reports OUTPUT_TOO_BIG, OVER_LIMIT or COLLECTION_TOO_BIG); time is
     * {@link RenderBudget}'s.
     */
    static JinjavaConfig renderConfig(long maxChars) {
        int maxItems = (int) Math.min(Integer.MAX_VALUE, maxChars);
        return builder().withMaxOutputSize(maxChars).withMaxStringLength(maxChars).withMaxListSize(maxItems)
                .withMaxMapSize(maxItems).build();
    }

    private static JinjavaConfig.Builder builder() {
        return JinjavaConfig.newBuilder()
                .withTrimBlocks(false) // TemplateRewriter does trim_blocks and lstrip_blocks as Jinja2 does them
                .withLstripBlocks(false)
                .withFailOnUnknownTokens(false) // undefined is empty and false, as in Jinja2
                .withNestedInterpretationEnabled(false) // message text is data: "{{ 7*7 }}" must stay literal
                .withElResolver(RESOLVER)
                .withInterperterFactory(INTERPRETERS)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true) // honour {{- and -}}
                        .withParseWhitespaceControlStrictly(true)
                        .withIterateOverMapKeys(true)
                        .withEvaluateMapKeys(true)
                        .withKeepNullableLoopValues(true)
                        .withHandleBackslashInQuotesOnly(true)
                        .build());
    }

    private static Jinjava create() {
        JinjavaConfig config = builder().build();
        Jinjava jinjava = new Jinjava(config);
        var globals = jinjava.getGlobalContext();
        globals.registerFunction(new ELFunctionDefinition("", RAISE_EXCEPTION, JinjaEnvironment.class, "raiseException", String.class));
        globals.registerFunction(new ELFunctionDefinition("", "strftime_now", JinjaEnvironment.class, "strftimeNow", String.class));
        globals.registerFilter(new PyFilters.ToJson());
        globals.registerFilter(new PyFilters.Trim());
        globals.registerFilter(new PyFilters.Items());
        globals.registerFilter(new PyFilters.ToList());
        globals.registerFilter(new PyFilters.Sum());
        globals.registerExpTest(new PyFilters.IsIterable());
        globals.registerTag(new PyFilters.Generation());
        return jinjava;
    }

    /** jinjava renders an unknown filter or test as empty, without an error, so templates are checked first. */
    static boolean hasFilter(String name) {
        return JINJAVA.getGlobalContext().getFilter(name) != null;
    }

    static boolean hasTest(String name) {
        return JINJAVA.getGlobalContext().getExpTest(name) != null;
    }

    /** Interpreters that print values as Python's str() does (see {@link PyRepr}). */
    private static final class PyInterpreterFactory implements InterpreterFactory {
        @Override
        public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
            return new PyInterpreter(orig);
        }

        @Override
        public JinjavaInterpreter newInstance(Jinjava application, Context context, JinjavaConfig config) {
            return new PyInterpreter(application, context, config);
        }
    }

    /** Also the time check of {@link RenderBudget}: jinjava asks for the context in every loop iteration and node. */
    private static final class PyInterpreter extends JinjavaInterpreter {
        private final Long deadline; // null until the super constructor is done, and outside a budget

        PyInterpreter(JinjavaInterpreter orig) {
            super(orig);
            deadline = RenderBudget.deadline();
        }

        PyInterpreter(Jinjava application, Context context, JinjavaConfig config) {
            super(application, context, config);
            deadline = RenderBudget.deadline();
        }

        @Override
        public Context getContext() {
            if (deadline != null) RenderBudget.check(deadline);
            return super.getContext();
        }

        @Override
        public String getAsString(Object value) {
            return PyRepr.str(value);
        }
    }

    /** Kept as a template error with the template's own message; jinjava would otherwise reword it. */
    public static Object raiseException(String message) {
        throw new InvalidInputException(JinjavaInterpreter.getCurrent(), RAISE_EXCEPTION, message);
    }

    /** transformers' {@code strftime_now(fmt)}: the local date and time (Llama 3.x writes "Today Date" with it). */
    public static String strftimeNow(String format) {
        return StrftimeFormatter.format(ZonedDateTime.now(), format, Locale.US);
    }
}
