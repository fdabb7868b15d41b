package org.preflab.engine.data.chat;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.objects.SafeString;
import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Gives strings Python's methods ({@code content.strip()}, {@code .split('</think>')[-1]}, {@code .startswith(...)})
 * and nothing else. Without it jinjava exposes java.lang.String's methods, some under Python's names with other
 * meanings ({@code split} takes a regex, {@code strip} a narrower whitespace), which would render wrong text silently.
 * An unknown method fails with its name; an unknown attribute is undefined, as in Jinja2.
 */
final class PyStringResolver extends ELResolver {

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (!isString(base) || property == null) return null;
        context.setPropertyResolved(true);
        String s = base.toString();
        try {
            int i = Integer.parseInt(property.toString()); // s[i] is a one-character string, negative from the end
            int n = s.codePointCount(0, s.length());
            if (i < 0) i += n;
            if (i < 0 || i >= n) return null;
            int at = s.offsetByCodePoints(0, i);
            return s.substring(at, s.offsetByCodePoints(at, 1));
        } catch (NumberFormatException notAnIndex) {
            return null;
        }
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!isString(base) || method == null) return null;
        Object[] args = params == null ? new Object[0] : params;
        for (Object a : args) {
            if (a instanceof NamedParameter p) throw unsupported("keyword argument " + p.getName() + "= in str." + method + "()");
        }
        Object result = call(base.toString(), method.toString(), args);
        context.setPropertyResolved(true);
        return result;
    }

    private static Object call(String s, String name, Object[] a) {
        switch (name) {
            case "strip": return PyStrings.strip(s, optStr(a, 0, name), true, true);
            case "lstrip": return PyStrings.strip(s, optStr(a, 0, name), true, false);
            case "rstrip": return PyStrings.strip(s, optStr(a, 0, name), false, true);
            case "split": return PyStrings.split(s, optStr(a, 0, name), optInt(a, 1, -1, name));
            case "rsplit": return PyStrings.rsplit(s, optStr(a, 0, name), optInt(a, 1, -1, name));
            case "splitlines": return PyStrings.splitlines(s, a.length > 0 && Boolean.TRUE.equals(a[0]));
            case "upper": return s.toUpperCase(Locale.ROOT);
            case "lower": return s.toLowerCase(Locale.ROOT);
            case "title": return PyStrings.title(s);
            case "capitalize": return PyStrings.capitalize(s);
            case "replace": return PyStrings.replace(s, str(a, 0, name), str(a, 1, name), optInt(a, 2, -1, name));
            case "startswith": return PyStrings.affix(s, affixes(a, name), optInt(a, 1, name), optInt(a, 2, name), false);
            case "endswith": return PyStrings.affix(s, affixes(a, name), optInt(a, 1, name), optInt(a, 2, name), true);
            case "find": return PyStrings.find(s, str(a, 0, name), optInt(a, 1, name), optInt(a, 2, name), false);
            case "rfind": return PyStrings.find(s, str(a, 0, name), optInt(a, 1, name), optInt(a, 2, name), true);
            case "count": return PyStrings.count(s, str(a, 0, name), optInt(a, 1, name), optInt(a, 2, name));
            case "removeprefix": return s.startsWith(str(a, 0, name)) ? s.substring(str(a, 0, name).length()) : s;
            case "removesuffix": {
                String suffix = str(a, 0, name);
                return !suffix.isEmpty() && s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
            }
            case "isspace": return PyStrings.all(s, PyStrings::isSpace);
            case "join": return join(s, a, name);
            default: throw unsupported("str." + name + "()");
        }
    }

    private static String join(String separator, Object[] a, String name) {
        if (a.length != 1 || !(a[0] instanceof Iterable<?> items)) throw new PyStrings.PyError("TypeError: str.join() takes one iterable");
        List<String> parts = new ArrayList<>();
        for (Object item : items) {
            if (!isString(item)) throw new PyStrings.PyError("TypeError: sequence item " + parts.size() + ": expected str instance, " + typeName(item) + " found");
            parts.add(item.toString());
        }
        return String.join(separator, parts);
    }

    /** startswith/endswith take a string or a tuple of strings (a list in jinjava). */
    private static List<String> affixes(Object[] a, String name) {
        if (a.length > 0 && a[0] instanceof Iterable<?> items) {
            List<String> out = new ArrayList<>();
            for (Object item : items) out.add(str(new Object[] {item}, 0, name));
            return out;
        }
        return List.of(str(a, 0, name));
    }

    static boolean isString(Object o) {
        return o instanceof String || o instanceof SafeString;
    }

    private static String str(Object[] a, int i, String name) {
        if (i >= a.length) throw new PyStrings.PyError("TypeError: str." + name + "() is missing argument " + (i + 1));
        if (!isString(a[i])) throw new PyStrings.PyError("TypeError: str." + name + "() argument " + (i + 1) + " must be str, not " + typeName(a[i]));
        return a[i].toString();
    }

    /** An optional string argument; None (null) selects Python's default, as for strip(None). */
    private static String optStr(Object[] a, int i, String name) {
        return i >= a.length || a[i] == null ? null : str(a, i, name);
    }

    private static Integer optInt(Object[] a, int i, String name) {
        if (i >= a.length || a[i] == null) return null;
        if (a[i] instanceof Long || a[i] instanceof Integer) return ((Number) a[i]).intValue();
        throw new PyStrings.PyError("TypeError: str." + name + "() argument " + (i + 1) + " must be int, not " + typeName(a[i]));
    }

    private static int optInt(Object[] a, int i, int absent, String name) {
        Integer v = optInt(a, i, name);
        return v == null ? absent : v;
    }

    static String typeName(Object o) {
        if (o == null) return "NoneType";
        if (isString(o)) return "str";
        if (o instanceof Long || o instanceof Integer) return "int";
        if (o instanceof Number) return "float";
        if (o instanceof Boolean) return "bool";
        if (o instanceof java.util.Map) return "dict";
        if (o instanceof Iterable) return "list";
        return o.getClass().getSimpleName();
    }

    static UnsupportedOperationException unsupported(String construct) {
        return new UnsupportedOperationException(construct + " is not supported by this Jinja renderer (jinjava)");
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {}

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return isString(base) ? Object.class : null;
    }
}
