package io.netmaker.agent.http;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.json.JavalinJackson;

/** Pretty JSON for files and the CLI, with the same mapper settings as the HTTP server. */
public final class Json {
    private static final JavalinJackson MAPPER =
            new JavalinJackson().updateMapper(m -> m.enable(SerializationFeature.INDENT_OUTPUT));

    private Json() {}

    public static String pretty(Object value) {
        return MAPPER.toJsonString(value, Object.class);
    }
}
