package io.netmaker.e2e.bench;

import java.io.IOException;

/**
 * A JVM that only starts its arguments as a child and waits for it: the footprint bench's floor under the agent's
 * "start to child start" row (the same JDK, options and child, none of the agent's code).
 */
public final class ForkOnly {
    private ForkOnly() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        System.exit(new ProcessBuilder(args).inheritIO().start().waitFor());
    }
}
