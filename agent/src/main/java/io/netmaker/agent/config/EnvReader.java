package io.netmaker.agent.config;

import io.netmaker.golang.GoBool;
import io.netmaker.golang.GoDuration;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads configuration values by name from an injected lookup (the process environment in production, a map in
 * tests), with command-line flags layered on top (a flag wins over its variable). Every bad value adds one error
 * naming the variable, the value and what is allowed; nothing throws, so all problems are reported together.
 * Blank values count as unset. Every name asked for is remembered, so that unknown {@code AGENT_*} variables can be
 * warned about once all parts have read their settings.
 */
public final class EnvReader {
    private final Function<String, String> env;
    private final Map<String, FlagValue> flags;
    private final List<String> errors;
    private final Set<String> read = Collections.synchronizedSet(new LinkedHashSet<>());

    /** A value given on the command line for a variable: the flag's name (for messages) and its value. */
    public record FlagValue(String flag, String value) {}

    public EnvReader(Function<String, String> env) {
        this(env, Map.of(), new ArrayList<>());
    }

    public EnvReader(Function<String, String> env, List<String> errors) {
        this(env, Map.of(), errors);
    }

    /** @param flags command-line values keyed by the variable they override */
    public EnvReader(Function<String, String> env, Map<String, FlagValue> flags, List<String> errors) {
        this.env = env;
        this.flags = Map.copyOf(flags);
        this.errors = errors;
    }

