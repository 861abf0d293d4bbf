package vn.pulse.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.pulse.api.readmodel.ReadModel;
import vn.pulse.core.http.Json;

/**
 * JSON answers of the data endpoints: the body, plus the instance's freshness ({@code lag}), plus
 * conditional GET. The {@code ETag} is weak and covers the data only (not {@code lag}, which moves
 * every second): a dashboard that polls gets {@code 304 Not Modified} until a figure changes.
 */
public final class Responses {

    private static final ObjectMapper JSON = Json.newMapper();

    private Responses() {
    }

    /** Sends {@code data} with {@code "lag"} added, honouring {@code If-None-Match}. */
    public static void json(Context ctx, Map<String, ?> data, ReadModel readModel) {
        String etag = "W/\"" + digest(data) + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "no-cache");
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>(data);
        body.put("lag", readModel.lag());
        ctx.json(body);
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String bare = etag.substring(2);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals(bare)) {
                return true;
            }
        }
        return false;
    }

    private static String digest(Object data) {
        try {
            byte[] bytes = JSON.writeValueAsString(data).getBytes(StandardCharsets.UTF_8);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute ETag", e);
        }
    }
}
