package io.netmaker.agent.sidecar;


import io.netmaker.testing.Requires;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real interface for one test: a veth pair (or a dummy where the kernel has it) in the root namespace, named
 * uniquely, deleted by {@link #close()}. Needs root or CAP_NET_ADMIN: without it the test is skipped with a loud
 * message, except under {@code CI=true}, where it fails (CI must run it).
 */
final class TestInterface implements AutoCloseable {
    final String name;

    private TestInterface(String name) {
        this.name = name;
    }

    static TestInterface create() {
        String name = "nmt" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        String result = run("ip", "link", "add", name, "type", "dummy");
        if (result != null) {
            result = run("ip", "link", "add", name, "type", "veth", "peer", "name", name + "p");
        }
        if (result != null) {
            Requires.that(false, "cannot create a network interface (needs root or CAP_NET_ADMIN and iproute2): "
                    + result);
        }
        TestInterface nic = new TestInterface(name);
        nic.ip("link", "set", name + "p", "up");
        return nic;
    }

    void up() {
        ip("link", "set", name, "up");
    }

    void down() {
        ip("link", "set", name, "down");
    }

    void address(String cidr) {
        ip("addr", "flush", "dev", name);
        ip("addr", "add", cidr, "dev", name);
    }

    /** Runs {@code ip ...}; failures of the veth peer commands are ignored where the device is a dummy. */
    private void ip(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "ip";
        System.arraycopy(args, 0, command, 1, args.length);
        String result = run(command);
        if (result != null && !String.join(" ", args).contains(name + "p")) {
            throw new IllegalStateException("ip " + String.join(" ", args) + " failed: " + result);
        }
    }

    @Override
    public void close() {
        run("ip", "link", "del", name);
    }

    /** Null on success, else the error text. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? null : out.isEmpty() ? "exit " + p.exitValue() : out;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
