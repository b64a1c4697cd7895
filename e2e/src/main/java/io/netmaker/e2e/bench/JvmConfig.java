package io.netmaker.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A JVM and its option sets for the agent and for the operator (its child), with the jars they run. */
record JvmConfig(String key, String label, String java, List<String> agentJvm, List<String> operatorJvm,
                 Path agentJar, Path operatorJar) {

    /** {@code java <agent options> -jar agent.jar run -- <child>}. */
    List<String> agent(List<String> child) {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(agentJvm);
        cmd.addAll(List.of("-jar", agentJar.toString(), "run", "--"));
        cmd.addAll(child);
        return cmd;
    }

    /** {@code java <operator options> -jar operator.jar --kubeconfig <kubeconfig> <extra>}. */
    List<String> operator(Path kubeconfig, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(operatorJvm);
        cmd.addAll(List.of("-jar", operatorJar.toString(), "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /**
     * The image's runtime outside a container: JDK 25, {@code deploy/image/jvm.options}, the container limit, and
     * an image-like {@code /app} (jars, jvm.options, bin/) whose AOT caches the image's own {@code aot-train} made.
     */
    static JvmConfig shipped(BenchContext ctx, FailoverBench.Log log, String java) {
        Path app = ctx.dir("shipped/app");
        try {
            ImageApp.layOut(ctx.repo.resolve("deploy/image"), app, ctx.agentJar, ctx.operatorJar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long start = System.nanoTime();
        Process p = ctx.procs.start(List.of("sh", app.resolve("bin/aot-train").toString()),
                Map.of("APP_HOME", app.toString(), "JAVA", java), app.resolve("aot-train.log"));
        try {
            p.waitFor(300, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.line(String.format("  AOT training (deploy/image/bin/aot-train, %s): %.0f s, exit %s", java,
                Procs.millisSince(start) / 1000, p.isAlive() ? "timeout" : p.exitValue()));
        List<String> agentJvm = new ArrayList<>(ctx.imageJvm);
        List<String> operatorJvm = new ArrayList<>(ctx.imageJvm);
        Path agentAot = app.resolve("aot/agent.aot");
        Path operatorAot = app.resolve("aot/operator.aot");
        if (Files.isRegularFile(agentAot)) {
            agentJvm.add("-XX:AOTCache=" + agentAot);
        }
        if (Files.isRegularFile(operatorAot)) {
            operatorJvm.add("-XX:AOTCache=" + operatorAot);
        }
        String label = "JDK 25 (" + java + ") + deploy/image/jvm.options + " + BenchContext.CONTAINER_LIMIT
                + (Files.isRegularFile(agentAot) ? " + AOT caches from aot-train" : " (AOT training failed)");
        return new JvmConfig("shipped", label, java, agentJvm, operatorJvm, app.resolve("agent.jar"),
                app.resolve("operator.jar"));
    }
}
