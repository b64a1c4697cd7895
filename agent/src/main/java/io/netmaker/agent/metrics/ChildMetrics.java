package io.netmaker.agent.metrics;

import io.micrometer.core.instrument.Gauge;
import io.netmaker.agent.child.ChildProbe;
import io.netmaker.agent.child.Recent;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The child's own {@code /metrics} on its loopback port: read for the agent's scrape (so Prometheus scrapes one
 * port) and for the child's leader status. Exports {@code netmaker_agent_child_metrics_up} (1 when the last read
 * worked).
 */
public final class ChildMetrics {
    private static final int MAX_BYTES = 8 * 1024 * 1024;

    /** How long one read of the child's metrics serves the agent's scrapes. */
    public static final Duration SCRAPE_MAX_AGE = Duration.ofSeconds(1);

    private final IntSupplier port;
    private final Duration timeout;
    private final Recent<Optional<String>> forScrape;
    private volatile boolean up;

    /** @param port the child's metrics port; 0 when the child has none */
    public ChildMetrics(IntSupplier port, Duration timeout) {
        this(port, timeout, System::nanoTime);
    }

    ChildMetrics(IntSupplier port, Duration timeout, LongSupplier nanoTime) {
        this.port = port;
        this.timeout = timeout;
        this.forScrape = new Recent<>(this::read, nanoTime, SCRAPE_MAX_AGE);
    }

    public void bindTo(MeterRegistry registry) {
        Gauge.builder("netmaker_agent_child_metrics_up", this, m -> m.up ? 1 : 0)
                .description("1 when the last read of the child's own /metrics on its loopback port worked")
                .strongReference(true).register(registry);
    }

    /** The child's metrics text, or empty when it has no metrics port or did not answer 200 within the timeout. */
    public Optional<String> read() {
        int p = port.getAsInt();
        if (p <= 0) {
            up = false;
            return Optional.empty();
        }
        HttpURLConnection c = null;
        try {
            c = ChildProbe.connect(p, "/metrics", timeout);
            c.setRequestProperty("Accept", "text/plain;version=0.0.4");
            if (c.getResponseCode() != 200) {
                up = false;
                return Optional.empty();
            }
            try (InputStream in = c.getInputStream()) {
                byte[] body = in.readNBytes(MAX_BYTES);
                up = true;
                return Optional.of(new String(body, StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            up = false;
            return Optional.empty();
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    /**
     * The agent's scrape followed by the child's families whose names the agent does not export itself. The child's
     * text is at most {@link #SCRAPE_MAX_AGE} old and read by one scrape at a time ({@link Recent}), so scraping the
     * agent (on every interface) never multiplies requests to the child.
     */
    public String appendTo(String agentText) {
        Optional<String> child;
        try {
            child = forScrape.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return agentText;
        }
        return child.map(text -> agentText + childFamilies(agentText, text)).orElse(agentText);
    }

    /**
     * The families of {@code child} (Prometheus text format 0.0.4) that share no family or sample name with
     * {@code agent}, so the merged text never names a family twice (both JVMs export {@code jvm_*} and
     * {@code process_*}; the agent keeps its own).
     */
    static String childFamilies(String agent, String child) {
        Set<String> taken = new HashSet<>();
        for (Block b : blocks(agent)) {
            taken.addAll(b.names());
        }
        StringBuilder out = new StringBuilder();
        for (Block b : blocks(child)) {
            if (b.names().stream().noneMatch(taken::contains)) {
                b.lines().forEach(l -> out.append(l).append('\n'));
                taken.addAll(b.names());
            }
        }
        return out.toString();
    }

    private record Block(String family, Set<String> names, List<String> lines) {}

    private static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Block current = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.equals("# EOF")) {
                continue;
            }
            String name;
            boolean meta = line.startsWith("# HELP ") || line.startsWith("# TYPE ");
            if (meta) {
                String[] parts = line.split(" ", 4);
                name = parts.length > 2 ? parts[2] : "";
            } else if (line.startsWith("#")) {
                if (current != null) {
                    current.lines().add(line);
                }
                continue;
            } else {
                int end = 0;
                while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                    end++;
                }
                name = line.substring(0, end);
            }
            boolean sameFamily = current != null
                    && (meta ? current.family().equals(name) : name.startsWith(current.family()));
            if (!sameFamily) {
                current = new Block(name, new HashSet<>(), new ArrayList<>());
                blocks.add(current);
            }
            current.names().add(name);
            current.lines().add(line);
        }
        return blocks;
    }
}
