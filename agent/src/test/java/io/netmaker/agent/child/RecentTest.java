package io.netmaker.agent.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentTest {
    private static final Duration MAX_AGE = Duration.ofSeconds(1);

    @Test
    void anAnswerServesEveryCallerUntilItIsMaxAgeOld() throws Exception {
        AtomicInteger asks = new AtomicInteger();
        long[] now = {0};
        Recent<Integer> recent = new Recent<>(asks::incrementAndGet, () -> now[0], MAX_AGE);
        assertThat(recent.get()).isEqualTo(1);
        now[0] += MAX_AGE.toNanos() - 1;
        assertThat(recent.get()).isEqualTo(1);
        now[0] += 1;
        assertThat(recent.get()).isEqualTo(2);
        assertThat(asks).hasValue(2);
    }

    @Test
    void callersArrivingDuringAnAskWaitForItInsteadOfAskingAgain() throws Exception {
        AtomicInteger asks = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Recent<Integer> recent = new Recent<>(() -> {
            release.await(30, TimeUnit.SECONDS);
            return asks.incrementAndGet();
        }, System::nanoTime, Duration.ofMinutes(1));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(recent::get));
            }
            release.countDown();
            for (Future<Integer> a : answers) {
                assertThat(a.get(20, TimeUnit.SECONDS)).isEqualTo(1);
            }
            assertThat(asks).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInterruptedAskCachesNothing() throws Exception {
        AtomicInteger asks = new AtomicInteger();
        Recent<Integer> recent = new Recent<>(() -> {
            if (asks.incrementAndGet() == 1) {
                throw new InterruptedException();
            }
            return asks.get();
        }, () -> 0, MAX_AGE);
        assertThatThrownBy(recent::get).isInstanceOf(InterruptedException.class);
        assertThat(recent.get()).isEqualTo(2);
    }
}
