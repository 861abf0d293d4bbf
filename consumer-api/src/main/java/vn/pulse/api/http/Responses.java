package vn.pulse.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.time.LocalDate;
import java.util.HexFormat;
import vn.pulse.api.table.Table;
import vn.pulse.api.table.TableWriters;
import vn.pulse.api.table.Tabular;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.http.Json;

/**
 * JSON answers of the data endpoints: the body, plus the instance's freshness ({@code lag}) as its
 * last member, plus conditional GET. The {@code ETag} is weak and covers the data only (not
 * {@code lag}, which moves every second): a dashboard that polls gets {@code 304 Not Modified} until
 * a figure changes. A {@link Tabular} answer is also sent as CSV or XLSX ({@link Format}), as a
 * download named after its table; its {@code ETag} is that of its JSON with the format appended.
 */
public final class Responses {

    private static final ObjectMapper JSON = Json.newMapper();

    private Responses() {
    }

    /** Sends {@code data} in the representation the request chose: JSON with {@code lag}, or a download of its table. */
    public static void send(Context ctx, Format format, Object data, Object lag) {
        ctx.header("Vary", "Accept");
        if (format == Format.JSON) {
            json(ctx, data, lag);
            return;
        }
        if (!(data instanceof Tabular tabular)) {
            throw new ApiProblem.NotAcceptable("This answer is served as application/json only.");
        }
        String etag = "W/\"" + digest(write(data)) + "-" + format.extension() + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "no-cache");
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        Table table = tabular.table();
        if (table.date() == null) {
            // Figures of a past day are named after it; figures now after today (the province's calendar).
            String asOf = ctx.queryParam(AsOfParameter.NAME);
            table = table.withDate(asOf != null ? asOf : LocalDate.now(DomainRules.ZONE).toString());
        }
        ctx.header("Content-Disposition", "attachment; filename=\"" + table.fileName(format.extension()) + "\"");
        if (format == Format.CSV) {
            ctx.contentType(format.mediaType() + "; charset=utf-8").result(TableWriters.csv(table));
        } else {
            ctx.contentType(format.mediaType()).result(TableWriters.xlsx(table));
        }
    }

    /**
     * Sends {@code data} (anything Jackson writes as a JSON object: a record, a map) with
     * {@code "lag"} added, honouring {@code If-None-Match}.
     */
    public static void json(Context ctx, Object data, Object lag) {
        byte[] bytes = write(data);
        String etag = "W/\"" + digest(bytes) + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "no-cache");
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.contentType(ContentType.APPLICATION_JSON).result(withMember(bytes, "lag", write(lag)));
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** {@code object} (a serialized JSON object) with one more member at its end. */
    static byte[] withMember(byte[] object, String name, byte[] value) {
        if (object.length < 2 || object[0] != '{' || object[object.length - 1] != '}') {
            throw new IllegalArgumentException("a data answer must be a JSON object");
        }
        boolean empty = object.length == 2;
        byte[] member = ((empty ? "" : ",") + "\"" + name + "\":").getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(object, object.length - 1 + member.length + value.length + 1);
        System.arraycopy(member, 0, out, object.length - 1, member.length);
        System.arraycopy(value, 0, out, object.length - 1 + member.length, value.length);
        out[out.length - 1] = '}';
        return out;
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

    private static String digest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute ETag", e);
        }
    }
}
