package io.netmaker.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    @Test
    void backoffDoublesPerFailureUpToTheCap() {
        try (WorkQueue q = new WorkQueue("t", k -> true, Duration.ofMillis(100), Duration.ofSeconds(1))) {
            assertThat(q.backoff(1)).isEqualTo(Duration.ofMillis(100));
            assertThat(q.backoff(2)).isEqualTo(Duration.ofMillis(200));
            assertThat(q.backoff(4)).isEqualTo(Duration.ofMillis(800));
            assertThat(q.backoff(5)).isEqualTo(Duration.ofSeconds(1));
            assertThat(q.backoff(200)).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void failingKeysAreRetriedAndThrowingNeverEscapes() {
        AtomicInteger attempts = new AtomicInteger();
        try (WorkQueue q = new WorkQueue("t", k -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("api down");
            }
            return true;
        }, Duration.ofMillis(10), Duration.ofMillis(50))) {
            q.add("ns/a");
            await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() == 3);
            await().atMost(Duration.ofSeconds(20)).until(() -> q.failures("ns/a") == 0);
        }
    }

    @Test
    void aKeyQueuedTwiceRunsOnce() {
        List<String> seen = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        try (WorkQueue q = new WorkQueue("t", k -> {
            if (k.equals("block")) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            seen.add(k);
            return true;
        }, Duration.ofMillis(10), Duration.ofMillis(50))) {
            q.add("block");
            q.add("ns/a");
            q.add("ns/a");
            gate.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("ns/a"));
            await().during(Duration.ofMillis(150)).atMost(Duration.ofSeconds(20))
                    .until(() -> seen.equals(List.of("block", "ns/a")));
        }
    }
}
