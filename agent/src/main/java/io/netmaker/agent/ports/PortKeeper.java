package io.netmaker.agent.ports;

import io.netmaker.agent.config.PortSettings;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's ports over its life: the first plan (checked by binding), the re-plan after the child met a taken
 * port, and each plan's publication (log lines, {@code ports.json}, re-plan listeners such as the metrics).
 */
public final class PortKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(PortKeeper.class);

    private final PortSettings settings;
    private final PortCheck check;
    private final IntSupplier loopback;
    private final PortsFile file;
    private final Function<Object, String> json;
    private final List<Consumer<PortPlan>> replanListeners = new CopyOnWriteArrayList<>();
    private volatile PortState state;

    /**
     * @param check the first plan's check; a {@link BindingPortCheck} keeps the health port bound for the server
     * @param stateDir where {@code ports.json} is written
     * @param json how {@code ports.json} is rendered (the CLI's and the server's JSON)
     */
    public PortKeeper(PortSettings settings, PortCheck check, IntSupplier loopback, Path stateDir,
            Function<Object, String> json) {
        this.settings = settings;
        this.check = check;
        this.loopback = loopback;
        this.file = new PortsFile(stateDir);
        this.json = json;
    }

    /** The first plan; a conflict the policy cannot resolve is logged and thrown. */
    public PortPlan plan() throws PortPlanException {
        PortPlan plan;
        try {
            plan = new PortPlanner(settings, check, loopback).plan();
        } catch (PortPlanException e) {
            e.conflicts().forEach(PortKeeper::logConflict);
            throw e;
        }
        state = new PortState(plan);
        log(plan);
        return plan;
    }

    /** The current plan and every conflict so far; null before {@link #plan()}. */
    public PortState state() {
        return state;
    }

    /** The current port of {@code role}, 0 before the first plan. */
    public int port(PortRole role) {
        PortState s = state;
        return s == null ? 0 : s.plan().port(role);
    }

    /** The health port's channel, still bound from the check (null for other checks); frees every other port. */
    public ServerSocketChannel takeHealthChannel() {
        ServerSocketChannel channel = check instanceof BindingPortCheck binding
                ? binding.take(state.plan().port(PortRole.HEALTH)) : null;
        closeCheck();
        return channel;
    }

    /** Releases the ports the first check held (the child binds the proxy port itself). */
    public void closeCheck() {
        if (check instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("port check close failed error={}", e.toString());
            }
        }
    }

    /** Runs {@code listener} with every new plan after a re-plan. */
    public void onReplan(Consumer<PortPlan> listener) {
        replanListeners.add(listener);
    }

    /** Plans again, keeping what still binds; readiness fails (check {@code ports}) when that is impossible. */
    public PortPlan replan() throws IOException {
        try (BindingPortCheck fresh = new BindingPortCheck()) {
            PortPlan next = new PortPlanner(settings, fresh, loopback).replan(state.plan());
            state.replanned(next);
            log(next);
            replanListeners.forEach(l -> l.accept(next));
            writeFile();
            return next;
        } catch (PortPlanException e) {
            e.conflicts().forEach(PortKeeper::logConflict);
            state.unresolved("port re-plan failed: " + e.getMessage());
            throw new IOException("port re-plan failed: " + e.getMessage(), e);
        }
    }

    /** Publishes the current plan to {@code ports.json} (what the image's exec probe reads). */
    public void writeFile() {
        try {
            file.write(json.apply(state.view()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("ports file not written path={} error={}", file.path(), e.toString());
        }
    }

    /** The {@code ports} section of {@code /status}. */
    public Supplier<Object> view() {
        return () -> state.view();
    }

    private static void log(PortPlan plan) {
        LOG.info("port rule applied rule=\"{}\"", plan.rule());
        plan.conflicts().forEach(PortKeeper::logConflict);
        for (PlannedPort p : plan.ports()) {
            LOG.info("port resolved role={} port={} source={} seed={}", p.role().label(), p.port(), p.source(),
                    p.seed());
        }
    }

    private static void logConflict(PortConflict c) {
        LOG.warn("port conflict role={} port={} reason=\"{}\"", c.role().label(), c.port(), c.reason());
    }
}
