package io.netmaker.e2e.containers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One container of a rendered pod template ({@code deploy/overlays/*}) as a kubelet would run it, translated to the
 * engine's {@code run} arguments: the downward API's env, the security context (user, read-only root, dropped
 * capabilities, no privilege escalation), {@code emptyDir} volumes as tmpfs of their size limit, the memory and CPU
 * limits, the pod's network ({@code hostNetwork} shares the node's network and hostname), and a {@code command:}
 * as the entrypoint it replaces.
 *
 * <p>Where a kubelet gives what the test's API server cannot use, the test says so in {@link #deviations}: the
 * service account's token and CA (the mock API speaks plain HTTP, so both programs read a kubeconfig from
 * {@code KUBECONFIG}, mounted read-only), and any env the scenario overrides.
 *
 * @param podName     {@code metadata.name}
 * @param namespace   {@code metadata.namespace}
 * @param podIp       {@code status.podIP}
 * @param hostIp      {@code status.hostIP}
 * @param network     the engine's {@code --network}: {@code host}, or {@code container:NAME} (a pod's holder)
 * @param deviations  env the scenario sets beyond (or instead of) the manifest's, each a named test deviation
 * @param extraArgs   the container's {@code args:} of the scenario (after the manifest's)
 */
public record PodContainer(String podName, String namespace, String podIp, String hostIp, String network,
        Map<String, String> deviations, List<String> extraArgs) {
    /** Where the kubeconfig is mounted (read-only) in the container. */
    public static final String KUBECONFIG_PATH = "/var/run/netmaker-e2e/kubeconfig";
    /** The service account's namespace file, as the kubelet mounts it. */
    public static final String NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    public PodContainer {
        deviations = Map.copyOf(deviations);
        extraArgs = List.copyOf(extraArgs);
    }

    /**
     * The engine's {@code run} arguments for {@code container} of {@code spec}, named {@code name}, from
     * {@code image}; {@code kubeconfig} and {@code namespaceFile} are mounted read-only.
     */
    public List<String> runArgs(PodSpec spec, Container container, String name, String image, Path kubeconfig,
            Path namespaceFile) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", network));
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            args.addAll(List.of("--uts", "host")); // a host-network pod has the node's hostname
        }
        security(container.getSecurityContext(), args);
        volumes(spec, container, args);
        limits(container, args);
        args.addAll(List.of("-v", kubeconfig + ":" + KUBECONFIG_PATH + ":ro",
                "-v", namespaceFile + ":" + NAMESPACE_FILE + ":ro"));
        env(container).forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
        List<String> command = container.getCommand() == null ? List.of() : container.getCommand();
        if (!command.isEmpty()) { // `command:` replaces the image's entrypoint
            args.addAll(List.of("--entrypoint", command.get(0)));
        }
        args.add(image);
        args.addAll(command.stream().skip(1).toList());
        if (container.getArgs() != null) {
            args.addAll(container.getArgs());
        }
        args.addAll(extraArgs);
        return args;
    }

    /** The container's env as the kubelet resolves it, then {@code KUBECONFIG} and the deviations. */
    public Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            value(var).ifPresent(v -> env.put(var.getName(), v));
        }
        env.put("KUBECONFIG", KUBECONFIG_PATH);
        env.putAll(deviations);
        return env;
    }

    private Optional<String> value(EnvVar var) {
        if (var.getValueFrom() == null) {
            return Optional.ofNullable(var.getValue());
        }
        if (var.getValueFrom().getFieldRef() == null) {
            return Optional.empty(); // Secrets and ConfigMaps: none in the test's pods
        }
        String path = var.getValueFrom().getFieldRef().getFieldPath();
        return Optional.of(switch (path) {
            case "metadata.name" -> podName;
            case "metadata.namespace" -> namespace;
            case "status.podIP" -> podIp;
            case "status.hostIP" -> hostIp;
            default -> throw new IllegalArgumentException("downward API field not played by the test: " + path);
        });
    }

    private static void security(SecurityContext sc, List<String> args) {
        if (sc == null) {
            return;
        }
        if (sc.getRunAsUser() != null) {
            args.addAll(List.of("--user", sc.getRunAsUser() + ":" + Optional.ofNullable(sc.getRunAsGroup())
                    .orElse(sc.getRunAsUser())));
        }
        if (Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
            args.add("--read-only");
        }
        if (Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            args.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        if (sc.getCapabilities() != null) {
            sc.getCapabilities().getDrop().forEach(c -> args.addAll(List.of("--cap-drop", c)));
            sc.getCapabilities().getAdd().forEach(c -> args.addAll(List.of("--cap-add", c)));
        }
    }

    /**
     * {@code emptyDir} mounts become tmpfs mounts (world-writable like an emptyDir) of the volume's size limit;
     * {@code hostPath} mounts become bind mounts (read-only when the mount says so).
     */
    private static void volumes(PodSpec spec, Container container, List<String> args) {
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = spec.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no volume " + mount.getName()));
            if (volume.getHostPath() != null) {
                args.addAll(List.of("-v", volume.getHostPath().getPath() + ":" + mount.getMountPath()
                        + (Boolean.TRUE.equals(mount.getReadOnly()) ? ":ro" : "")));
                continue;
            }
            if (volume.getEmptyDir() == null) {
                throw new IllegalArgumentException("only emptyDir and hostPath volumes are played by the test: "
                        + volume.getName());
            }
            Quantity size = volume.getEmptyDir().getSizeLimit();
            args.addAll(List.of("--tmpfs", mount.getMountPath() + ":rw,mode=1777"
                    + (size == null ? "" : ",size=" + bytes(size))));
        }
    }

    private static void limits(Container container, List<String> args) {
        if (container.getResources() == null || container.getResources().getLimits() == null) {
            return;
        }
        Map<String, Quantity> limits = container.getResources().getLimits();
        if (limits.containsKey("memory")) {
            args.addAll(List.of("--memory", Long.toString(bytes(limits.get("memory")))));
        }
        if (limits.containsKey("cpu")) {
            args.addAll(List.of("--cpus", Quantity.getAmountInBytes(limits.get("cpu")).toPlainString()));
        }
    }

    private static long bytes(Quantity q) {
        BigDecimal b = Quantity.getAmountInBytes(q);
        return b.longValueExact();
    }
}
