package io.netmaker.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What of the container image can be checked without a container engine: the JVM options file, the entrypoint's
 * command line, the exec probe script against a real HTTP server, and that the image build stays out of
 * {@code make test}.
 */
class ImageScriptsTest {
    static final Path REPO = Kustomize.repoRoot();
    static final Path IMAGE = REPO.resolve("deploy/image");

    @TempDir
    Path tmp;
    private HttpServer server;

    @BeforeEach
    void agentHealthServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/readyz", ex -> respond(ex, 200));
        server.createContext("/healthz", ex -> respond(ex, 500));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int code) throws IOException {
        byte[] body = (code == 200 ? "ok" : "[-]operator failed: reason withheld").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @Test
    void jvmOptionsAreAcceptedByTheImagesRuntime() throws Exception {
        String java = io.netmaker.e2e.bench.Jdk25.java().orElse(null);
        io.netmaker.testing.Requires.that(java != null,
                "ImageScriptsTest: no JDK 25, the image's runtime (set JAVA25 or install one under /usr/lib/jvm)");
        Result r = run(List.of(java, "@" + IMAGE.resolve("jvm.options"), "-version"), Map.of());

        assertThat(r.code).as(r.output).isZero();
        assertThat(r.output).doesNotContainIgnoringCase("unrecognized").doesNotContainIgnoringCase("warning");
    }

    @Test
    void entrypointRunsTheAgentWithTheOperatorAsItsChild() throws Exception {
        Path app = appHome();
        Files.writeString(app.resolve("aot/agent.aot"), "cache");
        Path fakeJava = fakeJava();

        Result r = run(List.of("sh", IMAGE.resolve("bin/entrypoint").toString(), "--zap-devel"), Map.of(
                "APP_HOME", app.toString(), "JAVA", fakeJava.toString(), "JAVA_OPTS_OPERATOR", "-Xmx64m -Dx=y"));

        assertThat(r.code).as(r.output).isZero();
        assertThat(Files.readAllLines(tmp.resolve("argv"))).containsExactly(
                "@" + app + "/jvm.options", "-XX:AOTCache=" + app + "/aot/agent.aot",
                "-jar", app + "/agent.jar", "run", "--",
                fakeJava.toString(), "@" + app + "/jvm.options", "-Xmx64m", "-Dx=y",
                "-jar", app + "/operator.jar", "--zap-devel");
        assertThat(Files.readString(tmp.resolve("dialect")).trim()).isEqualTo("netmaker-java");
    }

    @Test
    void entrypointRunsAnOperatorBinaryWithTheGoDialectUnlessThePodChoseOne() throws Exception {
        Path app = appHome();
        Path fakeJava = fakeJava();
        Map<String, String> env = Map.of("APP_HOME", app.toString(), "JAVA", fakeJava.toString(),
                "APP_OPERATOR", "/manager");

        Result r = run(List.of("sh", IMAGE.resolve("bin/entrypoint").toString(), "--zap-devel"), env);

        assertThat(r.code).as(r.output).isZero();
        assertThat(Files.readAllLines(tmp.resolve("argv"))).containsExactly(
                "@" + app + "/jvm.options", "-jar", app + "/agent.jar", "run", "--", "/manager", "--zap-devel");
        assertThat(Files.readString(tmp.resolve("dialect")).trim()).isEqualTo("netmaker-go");

        Map<String, String> chosen = new java.util.HashMap<>(env);
        chosen.put("AGENT_CHILD_DIALECT", "kubebuilder");
        assertThat(run(List.of("sh", IMAGE.resolve("bin/entrypoint").toString()), chosen).code).isZero();
        assertThat(Files.readString(tmp.resolve("dialect")).trim()).isEqualTo("kubebuilder");
    }

    /** A {@code java} that records its arguments ({@code argv}) and the dialect it was given ({@code dialect}). */
    private Path fakeJava() throws IOException {
        return executable(tmp.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + tmp.resolve("argv")
                + "\necho \"${AGENT_CHILD_DIALECT:-unset}\" > " + tmp.resolve("dialect") + "\n");
    }

    @Test
    void probeSucceedsOnlyOnHttp200FromThePublishedHealthPort() throws Exception {
        Path state = Files.createDirectories(tmp.resolve("agent"));
        Map<String, String> env = Map.of("AGENT_STATE_DIR", state.toString(), "PROBE_HOST", "127.0.0.1");

        assertThat(probe("readyz", env).code).as("before the agent publishes ports.json").isEqualTo(1);

        Files.writeString(state.resolve("ports.json"), "{\"proxy\": 1, \"health\": " + port() + "}");
        assertThat(probe("readyz", env).code).isZero();
        Result failing = probe("healthz", env);
        assertThat(failing.code).isEqualTo(1);
        assertThat(failing.output).contains("returned 500");

        Files.writeString(state.resolve("ports.json"), "{\"proxy\":" + port() + "}");
        assertThat(probe("readyz", env).code).as("no health port").isEqualTo(1);

        Files.writeString(state.resolve("ports.json"), "{\"health\":" + port() + "}");
        server.stop(0);
        assertThat(probe("readyz", env).code).as("agent not listening").isEqualTo(1);
    }

    @Test
    void imageBuildIsNotInTheDefaultReactor() throws IOException {
        String rootPom = Files.readString(REPO.resolve("pom.xml"));

        assertThat(rootPom).doesNotContain("<module>deploy");
        assertThat(Files.readString(IMAGE.resolve("pom.xml"))).contains("<id>image</id>", "<goal>buildTar</goal>");
    }

    @Test
    void baseDeploysTheTagTheImageBuildProduces() throws IOException {
        // build.sh tags the image with the root pom's first <version>; deploy/base must ask for that tag.
        var version = Pattern.compile("(?m)^  <version>(.+)</version>$")
                .matcher(Files.readString(REPO.resolve("pom.xml")));
        assertThat(version.find()).isTrue();

        assertThat(Files.readString(REPO.resolve("deploy/base/kustomization.yaml")))
                .contains("newTag: " + version.group(1));
    }

    @Test
    void dockerfilesNeedNothingBuildKitOnlyAndCopyEveryModulesPomBeforeTheDependencyLayer() throws IOException {
        for (String name : List.of("Dockerfile", "Dockerfile.upstream")) {
            List<String> lines = Files.readAllLines(IMAGE.resolve(name));
            // a `# syntax=` line makes BuildKit pull a frontend image; the legacy builder cannot build the rest
            assertThat(lines).as(name).noneMatch(l -> l.startsWith("# syntax="));
            String instructions = String.join("\n", lines.stream().filter(l -> !l.startsWith("#")).toList());
            assertThat(instructions).as(name).doesNotContain("--mount=", "--chmod", "--link", "<<EOF");
        }
        String dockerfile = Files.readString(IMAGE.resolve("Dockerfile"));
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(REPO.resolve("pom.xml")));
        int dependencies = dockerfile.indexOf("dependency:go-offline");
        assertThat(dependencies).as("the dependency layer").isPositive();
        while (module.find()) {
            String copy = "COPY " + module.group(1) + "/pom.xml " + module.group(1) + "/";
            assertThat(dockerfile.indexOf(copy)).as(copy + " before the dependency layer").isBetween(0, dependencies);
        }
    }

    @Test
    void dockerfileAndJibBuildTheSameContainerLayout() throws IOException {
        String dockerfile = Files.readString(IMAGE.resolve("Dockerfile"));
        String jib = Files.readString(IMAGE.resolve("pom.xml"));

        assertThat(dockerfile).contains("ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/app/bin/entrypoint\"]",
                "USER 10001:10001", "AGENT_STATE_DIR=/tmp/agent", "/app/jvm.options", "eclipse-temurin:25-jre",
                "RUN /app/bin/aot-train");
        assertThat(jib).contains("<entrypoint>/usr/bin/tini,--,/app/bin/entrypoint</entrypoint>",
                "<user>10001:10001</user>", "<AGENT_STATE_DIR>/tmp/agent</AGENT_STATE_DIR>", "<into>/app/bin</into>",
                "<includes>jvm.options</includes>", "<includes>agent.jar</includes>", "<includes>operator.jar</includes>",
                "<image.base>eclipse-temurin:25-jre</image.base>");
    }

    @Test
    void upstreamImageTakesThePinnedManagerBesideTheAgent() throws Exception {
        String dockerfile = Files.readString(IMAGE.resolve("Dockerfile.upstream"));

        assertThat(dockerfile).contains("FROM ${UPSTREAM_OPERATOR_IMAGE} AS upstream", "COPY --from=upstream",
                "/manager /manager", "APP_OPERATOR=/manager", "AGENT_CHILD_DIALECT=netmaker-go");
        for (String unpinned : List.of("", "gravitl/netmaker-k8s-ops", "gravitl/netmaker-k8s-ops:latest",
                "gravitl/netmaker-k8s-ops@sha256:abc")) {
            Result r = run(List.of("bash", IMAGE.resolve("build.sh").toString(), "upstream"),
                    Map.of("UPSTREAM_OPERATOR_IMAGE", unpinned, "CONTAINER_ENGINE", "false"));
            assertThat(r.code).as("refused: '" + unpinned + "'").isEqualTo(2);
            assertThat(r.output).contains("UPSTREAM_OPERATOR_IMAGE", "must pin");
        }
    }

    private Path appHome() throws IOException {
        Path app = Files.createDirectories(tmp.resolve("app/aot"));
        Files.copy(IMAGE.resolve("jvm.options"), app.getParent().resolve("jvm.options"));
        return app.getParent();
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private Result probe(String endpoint, Map<String, String> env) throws Exception {
        return run(List.of("bash", IMAGE.resolve("bin/probe").toString(), endpoint), env);
    }

    private static Path executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    record Result(int code, String output) {}

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("POD_IP");
        pb.environment().remove("JAVA_OPTS_AGENT");
        pb.environment().remove("AGENT_CHILD_DIALECT");
        pb.environment().remove("APP_OPERATOR");
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("finished: " + command).isTrue();
            return new Result(p.exitValue(), out);
        } finally {
            p.destroyForcibly();
        }
    }
}
