package io.netmaker.operator.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Turns argv and environment into {@link OperatorOptions}; pure apart from the injected lookups. */
public final class OptionsParser {
    public static final Path SERVICE_ACCOUNT_NAMESPACE =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private final Function<String, String> env;
    private final Path serviceAccountNamespaceFile;
    private final Supplier<String> hostname;

    public OptionsParser(Function<String, String> env, Path serviceAccountNamespaceFile, Supplier<String> hostname) {
        this.env = env;
        this.serviceAccountNamespaceFile = serviceAccountNamespaceFile;
        this.hostname = hostname;
    }

    /** The parser for the real process: System.getenv, the service-account file, the local host name. */
    public static OptionsParser forProcess() {
        return new OptionsParser(System::getenv, SERVICE_ACCOUNT_NAMESPACE, OptionsParser::localHostname);
    }

    public static String usage() {
        return new CommandLine(new OperatorCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    public ParseResult parse(String... args) {
        OperatorCommand cmd = new OperatorCommand();
        CommandLine cli = new CommandLine(cmd).setUnmatchedArgumentsAllowed(true).setOverwrittenOptionsAllowed(true);
        List<String> errors = new ArrayList<>();
        try {
            cli.parseArgs(goStyle(args));
        } catch (CommandLine.ParameterException e) {
            return new ParseResult.Invalid(List.of(e.getMessage()), usage());
        }
        if (cmd.help) {
            return new ParseResult.Help(usage());
        }
        for (String unmatched : cli.getUnmatchedArguments()) {
            errors.add(unmatched.startsWith("-")
                    ? "unknown flag: " + unmatched
                    : "unexpected argument: " + unmatched + " (the operator takes flags only)");
        }

        boolean leaderElect = convert(errors, "--leader-elect", cmd.leaderElect, GoBool::parse, false);
        BindAddress probe = convert(errors, "--health-probe-bind-address", cmd.probeAddress, BindAddress::parse,
                BindAddress.OFF);
        BindAddress metrics = convert(errors, "--metrics-bind-address", cmd.metricsAddress, BindAddress::parse,
                BindAddress.OFF);
        Duration lease = convert(errors, "--lease-duration", cmd.leaseDuration, GoDuration::parse, null);
        Duration renew = convert(errors, "--renew-deadline", cmd.renewDeadline, GoDuration::parse, null);
        Duration retry = convert(errors, "--retry-period", cmd.retryPeriod, GoDuration::parse, null);
        ElectionTimings timings = null;
        if (lease != null && renew != null && retry != null) {
            timings = new ElectionTimings(lease, renew, retry);
            if (leaderElect) {
                errors.addAll(timings.violations());
            }
        }
        if (cmd.leaderElectionId.isBlank()) {
            errors.add("--leader-election-id must not be empty");
        }

        String probePort = env.apply("HEALTH_PROBE_PORT");
        if (probePort != null && !probePort.isBlank()) {
            Integer port = convert(errors, "HEALTH_PROBE_PORT", probePort, OptionsParser::port, null);
            if (port != null) {
                probe = (probe.enabled() ? probe : BindAddress.OFF).withPort(port);
            }
        }
        String proxyPortText = env.apply("PROXY_PORT");
        int proxyPort = 8085;
        if (proxyPortText != null && !proxyPortText.isBlank()) {
            proxyPort = convert(errors, "PROXY_PORT", proxyPortText, OptionsParser::port, 8085);
        }

        String namespace = firstNonBlank(cmd.leaderElectionNamespace, env.apply("POD_NAMESPACE"), readNamespaceFile());
        if (leaderElect && namespace == null) {
            errors.add("--leader-election-namespace is required when leader election is on: set the flag or "
                    + "POD_NAMESPACE, or run in a pod with a service-account namespace file ("
                    + serviceAccountNamespaceFile + ")");
        }

        if (!errors.isEmpty()) {
            return new ParseResult.Invalid(List.copyOf(errors), usage());
        }
        String identity = firstNonBlank(env.apply("POD_NAME"), null, null);
        if (identity == null) {
            identity = hostname.get() + "_" + UUID.randomUUID();
        }
        OperatorOptions.ProxyImages images = new OperatorOptions.ProxyImages(
                orDefault(env.apply("NETCLIENT_IMAGE"), OperatorOptions.ProxyImages.DEFAULT_NETCLIENT_IMAGE),
                orDefault(env.apply("PROXY_IMAGE"), OperatorOptions.ProxyImages.DEFAULT_PROXY_IMAGE));
        return new ParseResult.Run(new OperatorOptions(leaderElect, probe, metrics, cmd.leaderElectionId, namespace,
                timings, cmd.kubeconfig, identity, proxyPort, images));
    }

    /** Go's flag package takes {@code -flag} like {@code --flag}; picocli gets the double-dash form. */
    static String[] goStyle(String[] args) {
        String[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i].equals("--")) {
                break;
            }
            if (out[i].length() > 2 && out[i].charAt(0) == '-' && out[i].charAt(1) != '-') {
                out[i] = "-" + out[i];
            }
        }
        return out;
    }

    private static <T> T convert(List<String> errors, String name, String text, Function<String, T> parser,
            T fallback) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            errors.add(name + ": " + e.getMessage());
            return fallback;
        }
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("invalid port \"" + text + "\" (use 1-65535)");
    }

    private String readNamespaceFile() {
        try {
            return Files.isReadable(serviceAccountNamespaceFile)
                    ? Files.readString(serviceAccountNamespaceFile).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String firstNonBlank(String a, String b, String c) {
        for (String s : new String[] {a, b, c}) {
            if (s != null && !s.isBlank()) {
                return s.trim();
            }
        }
        return null;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "operator";
        }
    }
}
