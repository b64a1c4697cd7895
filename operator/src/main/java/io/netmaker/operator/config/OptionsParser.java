package io.netmaker.operator.config;

import static io.netmaker.operator.config.OperatorSettings.ENABLE_HTTP2;
import static io.netmaker.operator.config.OperatorSettings.HEALTH_PROBE_PORT;
import static io.netmaker.operator.config.OperatorSettings.IFACE_NAME;
import static io.netmaker.operator.config.OperatorSettings.KUBECONFIG;
import static io.netmaker.operator.config.OperatorSettings.LEADER_ELECT;
import static io.netmaker.operator.config.OperatorSettings.LEADER_ELECTION_ID;
import static io.netmaker.operator.config.OperatorSettings.LEADER_ELECTION_NAMESPACE;
import static io.netmaker.operator.config.OperatorSettings.LEASE_DURATION;
import static io.netmaker.operator.config.OperatorSettings.METRICS_ADDRESS;
import static io.netmaker.operator.config.OperatorSettings.METRICS_SECURE;
import static io.netmaker.operator.config.OperatorSettings.NETCLIENT_IMAGE;
import static io.netmaker.operator.config.OperatorSettings.POD_NAME;
import static io.netmaker.operator.config.OperatorSettings.PROBE_ADDRESS;
import static io.netmaker.operator.config.OperatorSettings.PROXY_BIND_IP;
import static io.netmaker.operator.config.OperatorSettings.PROXY_IDENTITY_MAP;
import static io.netmaker.operator.config.OperatorSettings.PROXY_IMAGE;
import static io.netmaker.operator.config.OperatorSettings.PROXY_IMPERSONATE_GROUPS;
import static io.netmaker.operator.config.OperatorSettings.PROXY_IMPERSONATE_USER;
import static io.netmaker.operator.config.OperatorSettings.PROXY_MODE;
import static io.netmaker.operator.config.OperatorSettings.PROXY_PORT;
import static io.netmaker.operator.config.OperatorSettings.RENEW_DEADLINE;
import static io.netmaker.operator.config.OperatorSettings.RETRY_PERIOD;
import static io.netmaker.operator.config.OperatorSettings.WATCH_NAMESPACE;
import static io.netmaker.operator.config.OperatorSettings.ZAP_DEVEL;
import static io.netmaker.operator.config.OperatorSettings.ZAP_ENCODER;
import static io.netmaker.operator.config.OperatorSettings.ZAP_LOG_LEVEL;
import static io.netmaker.operator.config.OperatorSettings.ZAP_STACKTRACE_LEVEL;
import static io.netmaker.operator.config.OperatorSettings.ZAP_TIME_ENCODING;

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
import picocli.CommandLine.Model.CommandSpec;

