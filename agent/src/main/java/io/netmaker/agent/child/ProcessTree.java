package io.netmaker.agent.child;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stops a process and everything it started: one SIGTERM each, then SIGKILL for whatever outlives the grace. */
final class ProcessTree {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
    private static final long POLL_MILLIS = 10;

    private ProcessTree() {}

    /** Sends {@code signal} (a name like {@code INT}) to the process and its descendants, SIGKILL after the grace. */
    static void terminate(Process process, Duration grace, String signal, Signaller signaller) {
        // Snapshot first: once the child is gone its children are re-parented and no longer its descendants.
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        if (signal.equals("TERM")) {
            tree.forEach(ProcessHandle::destroy); // SIGTERM on Linux
        } else {
            tree.forEach(h -> signaller.send(h.pid(), signal));
        }
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS);
            awaitGone(tree, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill(tree);
    }

    /**
     * Stops what an exited child left running (its orphans, noted while it ran): one SIGTERM each, SIGKILL after the
     * grace. Processes already gone, or stopped with the tree, are skipped.
     */
    static void terminateOrphans(Collection<ProcessHandle> seen, Duration grace) {
        List<ProcessHandle> orphans = seen.stream().filter(ProcessTree::running).toList();
        if (orphans.isEmpty()) {
            return;
        }
        LOG.warn("child left processes running, stopping them count={}", orphans.size());
        orphans.forEach(ProcessHandle::destroy);
        try {
            awaitGone(orphans, System.nanoTime() + grace.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill(orphans);
    }

    /** SIGKILL for every listed process still alive and its descendants; waits briefly for them to go. */
    static void kill(List<ProcessHandle> tree) {
        List<ProcessHandle> all = new ArrayList<>(tree);
        tree.forEach(h -> h.descendants().forEach(all::add));
        for (ProcessHandle h : all) {
            if (running(h)) {
                LOG.warn("child process outlived the shutdown grace, killing pid={}", h.pid());
                h.destroyForcibly();
            }
        }
        try {
            awaitGone(all, System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Polls instead of {@code onExit()}: for processes that are not our children (grandchildren) the JDK polls
     * with long pauses, which would stretch every stop by a second or more.
     */
    private static void awaitGone(List<ProcessHandle> handles, long deadline) throws InterruptedException {
        while (handles.stream().anyMatch(ProcessTree::running) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Alive and not a zombie. An orphaned grandchild that has exited stays a zombie until PID 1 reaps it, which
     * {@link ProcessHandle#isAlive()} still counts as alive.
     */
    static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return h.isAlive();
        }
    }
}
