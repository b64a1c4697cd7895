package io.netmaker.agent.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChildReadyCheckTest {
    private HttpServer child;
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void startChild() throws Exception {
        child = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        child.createContext("/readyz", ex -> {
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        child.start();
    }

    @AfterEach
    void stopChild() {
        child.stop(0);
    }

    @Test
    void passesOn200AndFailsOtherwise() {
        ChildReadyCheck check = new ChildReadyCheck(() -> child.getAddress().getPort(), Duration.ofSeconds(2));
        assertThatCode(check::check).doesNotThrowAnyException();
        status.set(503);
        assertThatThrownBy(check::check).hasMessage("child readiness answered 503");
    }

    @Test
    void failsWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int closed = port;
        assertThatThrownBy(() -> new ChildReadyCheck(() -> closed, Duration.ofMillis(500)).check())
                .hasMessageStartingWith("child readiness endpoint unreachable");
    }
}
