package io.netmaker.agent.child;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stops a process and everything it started: one SIGTERM each, then SIGKILL for whatever outlives the grace. */
final class ProcessTree {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);

    private ProcessTree() {}

    static void terminate(Process process, Duration grace) {
        // Snapshot first: once the child is gone its children are re-parented and no longer its descendants.
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy); // SIGTERM on Linux
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                break;
            } catch (ExecutionException e) {
                // cannot observe it; fall through to the forcible kill
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        kill(tree);
    }

    /** SIGKILL for every listed process still alive and its descendants. */
    static void kill(List<ProcessHandle> tree) {
        List<ProcessHandle> all = new ArrayList<>(tree);
        tree.forEach(h -> h.descendants().forEach(all::add));
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                LOG.warn("child process outlived the shutdown grace, killing pid={}", h.pid());
                h.destroyForcibly();
            }
        }
        CompletableFuture.allOf(all.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
    }
}
