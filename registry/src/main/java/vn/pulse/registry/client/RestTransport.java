package vn.pulse.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.config.Secrets;
import vn.pulse.registry.model.SchemaRegistryException;

/**
 * Sends requests to the registry's base URLs: on a connection error, a 5xx answer, or a 401 / 403 (refused
 * credentials or role: a deployment problem that an operator fixes, never a problem of the request) it tries
 * the next URL, and after each round pauses with exponential backoff, until the retry time is spent. Other 4xx
 * answers are refusals of the request and are thrown at once as {@link SchemaRegistryException}.
 */
final class RestTransport {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(RestTransport.class);

    private final RegistryClientConfig config;
    private final RegistryClientMetrics metrics;
    private final List<URI> baseUris;
    private final String authorization;
    private final HttpClient http;
    private volatile int preferred;

    RestTransport(RegistryClientConfig config, RegistryClientMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.baseUris = config.urls().stream().map(RestTransport::withoutUserInfo).toList();
        this.authorization = authorization(config);
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.requestTimeout());
        if (config.trustStore() != null) {
            builder.sslContext(config.trustStore().sslContext());
        }
        this.http = builder.build();
    }

    /** Sends a request and returns the parsed JSON answer. */
    JsonNode send(String method, String pathAndQuery, Object body) {
        byte[] payload = body == null ? null : json(body);
        long deadline = System.nanoTime() + config.maxRetryTime().toNanos();
        long backoffMs = Math.max(1, config.initialBackoff().toMillis());
        Exception last = null;
        int authStatus = 0;
        boolean warned = false;
        while (true) {
            int start = preferred;
            for (int i = 0; i < baseUris.size(); i++) {
                int index = (start + i) % baseUris.size();
                try {
                    HttpResponse<byte[]> response = http.send(request(baseUris.get(index), method, pathAndQuery, payload),
                            HttpResponse.BodyHandlers.ofByteArray());
                    int status = response.statusCode();
                    if (status < 300) {
                        preferred = index;
                        return parse(response.body());
                    }
                    SchemaRegistryException refusal = refusal(status, response.body());
                    if (status == 401 || status == 403) {
                        metrics.authFailure(status);
                        if (!warned) {
                            warned = true;
                            LOG.warn("Schema registry {} refused {} {} with HTTP {} ({}); retrying for up to {} ms",
                                    Secrets.url(baseUris.get(index).toString()), method, pathAndQuery, status, refusal.detail(),
                                    config.maxRetryTime().toMillis());
                        }
                        authStatus = status;
                    } else if (status < 500) {
                        throw refusal;
                    } else {
                        authStatus = 0;
                    }
                    last = refusal;
                } catch (IOException e) {
                    authStatus = 0;
                    last = e;
                } catch (InterruptedException e) {
                    throw new InterruptException("interrupted while calling the schema registry", e);
                }
            }
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0) {
                if (authStatus != 0) {
                    throw new SchemaRegistryAuthenticationException("Schema registry " + config.urls().stream().map(Secrets::url).toList()
                            + " refused " + (authStatus == 401 ? "the credentials" : "the role of the user") + " for "
                            + config.maxRetryTime().toMillis() + " ms (" + method + " " + pathAndQuery + "): " + last.getMessage()
                            + "; check basic.auth.user.info and the registry's credentials file", authStatus, last);
                }
                throw new SchemaRegistryUnavailableException("Schema registry " + config.urls().stream().map(Secrets::url).toList() + " unavailable for "
                        + config.maxRetryTime().toMillis() + " ms (" + method + " " + pathAndQuery + "): " + last, last);
            }
            pause(Math.min(remainingMs, backoffMs + ThreadLocalRandom.current().nextLong(backoffMs / 4 + 1)));
            backoffMs = Math.min(backoffMs * 2, Math.max(1, config.maxBackoff().toMillis()));
        }
    }

    private HttpRequest request(URI base, String method, String pathAndQuery, byte[] payload) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + pathAndQuery))
                .timeout(config.requestTimeout())
                .header("Accept", ACCEPT)
                .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(payload));
        if (payload != null) {
            builder.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    private static SchemaRegistryException refusal(int status, byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.has("error_code")) {
                return new SchemaRegistryException(node.get("error_code").asInt(status), node.path("message").asText(""));
            }
        } catch (IOException e) {
            // Not JSON: report the raw text below.
        }
        return new SchemaRegistryException(status, "HTTP " + status + ": " + new String(body, StandardCharsets.UTF_8));
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new SchemaRegistryException(500, "The schema registry answered with malformed JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode a request body", e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new InterruptException("interrupted while waiting to retry the schema registry", e);
        }
    }

    private static String authorization(RegistryClientConfig config) {
        if (config.bearerToken() != null) {
            return "Bearer " + config.bearerToken();
        }
        if (config.basicAuthUserInfo() != null) {
            return "Basic " + Base64.getEncoder().encodeToString(config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    private static URI withoutUserInfo(String url) {
        URI uri = URI.create(url);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path);
    }
}
