package io.netmaker.healthz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {
    private final AtomicBoolean sidecarUp = new AtomicBoolean(true);
    private final HealthChecks readiness = new HealthChecks()
            .add("ping", Checker.PING)
            .add("sidecar", () -> {
                if (!sidecarUp.get()) {
                    throw new IllegalStateException("container netclient not ready");
                }
            });

    private Javalin app() {
        return Javalin.create(cfg -> {
            new HealthEndpoint("/readyz", readiness).install(cfg.routes);
            new HealthEndpoint("/healthz", new HealthChecks()).install(cfg.routes);
        });
    }

    @Test
    void passingChecksAnswerOk() {
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/readyz");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("ok");
            assertThat(response.headers().get("Content-Type")).containsExactly("text/plain;charset=utf-8");
        });
    }

    @Test
    void verboseListsEveryCheck() {
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/readyz?verbose");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string())
                    .isEqualTo("[+]ping ok\n[+]sidecar ok\nhealthz check passed\n");
        });
    }

    @Test
    void failureWithholdsTheReasonInTheAggregate() {
        sidecarUp.set(false);
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/readyz");
            assertThat(response.code()).isEqualTo(500);
            String body = response.body().string();
            assertThat(body).isEqualTo("[+]ping ok\n[-]sidecar failed: reason withheld\nhealthz check failed\n");
            assertThat(body).doesNotContain("netclient");
        });
    }

    @Test
    void excludedChecksAreSkippedAndUnknownExcludesWarned() {
        sidecarUp.set(false);
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/readyz?verbose&exclude=sidecar&exclude=nope");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("[+]ping ok\n[+]sidecar excluded: ok\n"
                    + "warn: some health checks cannot be excluded: no matches for \"nope\"\nhealthz check passed\n");
        });
    }

    @Test
    void singleCheckPathNamesTheError() {
        sidecarUp.set(false);
        JavalinTest.test(app(), (server, client) -> {
            var failed = client.get("/readyz/sidecar");
            assertThat(failed.code()).isEqualTo(500);
            assertThat(failed.body().string()).isEqualTo("internal server error: container netclient not ready\n");
            var ok = client.get("/readyz/ping");
            assertThat(ok.code()).isEqualTo(200);
            assertThat(ok.body().string()).isEqualTo("ok");
            assertThat(client.get("/readyz/unknown").code()).isEqualTo(404);
        });
    }

    @Test
    void emptySetAnswersWithPing() {
        JavalinTest.test(app(), (server, client) -> {
            assertThat(client.get("/healthz?verbose").body().string()).isEqualTo("[+]ping ok\nhealthz check passed\n");
            assertThat(client.get("/healthz/ping").code()).isEqualTo(200);
        });
    }

    @Test
    void rejectsDuplicateAndMalformedNames() {
        assertThatThrownBy(() -> readiness.add("ping", Checker.PING)).hasMessageContaining("already registered");
        assertThatThrownBy(() -> readiness.add("Bad Name", Checker.PING)).hasMessageContaining("must match");
    }
}
