package io.netmaker.e2e.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** The sandbox's tiny interactive control: one-letter commands read from stdin, applied to a replica. */
final class ConsoleControl implements Runnable {
    private final Sandbox sandbox;
    private final CountDownLatch quit;
    private final Optional<SandboxTunnels> tunnels;

    private ConsoleControl(Sandbox sandbox, CountDownLatch quit, Optional<SandboxTunnels> tunnels) {
        this.sandbox = sandbox;
        this.quit = quit;
        this.tunnels = tunnels;
    }

    /** The commands, for a caller that reads the keys itself ({@link ConsoleScreen}). */
    static ConsoleControl of(Sandbox sandbox, CountDownLatch quit, Optional<SandboxTunnels> tunnels) {
        return new ConsoleControl(sandbox, quit, tunnels);
    }

    /** Reads command lines from stdin (no terminal: a pipe or a file) and prints the replies. */
    static void startDaemon(Sandbox sandbox, CountDownLatch quit, Optional<SandboxTunnels> tunnels) {
        Thread t = new Thread(new ConsoleControl(sandbox, quit, tunnels), "sandbox-console");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String message = apply(line.trim());
                if (message != null) {
                    System.out.println(message);
                }
            }
        } catch (IOException e) {
            // no console: the sandbox runs until Ctrl-C
        }
    }

    /** Applies one command line; returns a message to show, or null. */
    String apply(String line) {
        if (line.isEmpty()) {
            return null;
        }
        String[] words = line.split("\\s+");
        if (words[0].equals("q")) {
            quit.countDown();
            return "quitting";
        }
        if (words.length != 2 || !words[1].matches("\\d+") || Integer.parseInt(words[1]) >= sandbox.size()) {
            return "usage: f|k|t|s|w <replica 0.." + (sandbox.size() - 1) + ">, or q";
        }
        int i = Integer.parseInt(words[1]);
        Replica r = sandbox.replica(i);
        try {
            switch (words[0]) {
                case "f" -> {
                    boolean ready = !sandbox.kubelet().sidecarReady(r.podName());
                    sandbox.kubelet().setSidecarReady(r.podName(), ready);
                    return "replica " + i + " sidecar ready=" + ready;
                }
                case "k" -> {
                    return r.operatorPid().stream()
                            .mapToObj(pid -> "replica " + i + " operator pid " + pid + " SIGKILL sent=" + Signals.send(pid, "KILL"))
                            .findFirst().orElse("replica " + i + " has no operator process");
                }
                case "t" -> {
                    return "replica " + i + " SIGTERM sent=" + r.signalAgent("TERM");
                }
                case "s" -> {
                    if (r.alive()) {
                        return "replica " + i + " is running";
                    }
                    sandbox.stopReplica(i, Duration.ZERO);
                    sandbox.startReplica(i);
                    return "replica " + i + " started";
                }
                case "w" -> {
                    return tunnels.map(t -> t.toggle(i))
                            .orElse("no tunnels: start the sandbox with --tunnels (as root, with wireguard-go)");
                }
                default -> {
                    return "unknown command " + words[0];
                }
            }
        } catch (RuntimeException e) {
            return "failed: " + e.getMessage();
        }
    }
}
