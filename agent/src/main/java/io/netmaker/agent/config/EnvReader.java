package io.netmaker.agent.config;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads configuration values by name from an injected lookup (the process environment in production, a map in
 * tests), with command-line flags layered on top (a flag wins over its variable). Every bad value adds one error
 * naming the variable, the value and what is allowed; nothing throws, so all problems are reported together.
 * Blank values count as unset. Every name asked for is remembered, so that unknown {@code AGENT_*} variables can be
 * warned about once all parts have read their settings.
 */
public final class EnvReader {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

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

    /** true/false/1/0/yes/no, case-insensitive. */
    public Optional<Boolean> bool(String name) {
        return string(name).flatMap(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> Optional.of(Boolean.TRUE);
            case "false", "0", "no" -> Optional.of(Boolean.FALSE);
            default -> invalid(name, v, "true, false, 1, 0, yes or no");
        });
    }

    public boolean bool(String name, boolean defaultValue) {
        return bool(name).orElse(defaultValue);
    }

    /** A Go-style duration ({@code 8s}, {@code 500ms}, {@code 1m30s}, {@code 0}); never negative. */
    public Optional<Duration> duration(String name) {
        return string(name).flatMap(v -> {
            Duration parsed = parseDuration(v);
            return parsed == null ? invalid(name, v, "a duration like 8s, 500ms or 1m30s") : Optional.of(parsed);
        });
    }

    public Duration duration(String name, Duration defaultValue) {
        return duration(name).orElse(defaultValue);
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

    public boolean hasErrors() {
        return !errors.isEmpty();
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

    /** The names read so far, in order. */
    public Set<String> readNames() {
        synchronized (read) {
            return Set.copyOf(read);
        }
    }

    public static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a Go-style duration; null when malformed. */
    static Duration parseDuration(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION_PART.matcher(text);
        int end = 0;
        Duration total = Duration.ZERO;
        while (m.find() && m.start() == end) {
            end = m.end();
            double amount;
            try {
                amount = Double.parseDouble(m.group(1));
            } catch (NumberFormatException e) {
                return null;
            }
            long nanosPerUnit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            double nanos = amount * nanosPerUnit;
            if (nanos > Long.MAX_VALUE / 2.0) {
                return null;
            }
            total = total.plusNanos((long) nanos);
        }
        return end == text.length() && end > 0 ? total : null;
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
