package vn.pulse.core.ops;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * A container health check that needs nothing but the JVM (the images have no shell and no curl):
 * {@code java -cp @/app/jib-classpath-file vn.pulse.core.ops.HealthCheck http://127.0.0.1:8080/health/ready}
 * exits 0 when the endpoint answers 2xx within two seconds, 1 otherwise.
 */
public final class HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private HealthCheck() {
    }

    /** Whether {@code url} answers a GET with a 2xx status within {@code timeout}; never throws for I/O. */
    public static boolean healthy(URI url, Duration timeout) {
        try {
            HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            try {
                int status = connection.getResponseCode();
                return status >= 200 && status < 300;
            } finally {
                connection.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HealthCheck <url>");
            System.exit(2);
        }
        boolean healthy = healthy(URI.create(args[0]), TIMEOUT);
        if (!healthy) {
            System.err.println("unhealthy: " + args[0]);
        }
        System.exit(healthy ? 0 : 1);
    }
}
