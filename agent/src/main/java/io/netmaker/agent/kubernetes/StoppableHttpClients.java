package io.netmaker.agent.kubernetes;

import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8's JDK HTTP client factory, keeping the JDK clients it builds so that the agent's exit can stop their
 * selector threads: each sits in {@code epoll_wait}, a native call, for the client's life, and the JVM's exit waits
 * up to 300 ms for such threads. fabric8's close stops only its executor; {@code HttpClient.shutdownNow()} (JDK 21+,
 * the image's JDK) stops the selector. On an older JDK it does nothing.
 */
final class StoppableHttpClients extends JdkHttpClientFactory {
    private static final Logger LOG = LoggerFactory.getLogger(StoppableHttpClients.class);
    private final List<HttpClient> built = new CopyOnWriteArrayList<>();

    @Override
    protected HttpClient.Builder createNewHttpClientBuilder() {
        return new Recording(super.createNewHttpClientBuilder());
    }

    /** Stops every client built so far at once (requests in flight fail); true when the JDK could. */
    boolean shutdownNow() {
        java.lang.reflect.Method stop;
        try {
            stop = HttpClient.class.getMethod("shutdownNow");
        } catch (NoSuchMethodException e) {
            return false; // JDK 17: the selector threads stay until the process exits
        }
        for (HttpClient c : built) {
            try {
                stop.invoke(c);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("http client not stopped error={}", e.toString());
            }
        }
        return true;
    }

    /** Delegates every setting; records what it builds. */
    private final class Recording implements HttpClient.Builder {
        private final HttpClient.Builder b;

        Recording(HttpClient.Builder b) {
            this.b = b;
        }

        @Override
        public HttpClient.Builder cookieHandler(CookieHandler h) {
            b.cookieHandler(h);
            return this;
        }

        @Override
        public HttpClient.Builder connectTimeout(Duration d) {
            b.connectTimeout(d);
            return this;
        }

        @Override
        public HttpClient.Builder sslContext(SSLContext c) {
            b.sslContext(c);
            return this;
        }

        @Override
        public HttpClient.Builder sslParameters(SSLParameters p) {
            b.sslParameters(p);
            return this;
        }

        @Override
        public HttpClient.Builder executor(Executor e) {
            b.executor(e);
            return this;
        }

        @Override
        public HttpClient.Builder followRedirects(HttpClient.Redirect r) {
            b.followRedirects(r);
            return this;
        }

        @Override
        public HttpClient.Builder version(HttpClient.Version v) {
            b.version(v);
            return this;
        }

        @Override
        public HttpClient.Builder priority(int p) {
            b.priority(p);
            return this;
        }

        @Override
        public HttpClient.Builder proxy(ProxySelector p) {
            b.proxy(p);
            return this;
        }

        @Override
        public HttpClient.Builder authenticator(Authenticator a) {
            b.authenticator(a);
            return this;
        }

        @Override
        public HttpClient build() {
            HttpClient c = b.build();
            built.add(c);
            return c;
        }
    }
}
