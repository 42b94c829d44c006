package dev.leptoid.config;

import java.util.regex.Pattern;

/**
 * Names that end up in Graphite paths and queries. Environment and service names are
 * validated (so they cannot inject Graphite functions, wildcards or path separators);
 * anything published is sanitized node by node.
 */
public final class Names {

    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /** A metric path template: plain nodes and {placeholders}; no wildcards, functions, commas or spaces. */
    private static final Pattern TEMPLATE = Pattern.compile("[A-Za-z0-9_\\-.{}]+");

    private Names() {}

    public static boolean isValidNode(String s) { return s != null && NODE.matcher(s).matches(); }

    /** @throws IllegalArgumentException naming {@code what} when {@code s} is not a plain node */
    public static String requireNode(String what, String s) {
        if (!isValidNode(s))
            throw new IllegalArgumentException(what + " '" + printable(s)
                    + "' is not allowed: use 1-128 of the characters A-Z a-z 0-9 _ -");
        return s;
    }

    public static boolean isValidTemplate(String s) { return s != null && TEMPLATE.matcher(s).matches(); }

    /** Replaces every character outside [A-Za-z0-9_-] by '_' (empty becomes "_"). */
    public static String sanitizeNode(String s) {
        if (s == null || s.isEmpty()) return "_";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ? c : '_');
        }
        return b.toString();
    }

    /** Joins nodes with '.', sanitizing each. */
    public static String path(String... nodes) {
        StringBuilder b = new StringBuilder();
        for (String n : nodes) {
            if (!b.isEmpty()) b.append('.');
            b.append(sanitizeNode(n));
        }
        return b.toString();
    }

    /** A value safe to echo in an error line: control characters shown as '?', long values cut. */
    public static String printable(String s) {
        if (s == null) return "null";
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