/**
 * Turns argv and environment into {@link OperatorOptions}; pure apart from the injected lookups. Every name and
 * default comes from {@link OperatorSettings}; a default is parsed with the same grammar as a given value.
 */
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
        return new CommandLine(OperatorCommand.spec()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    public ParseResult parse(String... args) {
        CommandSpec spec = OperatorCommand.spec();
        CommandLine cli = new CommandLine(spec).setUnmatchedArgumentsAllowed(true).setOverwrittenOptionsAllowed(true);
        List<String> errors = new ArrayList<>();
        try {
            cli.parseArgs(goStyle(args));
        } catch (CommandLine.ParameterException e) {
            return new ParseResult.Invalid(List.of(e.getMessage()), usage());
        }
        if (cli.isUsageHelpRequested()) {
            return new ParseResult.Help(usage());
        }
        for (String unmatched : cli.getUnmatchedArguments()) {
            errors.add(unmatched.startsWith("-")
                    ? "unknown flag: " + unmatched
                    : "unexpected argument: " + unmatched + " (the operator takes flags only)");
        }
        Flags flags = new Flags(spec);

        List<String> warnings = new ArrayList<>();
        String electionDefaultReason = null;
        boolean leaderElect;
        if (flags.text(LEADER_ELECT) != null) {
            leaderElect = flags.convert(errors, LEADER_ELECT, GoBool::parse, false);
        } else {
            String enable = env(LEADER_ELECT);
            if (enable != null && !enable.isBlank()) {
                leaderElect = convert(errors, LEADER_ELECT.env(), enable.trim(), OptionsParser::envBool, false);
                electionDefaultReason = LEADER_ELECT.env() + " is " + enable.trim();
            } else {
                leaderElect = !isBlank(env(POD_NAME));
                electionDefaultReason = POD_NAME.env() + " is set";
            }
        }
        BindAddress probe = flags.convert(errors, PROBE_ADDRESS, BindAddress::parse, BindAddress.OFF);
        BindAddress metrics = flags.convert(errors, METRICS_ADDRESS, BindAddress::parse, BindAddress.OFF);
        String logLevel = kubebuilderFlags(flags, metrics, errors, warnings);
        Duration lease = flags.convert(errors, LEASE_DURATION, GoDuration::parse, null);
        Duration renew = flags.convert(errors, RENEW_DEADLINE, GoDuration::parse, null);
        Duration retry = flags.convert(errors, RETRY_PERIOD, GoDuration::parse, null);
        ElectionTimings timings = null;
        if (lease != null && renew != null && retry != null) {
            timings = new ElectionTimings(lease, renew, retry);
            if (leaderElect) {
                errors.addAll(timings.violations());
            }
        }
        String leaderElectionId = flags.text(LEADER_ELECTION_ID);
        if (leaderElectionId.isBlank()) {
            errors.add(LEADER_ELECTION_ID.flag().name() + " must not be empty");
        }

        String probePort = env(HEALTH_PROBE_PORT);
        if (probePort != null && !probePort.isBlank()) {
            Integer port = convert(errors, HEALTH_PROBE_PORT.env(), probePort, OptionsParser::port, null);
            if (port != null) {
                probe = (probe.enabled() ? probe : BindAddress.OFF).withPort(port);
            }
        }
        ApiProxyOptions apiProxy = apiProxy(errors, warnings);
        String namespaceFlag = flags.text(LEADER_ELECTION_NAMESPACE);
        String namespace = firstNonBlank(namespaceFlag, env(LEADER_ELECTION_NAMESPACE), readNamespaceFile());
        if (leaderElect && namespace == null) {
            errors.add(LEADER_ELECTION_NAMESPACE.flag().name() + " is required when leader election is on"
                    + (electionDefaultReason == null ? "" : " (on by default because " + electionDefaultReason
                            + "; pass " + LEADER_ELECT.flag().name() + "=false to turn it off)")
                    + ": set the flag or " + LEADER_ELECTION_NAMESPACE.env() + ", or run in a pod with a "
                    + "service-account namespace file (" + serviceAccountNamespaceFile + ")");
        }

        List<String> watchNamespaces = watchNamespaces(errors,
                firstNonBlank(env(LEADER_ELECTION_NAMESPACE), readNamespaceFile(), namespaceFlag));
        if (!errors.isEmpty()) {
            return new ParseResult.Invalid(List.copyOf(errors), usage());
        }
        String identity = firstNonBlank(env(POD_NAME), null, null);
        if (identity == null) {
            identity = hostname.get() + "_" + UUID.randomUUID();
        }
        OperatorOptions.ProxyImages images = new OperatorOptions.ProxyImages(envOrDefault(NETCLIENT_IMAGE).trim(),
                envOrDefault(PROXY_IMAGE).trim());
        return new ParseResult.Run(new OperatorOptions(leaderElect, probe, metrics, leaderElectionId, namespace,
                timings, flags.text(KUBECONFIG), identity, apiProxy, images, logLevel, watchNamespaces),
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
     * The flags after picocli split the command line: each one's text is the last one given, else the table's
     * default (null where the parser works the default out).
     */
    private record Flags(CommandSpec spec) {
        String text(OperatorSetting setting) {
            return spec.findOption(setting.flag().name()).getValue();
        }

        <T> T convert(List<String> errors, OperatorSetting setting, Function<String, T> parser, T fallback) {
            return OptionsParser.convert(errors, setting.flag().name(), text(setting), parser, fallback);
        }
    }

    /**
     * The scaffold's other flags: {@code --metrics-secure} (true is refused: plain HTTP only), {@code --enable-http2}
     * (true only warns) and the zap flags (validated; only the level is used). Returns the slf4j level or null.
     */
    private static String kubebuilderFlags(Flags flags, BindAddress metrics, List<String> errors,
            List<String> warnings) {
        if (flags.text(METRICS_SECURE) != null && flags.convert(errors, METRICS_SECURE, GoBool::parse, false)
                && metrics.enabled()) {
            errors.add("--metrics-secure=true is not supported: this operator serves /metrics over plain HTTP "
                    + "without authentication; pass --metrics-secure=false, or scrape the agent's /metrics instead");
        }
        if (flags.convert(errors, ENABLE_HTTP2, GoBool::parse, false)) {
            warnings.add("--enable-http2=true has no effect: the probe, metrics and API proxy servers speak HTTP/1.1 "
                    + "only");
        }
        validate(errors, flags, ZAP_DEVEL, GoBool::parse);
        validate(errors, flags, ZAP_ENCODER, ZapFlags::encoder);
        validate(errors, flags, ZAP_STACKTRACE_LEVEL, ZapFlags::stacktraceLevel);
        validate(errors, flags, ZAP_TIME_ENCODING, ZapFlags::timeEncoding);
        return flags.text(ZAP_LOG_LEVEL) == null ? null
                : flags.convert(errors, ZAP_LOG_LEVEL, ZapFlags::logLevel, null);
    }

    /** {@code PROXY_PORT}, {@code PROXY_BIND_IP} (every-interface addresses are warned about), {@code IFACE_NAME},
     * {@code PROXY_MODE} and the impersonated identities. */
    private ApiProxyOptions apiProxy(List<String> errors, List<String> warnings) {
        int proxyPort = convert(errors, PROXY_PORT.env(), envOrDefault(PROXY_PORT), OptionsParser::port, 0);
        String bindText = env(PROXY_BIND_IP);
        String bindIp = isBlank(bindText) ? null
                : convert(errors, PROXY_BIND_IP.env(), bindText.trim(), OptionsParser::ipLiteral, null);
        ProxyMode mode = convert(errors, PROXY_MODE.env(), envOrDefault(PROXY_MODE), ProxyMode::parse, null);
        if (bindIp != null && isAnyLocal(bindIp) && mode == ProxyMode.NOAUTH) {
            warnings.add("PROXY_BIND_IP=" + bindIp + " binds every interface: the API proxy, which uses the "
                    + "operator's credentials (PROXY_MODE=noauth), is reachable from outside the WireGuard network");
        } else if (bindIp != null && isAnyLocal(bindIp) && mode == ProxyMode.AUTH) {
            warnings.add("PROXY_BIND_IP=" + bindIp + " binds every interface: the API proxy is reachable from "
                    + "outside the WireGuard network");
        }
        return new ApiProxyOptions(proxyPort, bindIp, envOrDefault(IFACE_NAME).trim(), mode, identities(errors));
    }

    /** {@code PROXY_IMPERSONATE_USER}, {@code PROXY_IMPERSONATE_GROUPS} and the {@code PROXY_IDENTITY_MAP} file. */
    private ProxyIdentity.Mapping identities(List<String> errors) {
        String user = envOrDefault(PROXY_IMPERSONATE_USER).trim();
        String groupsText = env(PROXY_IMPERSONATE_GROUPS);
        // unset: the default groups; empty: none
        List<String> groups = ProxyIdentity.groupList(
                groupsText == null ? PROXY_IMPERSONATE_GROUPS.byDefault().value() : groupsText);
        ProxyIdentity fallback = new ProxyIdentity(user, groups);
        checkIdentity(errors, PROXY_IMPERSONATE_USER.env() + "/" + PROXY_IMPERSONATE_GROUPS.env(), fallback);
        String mapFile = env(PROXY_IDENTITY_MAP);
        if (isBlank(mapFile)) {
            return ProxyIdentity.Mapping.of(fallback);
        }
        java.util.Map<String, ProxyIdentity> byIp = new java.util.LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(mapFile.trim()));
        } catch (IOException | RuntimeException e) {
            errors.add(PROXY_IDENTITY_MAP.env() + ": cannot read \"" + mapFile.trim() + "\" (" + e.getMessage() + ")");
            return ProxyIdentity.Mapping.of(fallback);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = PROXY_IDENTITY_MAP.env() + " line " + (i + 1);
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
        String text = env(WATCH_NAMESPACE);
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
                errors.add(WATCH_NAMESPACE.env() + ": invalid namespace \"" + name + "\" (use DNS-1123 labels separated by "
                        + "commas, or an empty value for all namespaces)");
            } else if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Checks a value that has no use here but must still be valid, as the Go operator would refuse it. */
    private static void validate(List<String> errors, Flags flags, OperatorSetting setting,
            Function<String, ?> parser) {
        if (flags.text(setting) != null) {
            flags.convert(errors, setting, parser, null);
        }
    }

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

    private String env(OperatorSetting setting) {
        return env.apply(setting.env());
    }

    /** The variable's text, or the table's default when it is unset or blank. */
    private String envOrDefault(OperatorSetting setting) {
        String text = env(setting);
        return isBlank(text) ? setting.byDefault().value() : text;
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "operator";
        }
    }
}
