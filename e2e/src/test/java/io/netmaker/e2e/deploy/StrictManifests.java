package io.netmaker.e2e.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads rendered manifests into the fabric8 model and rejects any field the model does not know.
 *
 * <p>fabric8 model classes keep unknown fields in {@code additionalProperties} through {@code @JsonAnySetter},
 * so {@code FAIL_ON_UNKNOWN_PROPERTIES} alone never fires on them. This mapper ignores any-setters, which makes
 * Jackson report every unknown field (a typo such as {@code hostNetwrok} or {@code livenessprobe}) with its path.
 */
public final class StrictManifests {
    /** Only maps apiVersion + kind to the model class; parsing is done by {@link #STRICT}. */
    private static final KubernetesSerialization MODEL = new KubernetesSerialization();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated member) {
                    return Boolean.FALSE;
                }
            })
            .build();

    private StrictManifests() {}

    /** Every YAML document of a rendered kustomization, as trees. */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("rendered manifests are not valid YAML", e);
        }
        return docs;
    }

    /** Every document as its fabric8 model object; throws on an unknown kind or an unknown field. */
    public static List<HasMetadata> parse(String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode doc : documents(yaml)) {
            objects.add(toModel(doc));
        }
        return objects;
    }

    static HasMetadata toModel(JsonNode doc) throws IOException {
        String apiVersion = doc.path("apiVersion").asText();
        String kind = doc.path("kind").asText();
        var type = MODEL.getRegisteredKubernetesResource(apiVersion, kind);
        if (type == null || !HasMetadata.class.isAssignableFrom(type)) {
            throw new AssertionError("no fabric8 model class for apiVersion=" + apiVersion + " kind=" + kind);
        }
        return (HasMetadata) STRICT.treeToValue(doc, type);
    }
}
