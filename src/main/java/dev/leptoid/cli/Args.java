package dev.leptoid.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plain command-line parsing: {@code --name value}, {@code --name=value}, repeated options,
 * boolean flags and positional arguments. Unknown options are an error naming the option.
 */
public final class Args {

    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {}

    /**
     * @param valued options that take a value (without the leading dashes)
     * @param flags options that take none
     */
    public static Args parse(List<String> args, Set<String> valued, Set<String> flags) {
        Args parsed = new Args();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                parsed.positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!a.startsWith("--") || a.length() == 2) {
                parsed.positional.add(a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) throw new UsageException("option --" + name + " takes no value");
                parsed.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) throw new UsageException("option --" + name + " needs a value");
                    value = args.get(++i);
                }
                parsed.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return parsed;
    }

    public boolean flag(String name) { return options.containsKey(name); }

    public Optional<String> value(String name) {
        List<String> v = options.get(name);
        return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    public String value(String name, String fallback) { return value(name).orElse(fallback); }

    public List<String> values(String name) { return options.getOrDefault(name, List.of()); }

    public List<String> positional() { return List.copyOf(positional); }

    public int intValue(String name, int fallback) {
        Optional<String> v = value(name);
        if (v.isEmpty()) return fallback;
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs a whole number, got '" + v.get() + "'");
        }
    }

    public double doubleValue(String name, double fallback) {
        Optional<String> v = value(name);
        if (v.isEmpty()) return fallback;
        try {
            return Double.parseDouble(v.get());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs a number, got '" + v.get() + "'");
        }
    }

    /** A usage error: printed as one line, exit code 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) { super(message); }
    }
}
