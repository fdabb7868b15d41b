package org.preflab.engine.data.chat;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The filters, tests and tags where jinjava lacks Jinja2's or transformers' behaviour, registered over its own. */
final class PyFilters {
    private PyFilters() {}

    /** transformers' {@code tojson}: json.dumps(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False). */
    static final class ToJson implements AdvancedFilter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object ensureAscii = arg(args, kwargs, 0, "ensure_ascii");
            Object indent = arg(args, kwargs, 1, "indent");
            Object separators = arg(args, kwargs, 2, "separators");
            Object sortKeys = arg(args, kwargs, 3, "sort_keys");
            String indentText = indent == null ? null
                    : PyStringResolver.isString(indent) ? indent.toString() : " ".repeat(((Number) indent).intValue());
            String item = indentText == null ? ", " : ",";
            String key = ": ";
            if (separators instanceof List<?> pair && pair.size() == 2) {
                item = pair.get(0).toString();
                key = pair.get(1).toString();
            }
            return PyJson.dumps(var, new PyJson.Options(truthy(ensureAscii), indentText, item, key, truthy(sortKeys)));
        }

        private static Object arg(Object[] args, Map<String, Object> kwargs, int position, String name) {
            if (kwargs.containsKey(name)) return kwargs.get(name);
            return position < args.length ? args[position] : null;
        }

        private static boolean truthy(Object o) {
            return o != null && !Boolean.FALSE.equals(o) && !(o instanceof Number n && n.doubleValue() == 0);
        }
    }

    /** Jinja2's {@code trim} is Python's strip(): jinjava's strips every control character and misses U+00A0. */
    static final class Trim implements AdvancedFilter {
        @Override
        public String getName() {
            return "trim";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object chars = kwargs.containsKey("chars") ? kwargs.get("chars") : args.length > 0 ? args[0] : null;
            String text = var == null ? "" : PyStringResolver.isString(var) ? var.toString() : String.valueOf(var);
            return PyStrings.strip(text, chars == null ? null : chars.toString(), true, true);
        }
    }

    /** Jinja2's {@code items} filter ({@code for k, v in tool.parameters|items}), which jinjava lacks. */
    static final class Items implements AdvancedFilter {
        @Override
        public String getName() {
            return "items";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            if (var == null) return List.of(); // Jinja2 gives an empty iterator for undefined
            if (!(var instanceof Map<?, ?> map)) throw new PyStrings.PyError("TypeError: items filter needs a dict, not " + PyStringResolver.typeName(var));
            return new ArrayList<>(map.entrySet());
        }
    }

    /** Jinja2's {@code is iterable} is true for strings too; jinjava's is not, which changes tool-message output. */
    static final class IsIterable implements ExpTest {
        @Override
        public String getName() {
            return "iterable";
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            return PyStringResolver.isString(var) || var instanceof Iterable<?> || var instanceof Map<?, ?>
                    || (var != null && var.getClass().isArray());
        }
    }

    /** transformers' {@code {% generation %}} marks assistant text for masks; rendering just emits the body. */
    static final class Generation implements Tag {
        @Override
        public String getName() {
            return "generation";
        }

        @Override
        public String getEndTagName() {
            return "endgeneration";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            StringBuilder body = new StringBuilder();
            for (Node child : tagNode.getChildren()) body.append(child.render(interpreter).getValue());
            return body.toString();
        }
    }

    /** Jinja2's {@code list}: a dict gives its keys and a string its characters (jinjava wraps either in a list). */
    static final class ToList implements AdvancedFilter {
        @Override
        public String getName() {
            return "list";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            if (var == null) return new ArrayList<>();
            if (var instanceof Map<?, ?> map) return new ArrayList<Object>(map.keySet());
            if (PyStringResolver.isString(var)) {
                List<Object> chars = new ArrayList<>();
                var.toString().codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
                return chars;
            }
            if (var instanceof Iterable<?> items) {
                List<Object> out = new ArrayList<>();
                items.forEach(out::add);
                return out;
            }
            if (var instanceof Object[] array) return new ArrayList<Object>(List.of(array));
            throw new PyStrings.PyError("TypeError: '" + PyStringResolver.typeName(var) + "' object is not iterable");
        }
    }

    /** Jinja2's {@code sum(attribute=None, start=0)}: whole numbers stay whole (jinjava's sum is always a float). */
    static final class Sum implements AdvancedFilter {
        @Override
        public String getName() {
            return "sum";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object attribute = kwargs.containsKey("attribute") ? kwargs.get("attribute") : args.length > 0 ? args[0] : null;
            Object start = kwargs.containsKey("start") ? kwargs.get("start") : args.length > 1 ? args[1] : 0L;
            long whole = start instanceof Number n && !(n instanceof Double || n instanceof Float) ? n.longValue() : 0;
            double real = start instanceof Double || start instanceof Float ? ((Number) start).doubleValue() : 0;
            boolean isReal = start instanceof Double || start instanceof Float;
            for (Object item : (Iterable<?>) new ToList().filter(var, interpreter, new Object[0], Map.of())) {
                Object v = attribute == null ? item : item instanceof Map<?, ?> m ? m.get(attribute.toString()) : null;
                if (!(v instanceof Number n)) throw new PyStrings.PyError("TypeError: sum() of " + PyStringResolver.typeName(v));
                if (n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal) {
                    isReal = true;
                    real += n.doubleValue();
                } else {
                    whole += n.longValue();
                }
            }
            return isReal ? (Object) (real + whole) : (Object) whole;
        }
    }
}
