package io.netmaker.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator command split as the child itself parses it. With {@link ChildDialect.Syntax#GO_FLAG} that is Go's
 * {@code flag} package: {@code -x} and {@code --x} alike, {@code -x=v}, a separate value for non-bool flags only,
 * and parsing stops at the first non-flag argument or at {@code --}. With {@link ChildDialect.Syntax#PICOCLI} the
 * dialect's options are found anywhere before {@code --} (the program may be {@code java -jar operator.jar}).
 *
 * @param program the program (first element), or {@code <operator>} when none was given
 * @param head the flag part: every argument up to where the child stops reading flags
 * @param rest what follows: positional arguments, including a {@code --} terminator as it was given
 * @param errors arguments the child would reject at once (exit 2 in Go), as config errors
 * @param warnings arguments that are not the dialect's flags
 */
public record OperatorArgs(String program, List<Arg> head, List<String> rest, List<String> errors,
        List<String> warnings) {

    /** Stands in for the operator command when {@code agent plan} is given none. */
    public static final String PLACEHOLDER = "<operator>";

    /**
     * One argument of the flag part.
     *
     * @param name the flag's name when it is one of the dialect's flags (or any flag, in Go syntax), else null
     * @param value its value ({@code "true"} for a bare bool flag), null when not a flag
     * @param tokens the argument as given (two tokens for a separate value)
     */
    public record Arg(String name, String value, List<String> tokens) {
        public Arg {
            tokens = List.copyOf(tokens);
        }
    }

    public OperatorArgs {
        head = List.copyOf(head);
        rest = List.copyOf(rest);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public static OperatorArgs parse(List<String> command, ChildDialect dialect) {
        if (command.isEmpty()) {
            return new OperatorArgs(PLACEHOLDER, List.of(), List.of(), List.of(), List.of());
        }
        List<String> args = command.subList(1, command.size());
        return dialect.syntax() == ChildDialect.Syntax.GO_FLAG
                ? parseGo(command.get(0), args, dialect) : parsePicocli(command.get(0), args, dialect);
    }

    /** Go's {@code flag.FlagSet.parseOne}, step for step. */
    private static OperatorArgs parseGo(String program, List<String> args, ChildDialect dialect) {
        List<Arg> head = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String dialectName = dialect.name().toLowerCase(Locale.ROOT).replace('_', '-');
        int i = 0;
        while (i < args.size()) {
            String s = args.get(i);
            if (s.length() < 2 || s.charAt(0) != '-') {
                break;
            }
            int dashes = s.charAt(1) == '-' ? 2 : 1;
            if (dashes == 2 && s.length() == 2) {
                break; // "--" ends the flags; Go consumes it, the rebuilt argv keeps it
            }
            String name = s.substring(dashes);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                errors.add("operator argument \"" + s + "\": bad flag syntax (a Go program exits 2 on it)");
                break;
            }
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!dialect.defines(name)) {
                if (name.equals("help") || name.equals("h")) {
                    errors.add("operator argument \"" + s + "\" makes a Go program print its usage and exit");
                    break;
                } else {
                    warnings.add("operator argument -" + name + " is not a flag of dialect " + dialectName
                            + " (a Go program exits 2: flag provided but not defined)");
                }
            }
            List<String> tokens = new ArrayList<>(List.of(s));
            if (dialect.isBool(name)) {
                if (value == null) {
                    value = "true";
                } else if (goBool(value).isEmpty()) {
                    errors.add("operator argument \"" + s + "\": invalid boolean value for -" + name
                            + " (Go accepts 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)");
                }
            } else if (value == null) {
                if (i + 1 >= args.size()) {
                    errors.add("operator argument \"" + s + "\": flag needs an argument (a Go program exits 2)");
                    break;
                }
                value = args.get(++i);
                tokens.add(value);
            }
            head.add(new Arg(name, value, tokens));
            i++;
        }
        return new OperatorArgs(program, head, args.subList(i, args.size()), errors, warnings);
    }

    /** The Java operator's picocli: its options anywhere before {@code --}; other arguments are kept as they are. */
    private static OperatorArgs parsePicocli(String program, List<String> args, ChildDialect dialect) {
        List<Arg> head = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int i = 0;
        for (; i < args.size() && !args.get(i).equals("--"); i++) {
            String s = args.get(i);
            String body = s.startsWith("--") ? s.substring(2) : s.startsWith("-") ? s.substring(1) : "";
            int eq = body.indexOf('=');
            String name = eq >= 0 ? body.substring(0, eq) : body;
            if (name.isEmpty() || !dialect.defines(name)) {
                head.add(new Arg(null, null, List.of(s)));
                continue;
            }
            List<String> tokens = new ArrayList<>(List.of(s));
            String value = eq >= 0 ? body.substring(eq + 1) : null;
            if (value == null && dialect.isBool(name)) {
                boolean literal = i + 1 < args.size() && javaBool(args.get(i + 1)).isPresent();
                value = literal ? args.get(++i) : "true";
                if (literal) {
                    tokens.add(value);
                }
            } else if (value == null && i + 1 < args.size()) {
                value = args.get(++i);
                tokens.add(value);
            } else if (value == null) {
                value = "";
            }
            if (dialect.isBool(name) && javaBool(value).isEmpty()) {
                errors.add("operator argument \"" + s + "\": invalid boolean value for --" + name
                        + " (true or false)");
            }
            head.add(new Arg(name, value, tokens));
        }
        return new OperatorArgs(program, head, args.subList(i, args.size()), errors, List.of());
    }

    /** The value the child reads for {@code name} (the last occurrence wins, as in Go and picocli). */
    public Optional<String> value(String name) {
        String found = null;
        for (Arg a : head) {
            if (name.equals(a.name())) {
                found = a.value();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The bool the child reads for the flag {@code name}, when the arguments set it and the value is valid. */
    public Optional<Boolean> bool(String name, ChildDialect dialect) {
        return value(name).flatMap(dialect.syntax() == ChildDialect.Syntax.GO_FLAG
                ? OperatorArgs::goBool : OperatorArgs::javaBool);
    }

    /**
     * The command with {@code managed} flags set: each given flag is replaced where it stands (its first occurrence;
     * later ones are dropped), the others are added where the flag part ends, so never after a positional argument.
     *
     * @param rewrites receives one line per replaced argument
     */
    public List<String> withFlags(Map<String, String> managed, List<String> rewrites) {
        List<String> out = new ArrayList<>();
        out.add(program);
        Set<String> placed = new LinkedHashSet<>();
        for (Arg a : head) {
            String next = a.name() == null ? null : managed.get(a.name());
            if (next == null) {
                out.addAll(a.tokens());
                continue;
            }
            rewrites.add("--" + a.name() + " " + a.value() + " -> " + next);
            if (placed.add(a.name())) {
                out.add("--" + a.name() + "=" + next);
            }
        }
        managed.forEach((name, value) -> {
            if (!placed.contains(name)) {
                out.add("--" + name + "=" + value);
            }
        });
        out.addAll(rest);
        return out;
    }

    /** Go's {@code strconv.ParseBool}. */
    static Optional<Boolean> goBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(Boolean.TRUE);
            case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }

    private static Optional<Boolean> javaBool(String s) {
        return s.equalsIgnoreCase("true") ? Optional.of(Boolean.TRUE)
                : s.equalsIgnoreCase("false") ? Optional.of(Boolean.FALSE) : Optional.empty();
    }
}
