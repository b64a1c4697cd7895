package io.netmaker.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.netmaker.agent.child.ChildProbe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChildReadyCheckTest {
    private HttpServer child;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private final AtomicLong now = new AtomicLong();

    @BeforeEach
    void startChild() throws Exception {
        child = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        child.setExecutor(Executors.newCachedThreadPool());
        child.createContext("/readyz", ex -> {
            asked.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                hold.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        child.start();
    }

    @AfterEach
    void stopChild() {
        hold.countDown();
        child.stop(0);
    }

    private ChildReadyCheck check() {
        return new ChildReadyCheck(new ChildProbe(() -> child.getAddress().getPort(), "/readyz", Duration.ofSeconds(20)),
                now::get, Duration.ofSeconds(1));
    }

    @Test
    void passesOn200AndFailsOtherwise() {
        ChildReadyCheck check = check();
        assertThatCode(check::check).doesNotThrowAnyException();
        status.set(503);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThatThrownBy(check::check).hasMessage("child /readyz answered 503");
    }

    @Test
    void reusesAnAnswerForUpToOneSecond() throws Exception {
        ChildReadyCheck check = check();
        check.check();
        status.set(503);
        now.addAndGet(Duration.ofMillis(999).toNanos());
        check.check(); // still the answer from 999 ms ago
        assertThat(asked).hasValue(1);
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThatThrownBy(check::check).hasMessage("child /readyz answered 503");
        assertThat(asked).hasValue(2);
    }

    @Test
    void oneCallerAtATimeAsksTheChild() throws Exception {
        ChildReadyCheck check = check();
        hold = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> assertThatCode(check::check).doesNotThrowAnyException());
            t.start();
            callers.add(t);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() == 1);
        hold.countDown();
        for (Thread t : callers) {
            t.join(20_000);
        }
        // the callers that waited got the answer the first one fetched
        assertThat(asked).hasValue(1);
        assertThat(maxInFlight).hasValue(1);
    }

    @Test
    void failsWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int closed = port;
        assertThatThrownBy(() -> new ChildReadyCheck(() -> closed, Duration.ofMillis(500)).check())
                .hasMessageStartingWith("child /readyz unreachable");
    }
}
