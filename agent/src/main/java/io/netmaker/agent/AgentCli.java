package io.netmaker.agent;

import io.netmaker.agent.child.ExitCodes;
import io.netmaker.agent.config.AgentConfig;
import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.config.Setting;
import io.netmaker.agent.config.Settings;
import io.netmaker.agent.http.Json;
import io.netmaker.agent.ports.BindingPortCheck;
import io.netmaker.agent.ports.PortPlan;
import io.netmaker.agent.ports.PortPlanException;
import io.netmaker.agent.ports.PortPlanner;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code agent run [options] -- <operator command>}, {@code agent plan [--output json]}, {@code agent version}.
 * Options are built from {@link Settings#ALL}, so every variable with a flag has the same flag in run and plan.
 */
public final class AgentCli {
    private static final Logger LOG = LoggerFactory.getLogger(AgentCli.class);

    private final Function<String, String> env;
    private final Collection<String> envNames;
    private final PrintStream out;
    private final PrintStream err;
    private final Path namespaceFile;
    private final Supplier<String> hostname;

    /**
     * @param namespaceFile the service-account namespace file
     * @param hostname this host's name (read only when the configuration needs it)
     */
    public AgentCli(Function<String, String> env, Collection<String> envNames, PrintStream out, PrintStream err,
            Path namespaceFile, Supplier<String> hostname) {
        this.env = env;
        this.envNames = envNames;
        this.out = out;
        this.err = err;
        this.namespaceFile = namespaceFile;
        this.hostname = hostname;
    }

    public static String version() {
        String v = AgentCli.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** A parsed command line: the subcommand, the flag values by variable, the operator command, plan's output. */
    private record Invocation(String command, Map<String, EnvReader.FlagValue> flags, List<String> operator,
            String output) {}

    public int execute(String... args) {
        Invocation inv;
        if (args.length >= 2 && args[0].equals("run") && args[1].equals("--")) {
            // The container's usual form (no options; settings from env): skip building picocli's model, which
            // costs tens of milliseconds of class loading before the child can start. Same result as picocli's.
            inv = new Invocation("run", Map.of(), List.of(args).subList(2, args.length), "text");
        } else {
            CommandLine cli = new CommandLine(commandSpec());
            cli.setExpandAtFiles(false); // an operator argument like @config is not ours to expand
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            ParseResult parsed;
            try {
                parsed = cli.parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                err.println("agent: " + e.getMessage());
                err.println("run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage");
                return ExitCodes.CONFIG_ERROR;
            }
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
            ParseResult sub = parsed.subcommand();
            if (sub == null) {
                cli.usage(err);
                return ExitCodes.CONFIG_ERROR;
            }
            List<String> operator = sub.matchedPositionals().isEmpty() ? List.of()
                    : List.copyOf(sub.matchedPositionals().get(0).<List<String>>getValue());
            inv = new Invocation(sub.commandSpec().name(), flagValues(sub), operator,
                    sub.commandSpec().name().equals("plan") ? sub.matchedOptionValue("--output", "text") : "text");
        }
        if (inv.command().equals("version")) {
            out.println("agent " + version());
            return 0;
        }
        List<String> errors = new ArrayList<>();
        EnvReader reader = new EnvReader(env, inv.flags(), errors);
        Configuration config = Configuration.parse(reader, namespaceFile, inv.operator(), hostname.get());
        if (inv.command().equals("run") && inv.operator().isEmpty()) {
            errors.add("no operator command: use agent run [options] -- <operator command and args>");
        }
        if (inv.command().equals("plan") && !List.of("text", "json").contains(inv.output())) {
            errors.add("invalid --output=\"" + inv.output() + "\": must be text or json");
        }
        if (!errors.isEmpty()) {
            err.println("agent: configuration error" + (errors.size() > 1 ? "s (" + errors.size() + ")" : "")
                    + ", nothing was started:");
            errors.forEach(e -> err.println("  " + e));
            return ExitCodes.CONFIG_ERROR;
        }
        reader.unknownAgentVariables(envNames)
                .forEach(v -> LOG.warn("unknown variable ignored name={} did_you_mean={}", v,
                        reader.closestReadName(v).orElse("(none close; see README)")));
        return inv.command().equals("plan") ? plan(config, inv.output()) : run(config);
    }

    private int run(Configuration config) {
        config.core().operator().warnings()
                .forEach(w -> LOG.warn("operator argument not of the dialect detail=\"{}\"", w));
        Agent agent = Agent.builder(config).version(version()).build();
        Signals.install(agent);
        try {
            return agent.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 128 + ExitCodes.SIGTERM;
        }
    }

    private int plan(Configuration configuration, String output) {
        AgentConfig config = configuration.core();
        PortPlan ports;
        try (BindingPortCheck check = new BindingPortCheck()) {
            ports = new PortPlanner(config.ports(), check, BindingPortCheck::freeLoopbackPort).plan();
        } catch (PortPlanException e) {
            err.println("agent: port plan failed: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        }
        AgentPlan plan = AgentPlan.of(config, ports);
        out.print(output.equals("json") ? Json.pretty(plan.view(ports.conflicts())) + "\n" : plan.text());
        return 0;
    }

    private static Map<String, EnvReader.FlagValue> flagValues(ParseResult sub) {
        Map<String, EnvReader.FlagValue> flags = new LinkedHashMap<>();
        for (Setting s : Settings.ALL) {
            if (s.flag() != null && sub.hasMatchedOption(s.flag())) {
                flags.put(s.env(), new EnvReader.FlagValue(s.flag(), sub.matchedOptionValue(s.flag(), "")));
            }
        }
        return flags;
    }

    static CommandSpec commandSpec() {
        CommandSpec root = withHelp(CommandSpec.create().name("agent")).version("agent " + version());
        root.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("print the version")
                .build());
        root.usageMessage().description("Plans the pod's ports, runs the operator as a child and serves its probes.");
        CommandSpec run = settingsCommand("run",
                "Plan ports, serve /healthz /readyz /metrics /status and supervise the operator command.");
        run.addPositional(PositionalParamSpec.builder().paramLabel("-- <operator command>").arity("0..*")
                .type(List.class).auxiliaryTypes(String.class).description("the operator command and its args")
                .build());
        CommandSpec plan = settingsCommand("plan",
                "Print the resolved plan (ports with sources, election, child argv and env changes); starts nothing.");
        plan.addOption(OptionSpec.builder("--output", "-o").paramLabel("text|json").type(String.class)
                .completionCandidates(List.of("text", "json")).description("output format (default: text)")
                .build());
        plan.addPositional(PositionalParamSpec.builder().paramLabel("-- <operator command>").arity("0..*")
                .type(List.class).auxiliaryTypes(String.class).description("optional operator command to show")
                .build());
        CommandSpec version = withHelp(CommandSpec.create().name("version"));
        version.usageMessage().description("Print the agent's version.");
        root.addSubcommand("run", run);
        root.addSubcommand("plan", plan);
        root.addSubcommand("version", version);
        return root;
    }

    /** Adds -h/--help by hand: picocli's standard mixin is read through annotations, which costs start-up time. */
    private static CommandSpec withHelp(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help").build());
        return spec;
    }

    private static CommandSpec settingsCommand(String name, String description) {
        CommandSpec spec = withHelp(CommandSpec.create().name(name));
        spec.usageMessage().description(description);
        for (Setting s : Settings.ALL) {
            if (s.flag() != null) {
                spec.addOption(OptionSpec.builder(s.flag()).paramLabel("<value>").type(String.class)
                        .description(s.meaning() + " (env " + s.env() + ", default " + s.defaultText() + ")")
                        .build());
            }
        }
        return spec;
    }
}
