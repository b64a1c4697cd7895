package io.netmaker.operator.http;

import io.javalin.Javalin;
import io.netmaker.operator.config.BindAddress;

/** Starts a Javalin app on a controller-runtime bind address. */
final class Servers {
    private Servers() {
    }

    /** {@code :PORT} binds every interface (Javalin's default host), {@code HOST:PORT} one address. */
    static Javalin start(Javalin app, BindAddress address) {
        return address.host() == null ? app.start(address.port()) : app.start(address.host(), address.port());
    }
}
