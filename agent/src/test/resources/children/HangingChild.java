import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child for the liveness test (run with java's source launcher): serves /healthz and /readyz on the port of the
 * {@code --health-probe-bind-address} the agent passes until the file named by its first argument exists, then never answers again but stays alive,
 * as a deadlocked operator would.
 */
public class HangingChild {
    public static void main(String[] args) throws Exception {
        Path hang = Path.of(args[0]);
        int port = 0;
        for (String arg : args) {
            if (arg.startsWith("--health-probe-bind-address=")) {
                port = Integer.parseInt(arg.substring(arg.lastIndexOf(':') + 1));
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            while (Files.exists(hang)) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        System.out.println("serving port=" + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}
