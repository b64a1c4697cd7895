package io.netmaker.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates core/v1 Events the way client-go's recorder names them; a failed create is logged and ignored. */
public final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final String component;
    private final String host;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, String component, String host, Clock clock) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = clock;
    }

    public void normal(HasMetadata object, String reason, String message) {
        record(object, "Normal", reason, message);
    }

    public void warning(HasMetadata object, String reason, String message) {
        record(object, "Warning", reason, message);
    }

    private void record(HasMetadata object, String type, String reason, String message) {
        Instant now = clock.instant();
        String namespace = object.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata()
                        // client-go's event name: <object>.<unix nanos in hex>
                        .withName(object.getMetadata().getName() + "." + Long.toHexString(
                                now.getEpochSecond() * 1_000_000_000L + now.getNano()))
                        .withNamespace(namespace)
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(object.getApiVersion())
                            .withKind(object.getKind())
                            .withName(object.getMetadata().getName())
                            .withNamespace(namespace)
                            .withUid(object.getMetadata().getUid())
                            .withResourceVersion(object.getMetadata().getResourceVersion())
                            .build())
                    .withType(type)
                    .withReason(reason)
                    .withMessage(message)
                    .withFirstTimestamp(format(now))
                    .withLastTimestamp(format(now))
                    .withCount(1)
                    .withNewSource().withComponent(component).withHost(host).endSource()
                    .withReportingComponent(component)
                    .withReportingInstance(host)
                    .build()).create();
            LOG.debug("event recorded reason={} object={}/{}", reason, namespace, object.getMetadata().getName());
        } catch (RuntimeException e) {
            LOG.warn("event not recorded reason={} object={}/{} error={}", reason, namespace,
                    object.getMetadata().getName(), e.getMessage());
        }
    }

    private static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.withLocale(Locale.ROOT).format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