    /** The raw value (flag first, then variable), trimmed; empty when unset or blank. */
    public Optional<String> string(String name) {
        read.add(name);
        FlagValue flag = flags.get(name);
        String value = flag != null ? flag.value() : env.apply(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    public String string(String name, String defaultValue) {
        return string(name).orElse(defaultValue);
    }

    /** Whether the value of {@code name} came from a command-line flag (which wins over every other source). */
    public boolean fromFlag(String name) {
        FlagValue flag = flags.get(name);
        return flag != null && !flag.value().isBlank();
    }

    /** Whether the value is set (by flag or variable). */
    public boolean isSet(String name) {
        return string(name).isPresent();
    }

    /** The boolean grammar the operator reads too ({@link GoBool#setting}: true/false/1/0/t/f/yes/no, any case). */
    public Optional<Boolean> bool(String name) {
        return string(name).flatMap(v -> GoBool.setting(v).or(() -> invalid(name, v, GoBool.SETTING_FORMS)));
    }

    public boolean bool(String name, boolean defaultValue) {
        return bool(name).orElse(defaultValue);
    }

    /** A Go duration ({@code 8s}, {@code 500ms}, {@code 1m30s}, {@code .5s}, {@code 0}; {@link GoDuration}); never negative. */
    public Optional<Duration> duration(String name) {
        return string(name).flatMap(v -> {
            Duration parsed;
            try {
                parsed = GoDuration.parse(v);
            } catch (IllegalArgumentException e) {
                parsed = null;
            }
            return parsed == null || parsed.isNegative()
                    ? invalid(name, v, "a duration like 8s, 500ms or 1m30s") : Optional.of(parsed);
        });
    }

    public Duration duration(String name, Duration defaultValue) {
        return duration(name).orElse(defaultValue);
    }

    /** Defaults from the settings table: the documented default is the one the code uses. */
    public Duration duration(Setting s) {
        return duration(s.env(), GoDuration.parse(s.defaultText()));
    }

    public int nonNegativeInt(Setting s) {
        return nonNegativeInt(s.env(), Integer.parseInt(s.defaultText()));
    }

    public boolean bool(Setting s) {
        return bool(s.env(), GoBool.setting(s.defaultText()).orElseThrow());
    }

    public String string(Setting s) {
        return string(s.env(), s.defaultText());
    }

    public Path path(Setting s) {
        return path(s.env(), s.defaultText());
    }

    public <E extends Enum<E>> E enumValue(Setting s, Class<E> type) {
        E defaultValue = Arrays.stream(type.getEnumConstants())
                .filter(c -> configName(c).equals(s.defaultText())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("default of " + s.env() + " is no " + type));
        return enumValue(s.env(), type, defaultValue);
    }

    /** A file system path; a value this system cannot represent as a path (a NUL, or a name the locale cannot encode) is an error. */
    public Path path(String name, String defaultValue) {
        String value = string(name, defaultValue);
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            invalid(name, value, "a path this system can represent (" + e.getReason() + ")");
            return Path.of(defaultValue);
        }
    }

    /** A TCP port, 1 to 65535. */
    public OptionalInt port(String name) {
        Optional<Integer> value = intInRange(name, 1, 65535, "a port number from 1 to 65535");
        return value.map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    public int port(String name, int defaultValue) {
        return port(name).orElse(defaultValue);
    }

    /** An integer of at least 1. */
    public int positiveInt(String name, int defaultValue) {
        return intInRange(name, 1, Integer.MAX_VALUE, "a whole number of at least 1").orElse(defaultValue);
    }

    /** An integer of at least 0 (0 usually meaning "off" or "unlimited"). */
    public int nonNegativeInt(String name, int defaultValue) {
        return intInRange(name, 0, Integer.MAX_VALUE, "a whole number of at least 0").orElse(defaultValue);
    }

    /**
     * One of an enum's values, written in lower case with {@code -} for {@code _} ({@code NEXT_FREE} is
     * {@code next-free}); case-insensitive.
     */
    public <E extends Enum<E>> E enumValue(String name, Class<E> type, E defaultValue) {
        return string(name).flatMap(v -> {
            for (E constant : type.getEnumConstants()) {
                if (configName(constant).equalsIgnoreCase(v)) {
                    return Optional.of(constant);
                }
            }
            String allowed = Arrays.stream(type.getEnumConstants())
                    .map(EnvReader::configName).collect(Collectors.joining(", "));
            return invalid(name, v, "one of " + allowed);
        }).orElse(defaultValue);
    }

    /** A comma-separated list of ports. */
    public Optional<List<Integer>> portList(String name) {
        return string(name).flatMap(v -> {
            List<Integer> ports = new ArrayList<>();
            for (String part : v.split(",")) {
                Integer port = parseInt(part.trim());
                if (port == null || port < 1 || port > 65535) {
                    return invalid(name, v, "a comma-separated list of port numbers from 1 to 65535");
                }
                ports.add(port);
            }
            return Optional.of(List.copyOf(ports));
        });
    }

    /** Adds an error that is not about one value's syntax (for example two settings that contradict each other). */
    public void error(String message) {
        errors.add(message);
    }

    public List<String> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** Variables that look like ours ({@code AGENT_} prefix) among {@code present} but were never read. */
    public Set<String> unknownAgentVariables(Collection<String> present) {
        Set<String> unknown = new TreeSet<>();
        for (String name : present) {
            if (name.startsWith("AGENT_") && !read.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** The name read by now that {@code unknown} most likely misspells (at most two edits away), if any. */
    public Optional<String> closestReadName(String unknown) {
        String best = null;
        int bestDistance = 3;
        synchronized (read) {
            for (String name : read) {
                int d = editDistance(unknown, name);
                if (d < bestDistance) {
                    best = name;
                    bestDistance = d;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The names read so far, in order. */
    public Set<String> readNames() {
        synchronized (read) {
            return Set.copyOf(read);
        }
    }

    public static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private Optional<Integer> intInRange(String name, int min, int max, String allowed) {
        return string(name).flatMap(v -> {
            Integer parsed = parseInt(v);
            return parsed != null && parsed >= min && parsed <= max ? Optional.of(parsed) : invalid(name, v, allowed);
        });
    }

    private static Integer parseInt(String text) {
        if (!text.matches("[0-9]{1,10}")) {
            return null;
        }
        long value = Long.parseLong(text);
        return value > Integer.MAX_VALUE ? null : (int) value;
    }

    private <T> Optional<T> invalid(String name, String value, String allowed) {
        reject(name, value, allowed);
        return Optional.empty();
    }

    /**
     * Records a value that parsed but breaks a rule ({@code invalid NAME="value": must be ...}), naming the flag too
     * when the value came from one.
     */
    public void reject(String name, String value, String allowed) {
        FlagValue flag = flags.get(name);
        String source = flag != null ? flag.flag() + " (" + name + ")" : name;
        errors.add("invalid " + source + "=\"" + printable(value) + "\": must be " + allowed);
    }

    /** Keeps messages on one line and short even for hostile values. */
    private static String printable(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        StringBuilder out = new StringBuilder();
        cut.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == '"' || cp == '\\') {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
