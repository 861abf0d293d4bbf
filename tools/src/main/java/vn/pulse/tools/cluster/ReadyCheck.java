package vn.pulse.tools.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** When a {@link ServiceProcess} counts as started. One probe per call; the caller polls. */
public interface ReadyCheck {

    boolean isReady();

    HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code GET url} answers 200 (the services' {@code /health/ready}). */
    static ReadyCheck http(String url) {
        return new ReadyCheck() {
            @Override
            public boolean isReady() {
                return httpStatus(url) == 200;
            }

            @Override
            public String toString() {
                return "GET " + url + " = 200";
            }
        };
    }

    /** A Kafka cluster at {@code bootstrapServers} describes at least one node. */
    static ReadyCheck kafka(String bootstrapServers) {
        return new ReadyCheck() {
            @Override
            public boolean isReady() {
                if (!listening(bootstrapServers.split(",")[0].trim())) {
                    return false; // no admin client (and its warnings) until the port is open
                }
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
                    return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    return false;
                }
            }

            @Override
            public String toString() {
                return "Kafka at " + bootstrapServers + " describes its cluster";
            }
        };
    }

    /** Whether something accepts TCP connections at {@code host:port}. */
    static boolean listening(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 1_000);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Always ready once started (a process with nothing to probe). */
    static ReadyCheck started() {
        return () -> true;
    }

    /** The HTTP status of {@code GET url}, or -1 if there is no answer within 5 s. */
    static int httpStatus(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
