package vn.pulse.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A minimal HTTP client for tests of the registry's REST protocol. */
public final class Http {

    public static final String V1 = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer: status, content type, body (parsed as JSON when it is JSON) and the {@code WWW-Authenticate} header (or ""). */
    public record Response(int status, String contentType, String text, String wwwAuthenticate) {

        public Response(int status, String contentType, String text) {
            this(status, contentType, text, "");
        }

        public JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        public int errorCode() {
            return json().path("error_code").asInt();
        }
    }

    private final String base;
    private final String authorization;

    public Http(String base) {
        this(base, null);
    }

    private Http(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The same server, with {@code Authorization: Basic base64(user:password)} on every request. */
    public Http as(String user, String password) {
        return new Http(base, "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** The same server, with this {@code Authorization} header on every request (null: none). */
    public Http withAuthorization(String header) {
        return new Http(base, header);
    }

    public Response get(String path) {
        return send("GET", path, null, V1);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, V1);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body, V1);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, V1);
    }

    /** Sends {@code body} (a String as is, anything else as JSON) with the given content type. */
    public Response send(String method, String path, Object body, String contentType) {
        try {
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
            if (text != null) {
                request.header("Content-Type", contentType);
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(),
                    response.headers().firstValue("WWW-Authenticate").orElse(""));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
