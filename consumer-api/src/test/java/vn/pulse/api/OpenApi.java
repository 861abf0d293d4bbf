package vn.pulse.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The API's OpenAPI document (the resource {@link ApiServer} serves) as the tests read it: which
 * operations and statuses it documents, and JSON Schema 2020-12 validation of bodies and headers
 * against the schema it gives for a path, method, status and media type ({@code $ref}s resolved
 * within the document, formats such as {@code date-time} asserted).
 */
final class OpenApi {

    private static final String DOCUMENT_IRI = "https://pulse.example/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final SchemaRegistry schemas;

    private OpenApi(String text) {
        try {
            this.document = JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, registry -> registry
                .schemas(Map.of(DOCUMENT_IRI, text))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /** The document as the server serves it. */
    static OpenApi load() {
        return new OpenApi(new String(ApiServer.openApiDocument(), StandardCharsets.UTF_8));
    }

    JsonNode document() {
        return document;
    }

    /** Every documented operation as {@code "GET /api/v1/alerts"}. */
    TreeSet<String> operations() {
        TreeSet<String> operations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            path.getValue().fieldNames().forEachRemaining(method -> operations.add(method.toUpperCase() + " " + path.getKey()));
        }
        return operations;
    }

    /** Every documented answer as {@code "GET /api/v1/alerts 400"}. */
    TreeSet<String> answers() {
        TreeSet<String> answers = new TreeSet<>();
        for (String operation : operations()) {
            operation(operation).get("responses").fieldNames().forEachRemaining(status -> answers.add(operation + " " + status));
        }
        return answers;
    }

    /** The operation object of {@code "GET /path"}. */
    JsonNode operation(String operation) {
        String[] parts = operation.split(" ", 2);
        JsonNode node = document.path("paths").path(parts[1]).path(parts[0].toLowerCase());
        if (node.isMissingNode()) {
            throw new AssertionError("not documented: " + operation);
        }
        return node;
    }

    /** The response object for a status ({@code $ref} to components resolved), if documented. */
    Optional<JsonNode> response(String operation, int status) {
        JsonNode response = operation(operation).path("responses").path(Integer.toString(status));
        return response.isMissingNode() ? Optional.empty() : Optional.of(resolve(response));
    }

    /** The JSON pointer (within the document) of the schema of a response's media type. */
    String schemaPointer(String operation, int status, String mediaType) {
        JsonNode response = operation(operation).path("responses").path(Integer.toString(status));
        String pointer = "/paths/" + escape(operation.split(" ", 2)[1]) + "/" + operation.split(" ", 2)[0].toLowerCase()
                + "/responses/" + status;
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
        }
        return pointer + "/content/" + escape(mediaType) + "/schema";
    }

    /** Validation errors of {@code body} against the schema at a pointer of the document (empty = valid). */
    List<String> errors(String pointer, JsonNode body) {
        Schema schema = schemas.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + pointer));
        List<String> messages = new ArrayList<>();
        for (Error error : schema.validate(body)) {
            messages.add(error.toString());
        }
        return messages;
    }

    /** Validation errors of a named component schema. */
    List<String> componentErrors(String name, JsonNode body) {
        return errors("/components/schemas/" + name, body);
    }

    /** The documented headers of a response: name to header object (resolved). */
    Map<String, JsonNode> headers(JsonNode response) {
        Map<String, JsonNode> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : response.path("headers").properties()) {
            headers.put(header.getKey(), resolve(header.getValue()));
        }
        return headers;
    }

    /** The pointer of the schema of a documented response header. */
    String headerSchemaPointer(JsonNode response, String name) {
        JsonNode header = response.path("headers").path(name);
        return header.has("$ref") ? header.get("$ref").asText().substring(1) + "/schema" : null;
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = document.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    /** JSON pointer escaping of one reference token. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
