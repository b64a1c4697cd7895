package io.netmaker.e2e.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Renders the sandbox's replicas as a fixed-width table. */
public final class LiveTable {
    private static final String[] HEADER = {
        "#", "pod", "agent pid", "operator pid", "health", "proxy", "source", "leader", "sidecar", "restarts", "readyz"
    };

    private LiveTable() {}

    public static List<ReplicaRow> snapshot(Sandbox sandbox) {
        Optional<String> holder = sandbox.lease().holder();
        List<ReplicaRow> rows = new ArrayList<>();
        for (Replica r : sandbox.replicas()) {
            if (r != null) {
                rows.add(ReplicaRow.of(r, holder));
            }
        }
        return rows;
    }

    public static String render(List<ReplicaRow> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (ReplicaRow r : rows) {
            cells.add(new String[] {
                Integer.toString(r.index()), r.pod(), r.agent(), r.operator(), r.healthPort(), r.proxyPort(),
                r.source(), r.leader(), r.sidecar(), r.restarts(), r.ready()
            });
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                out.append(String.format("%-" + widths[i] + "s", row[i]));
                out.append(i + 1 < row.length ? "  " : "\n");
            }
        }
        return out.toString();
    }
}
