package io.netmaker.agent.metrics;

import io.netmaker.agent.child.ChildExit;
import io.netmaker.agent.child.ChildListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds child events until its target exists, then replays them in order and forwards the rest: the metrics are
 * built off the child's start path, and a child that fails at once must still be counted.
 */
public final class DeferredChildListener implements ChildListener {
    private final List<Consumer<ChildListener>> pending = new ArrayList<>();
    private ChildListener target;

    public synchronized void attach(ChildListener listener) {
        pending.forEach(event -> event.accept(listener));
        pending.clear();
        target = listener;
    }

    @Override
    public void started(long pid) {
        deliver(l -> l.started(pid));
    }

    @Override
    public void exited(ChildExit exit) {
        deliver(l -> l.exited(exit));
    }

    private synchronized void deliver(Consumer<ChildListener> event) {
        if (target == null) {
            pending.add(event);
        } else {
            event.accept(target);
        }
    }
}
