package io.netmaker.operator.config;

import io.netmaker.golang.GoBool;
import io.netmaker.golang.GoDuration;
import io.netmaker.kubernetes.ServiceAccount;
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
    public static final Path SERVICE_ACCOUNT_NAMESPACE = ServiceAccount.NAMESPACE_FILE;

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final java.util.regex.Pattern IPV4 =
            java.util.regex.Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

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

        List<String> warnings = new ArrayList<>();
        String electionDefaultReason = null;
        boolean leaderElect;
        if (cmd.leaderElect != null) {
            leaderElect = convert(errors, "--leader-elect", cmd.leaderElect, GoBool::parse, false);
        } else {
            String enable = env.apply("ENABLE_LEADER_ELECTION");
            if (enable != null && !enable.isBlank()) {
                leaderElect = convert(errors, "ENABLE_LEADER_ELECTION", enable.trim(), OptionsParser::envBool, false);
                electionDefaultReason = "ENABLE_LEADER_ELECTION is " + enable.trim();
            } else {
                leaderElect = !isBlank(env.apply("POD_NAME"));
                electionDefaultReason = "POD_NAME is set";
            }
        }
        BindAddress probe = convert(errors, "--health-probe-bind-address", cmd.probeAddress, BindAddress::parse,
                BindAddress.OFF);
        BindAddress metrics = convert(errors, "--metrics-bind-address", cmd.metricsAddress, BindAddress::parse,
                BindAddress.OFF);
        String logLevel = kubebuilderFlags(cmd, metrics, errors, warnings);
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
        ApiProxyOptions apiProxy = apiProxy(errors, warnings);
        String namespace = firstNonBlank(cmd.leaderElectionNamespace, env.apply("POD_NAMESPACE"), readNamespaceFile());
        if (leaderElect && namespace == null) {
            errors.add("--leader-election-namespace is required when leader election is on"
                    + (electionDefaultReason == null ? "" : " (on by default because " + electionDefaultReason
                            + "; pass --leader-elect=false to turn it off)")
                    + ": set the flag or POD_NAMESPACE, or run in a pod with a service-account namespace file ("
                    + serviceAccountNamespaceFile + ")");
        }

        List<String> watchNamespaces = watchNamespaces(errors,
                firstNonBlank(env.apply("POD_NAMESPACE"), readNamespaceFile(), cmd.leaderElectionNamespace));
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
                timings, cmd.kubeconfig, identity, apiProxy, images, logLevel, watchNamespaces),
                List.copyOf(warnings));
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

    /**
     * The scaffold's other flags: {@code --metrics-secure} (true is refused: plain HTTP only), {@code --enable-http2}
     * (true only warns) and the zap flags (validated; only the level is used). Returns the slf4j level or null.
     */
    private static String kubebuilderFlags(OperatorCommand cmd, BindAddress metrics, List<String> errors,
            List<String> warnings) {
        if (cmd.metricsSecure != null && convert(errors, "--metrics-secure", cmd.metricsSecure, GoBool::parse, false)
                && metrics.enabled()) {
            errors.add("--metrics-secure=true is not supported: this operator serves /metrics over plain HTTP "
                    + "without authentication; pass --metrics-secure=false, or scrape the agent's /metrics instead");
        }
        if (convert(errors, "--enable-http2", cmd.enableHttp2, GoBool::parse, false)) {
            warnings.add("--enable-http2=true has no effect: the probe, metrics and API proxy servers speak HTTP/1.1 "
                    + "only");
        }
        validate(errors, "--zap-devel", cmd.zapDevel, GoBool::parse);
        validate(errors, "--zap-encoder", cmd.zapEncoder, ZapFlags::encoder);
        validate(errors, "--zap-stacktrace-level", cmd.zapStacktraceLevel, ZapFlags::stacktraceLevel);
        validate(errors, "--zap-time-encoding", cmd.zapTimeEncoding, ZapFlags::timeEncoding);
        return cmd.zapLogLevel == null ? null
                : convert(errors, "--zap-log-level", cmd.zapLogLevel, ZapFlags::logLevel, null);
    }

    /** {@code PROXY_PORT}, {@code PROXY_BIND_IP} (every-interface addresses are warned about), {@code IFACE_NAME},
     * {@code PROXY_MODE} and the impersonated identities. */
    private ApiProxyOptions apiProxy(List<String> errors, List<String> warnings) {
        String proxyPortText = env.apply("PROXY_PORT");
        int proxyPort = ApiProxyOptions.DEFAULT_PORT;
        if (!isBlank(proxyPortText)) {
            proxyPort = convert(errors, "PROXY_PORT", proxyPortText, OptionsParser::port, proxyPort);
        }
        String bindText = env.apply("PROXY_BIND_IP");
        String bindIp = isBlank(bindText) ? null
                : convert(errors, "PROXY_BIND_IP", bindText.trim(), OptionsParser::ipLiteral, null);
        ProxyMode mode = isBlank(env.apply("PROXY_MODE")) ? ProxyMode.DEFAULT
                : convert(errors, "PROXY_MODE", env.apply("PROXY_MODE"), ProxyMode::parse, ProxyMode.DEFAULT);
        if (bindIp != null && isAnyLocal(bindIp) && mode == ProxyMode.NOAUTH) {
            warnings.add("PROXY_BIND_IP=" + bindIp + " binds every interface: the API proxy, which uses the "
                    + "operator's credentials (PROXY_MODE=noauth), is reachable from outside the WireGuard network");
        } else if (bindIp != null && isAnyLocal(bindIp) && mode == ProxyMode.AUTH) {
            warnings.add("PROXY_BIND_IP=" + bindIp + " binds every interface: the API proxy is reachable from "
                    + "outside the WireGuard network");
        }
        return new ApiProxyOptions(proxyPort, bindIp,
                orDefault(env.apply("IFACE_NAME"), ApiProxyOptions.DEFAULT_INTERFACE), mode, identities(errors));
    }

    /** {@code PROXY_IMPERSONATE_USER}, {@code PROXY_IMPERSONATE_GROUPS} and the {@code PROXY_IDENTITY_MAP} file. */
    private ProxyIdentity.Mapping identities(List<String> errors) {
        String user = orDefault(env.apply("PROXY_IMPERSONATE_USER"), ProxyIdentity.DEFAULT_USER);
        String groupsText = env.apply("PROXY_IMPERSONATE_GROUPS");
        List<String> groups = groupsText == null ? ProxyIdentity.DEFAULT_GROUPS : ProxyIdentity.groupList(groupsText);
        ProxyIdentity fallback = new ProxyIdentity(user, groups);
        checkIdentity(errors, "PROXY_IMPERSONATE_USER/PROXY_IMPERSONATE_GROUPS", fallback);
        String mapFile = env.apply("PROXY_IDENTITY_MAP");
        if (isBlank(mapFile)) {
            return ProxyIdentity.Mapping.of(fallback);
        }
        java.util.Map<String, ProxyIdentity> byIp = new java.util.LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(mapFile.trim()));
        } catch (IOException | RuntimeException e) {
            errors.add("PROXY_IDENTITY_MAP: cannot read \"" + mapFile.trim() + "\" (" + e.getMessage() + ")");
            return ProxyIdentity.Mapping.of(fallback);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "PROXY_IDENTITY_MAP line " + (i + 1);
            String[] fields = line.split("\\s+");
            if (fields.length < 2 || fields.length > 3) {
                errors.add(where + ": expected \"PEER_IP USER [GROUP,GROUP...]\", got \"" + line + "\"");
                continue;
            }
            String ip = convert(errors, where, fields[0], OptionsParser::ipLiteral, null);
            ProxyIdentity identity = new ProxyIdentity(fields[1],
                    fields.length == 3 ? ProxyIdentity.groupList(fields[2]) : List.of());
            checkIdentity(errors, where, identity);
            if (ip != null && byIp.put(ip, identity) != null) {
                errors.add(where + ": peer " + ip + " is mapped twice");
            }
        }
        return new ProxyIdentity.Mapping(fallback, byIp);
    }

    /** system:masters bypasses RBAC altogether: never impersonated, whatever RBAC allows. */
    private static void checkIdentity(List<String> errors, String name, ProxyIdentity identity) {
        if (identity.user().isBlank()) {
            errors.add(name + ": the impersonated user must not be empty");
        }
        if (identity.groups().contains("system:masters")) {
            errors.add(name + ": group system:masters is refused (it bypasses RBAC); use a group bound to a "
                    + "narrow Role");
        }
    }

    /**
     * {@code WATCH_NAMESPACE}: unset = the operator's own namespace (null when unknown: the client's namespace), empty =
     * all namespaces (needs the watch-all-namespaces ClusterRole), else a comma-separated list.
     */
    private List<String> watchNamespaces(List<String> errors, String own) {
        String text = env.apply("WATCH_NAMESPACE");
        if (text == null) {
            return own == null ? null : List.of(own);
        }
        List<String> out = new ArrayList<>();
        for (String ns : text.split(",")) {
            String name = ns.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                errors.add("WATCH_NAMESPACE: invalid namespace \"" + name + "\" (use DNS-1123 labels separated by "
                        + "commas, or an empty value for all namespaces)");
            } else if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Checks a value that has no use here but must still be valid, as the Go operator would refuse it. */
    private static void validate(List<String> errors, String name, String text, Function<String, ?> parser) {
        if (text != null) {
            convert(errors, name, text, parser, null);
        }
    }

    /** Go's {@code strconv.ParseBool} forms plus the agent's {@code yes} and {@code no}. */
    /** The boolean grammar the agent reads too ({@link GoBool#setting}). */
    private static boolean envBool(String text) {
        return GoBool.setting(text).orElseThrow(() -> new IllegalArgumentException("invalid boolean \"" + text
                + "\" (use " + GoBool.SETTING_FORMS + ")"));
    }

    /** An IPv4 or IPv6 literal (never a host name: no DNS lookup at start-up), in its canonical form. */
    private static String ipLiteral(String text) {
        boolean v6 = text.contains(":") && text.matches("[0-9A-Fa-f:.%\\w]+");
        if (IPV4.matcher(text).matches() || v6) {
            try {
                return InetAddress.getByName(text).getHostAddress();
            } catch (IOException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("invalid IP address \"" + text
                + "\" (use an IPv4 or IPv6 address, e.g. 10.101.0.5)");
    }

    private static boolean isAnyLocal(String ip) {
        try {
            return InetAddress.getByName(ip).isAnyLocalAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
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
