package io.netmaker.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** Daemon threads named for thread dumps (they never keep the JVM alive), and bounded executor shutdown. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Every thread it makes is a daemon named {@code name}. */
    public static ThreadFactory factory(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(factory(name));
    }

    public static ScheduledExecutorService scheduled(String name) {
        return Executors.newSingleThreadScheduledExecutor(factory(name));
    }

    /** Waits up to five seconds for running tasks after {@code shutdown()} or {@code shutdownNow()}. */
    public static void awaitTermination(ExecutorService executor) {
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
