package io.netmaker.agent.kubernetes;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Single daemon-thread executors, named for thread dumps; they never keep the agent alive. */
public final class DaemonThreads {
    private DaemonThreads() {}

    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(r -> thread(r, name));
    }

    public static ScheduledExecutorService scheduled(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> thread(r, name));
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
