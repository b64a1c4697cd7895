package io.netmaker.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FlipSidecarCommandTest {
    private static final String NS = "netmaker-sandbox";

    @TempDir
    Path dir;
    private ApiServer api;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void start() {
        api = ApiServer.start(dir, 0, NS);
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(originalErr);
        api.close();
    }

    private int flip(String... args) {
        return new CommandLine(new SandboxMain()).execute(args);
    }

    @Test
    void aMissingPodIsOneLineNamingThePodsThereAreAndExit2() {
        new PodKubelet(api.client(), NS).createRunning("p-0", "127.0.0.1");
        assertThat(flip("flip-sidecar", "--kubeconfig", api.kubeconfig().toString(), "nosuchpod")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("flip-sidecar: no pod netmaker-sandbox/nosuchpod (pods: p-0)\n");
    }

    @Test
    void aMissingKubeconfigIsOneLineAndExit2() {
        assertThat(flip("flip-sidecar", "--kubeconfig", dir.resolve("nothing").toString(), "p-0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("flip-sidecar: no kubeconfig at ").hasLineCount(1);
    }

    @Test
    void anExistingPodIsToggled() {
        PodKubelet kubelet = new PodKubelet(api.client(), NS);
        kubelet.createRunning("p-0", "127.0.0.1");
        assertThat(flip("flip-sidecar", "--kubeconfig", api.kubeconfig().toString(), "p-0")).isZero();
        assertThat(kubelet.sidecarReady("p-0")).isFalse();
    }
}
