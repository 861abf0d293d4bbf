package vn.pulse.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document itself: it is OpenAPI 3.1 with JSON Schema 2020-12, and its schemas are
 * strict enough that a renamed, missing, mistyped or extra field fails validation (the contract IT
 * validates real answers against the same schemas, so a schema that accepts anything would make it
 * a test that cannot fail).
 */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApi API = OpenApi.load();

    private static final String SUMMARY = """
            {"asOf":"2022-01-09T10:00:00Z","dosesAdministered":1155156,"dosesAllocated":1182158,"dosesUsedPct":97.71,
             "boosterDoses":55544,
             "coverage":{"12-17":{"population":80000,"atLeastOneDose":80000,"atLeastOneDosePct":100.00,"twoDoses":76384,
                                  "twoDosesPct":95.48,"boosters":0},
                         "18+":{"population":500000,"atLeastOneDose":490300,"atLeastOneDosePct":98.06,"twoDoses":471700,
                                "twoDosesPct":null,"boosters":55544}},
             "lag":{"records":0,"millis":0}}""";

    private static final String ALERTS = """
            {"alerts":[{"id":"HUU_NGHI|BACKLOG|2021-12-20T02:00:00Z","gateCode":"HUU_NGHI","kind":"BACKLOG","status":"RAISED",
                        "active":true,"raisedAt":"2021-12-20T02:00:00Z","clearedAt":null,"value":700,"peakValue":900,
                        "raiseThreshold":600,"clearThreshold":300,"unit":"vehicles","message":"Congestion"}],
             "lag":{"records":3,"millis":120}}""";

    @Test
    void isOpenApi31WithJsonSchema202012AndAnOptionalBearerScheme() {
        JsonNode doc = API.document();
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.get("jsonSchemaDialect").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.get("security").toString()).isEqualTo("[{},{\"bearerAuth\":[]},{\"sessionCookie\":[]}]");
        assertThat(doc.at("/components/securitySchemes/sessionCookie/in").asText()).isEqualTo("cookie");
    }

    @Test
    void validAnswersPass() throws Exception {
        assertThat(API.errors(API.schemaPointer("GET /api/v1/vaccination/summary", 200, "application/json"), json(SUMMARY))).isEmpty();
        assertThat(API.errors(API.schemaPointer("GET /api/v1/alerts", 200, "application/json"), json(ALERTS))).isEmpty();
    }

    @Test
    void aRenamedFieldFails() throws Exception {
        ObjectNode summary = (ObjectNode) json(SUMMARY);
        summary.set("dosesGiven", summary.remove("dosesAdministered"));
        assertThat(summaryErrors(summary)).anyMatch(e -> e.contains("dosesAdministered")).anyMatch(e -> e.contains("dosesGiven"));

        ObjectNode alerts = (ObjectNode) json(ALERTS);
        ObjectNode alert = (ObjectNode) alerts.get("alerts").get(0);
        alert.set("gate", alert.remove("gateCode"));
        assertThat(alertsErrors(alerts)).anyMatch(e -> e.contains("gateCode")).anyMatch(e -> e.contains("gate"));
    }

    @Test
    void anExtraFieldFailsEvenOnAnswersComposedFromSharedFigures() throws Exception {
        ObjectNode summary = (ObjectNode) json(SUMMARY);
        summary.put("dosesWasted", 12);
        assertThat(summaryErrors(summary)).singleElement().asString().contains("dosesWasted");

        ObjectNode nested = (ObjectNode) json(SUMMARY);
        ((ObjectNode) nested.get("coverage").get("18+")).put("threeDoses", 1);
        assertThat(summaryErrors(nested)).isNotEmpty();

        ObjectNode lag = (ObjectNode) json(SUMMARY);
        ((ObjectNode) lag.get("lag")).put("seconds", 0);
        assertThat(summaryErrors(lag)).isNotEmpty();
    }

    @Test
    void aMissingFieldOrAWrongTypeOrFormatFails() throws Exception {
        ObjectNode noLag = (ObjectNode) json(SUMMARY);
        noLag.remove("lag");
        assertThat(summaryErrors(noLag)).isNotEmpty();

        ObjectNode textCount = (ObjectNode) json(SUMMARY);
        textCount.put("dosesAdministered", "1155156");
        assertThat(summaryErrors(textCount)).isNotEmpty();

        ObjectNode localTime = (ObjectNode) json(SUMMARY);
        localTime.put("asOf", "09/01/2022 10:00");
        assertThat(summaryErrors(localTime)).anyMatch(e -> e.startsWith("/asOf") && e.contains("date-time"));

        ObjectNode unknownKind = (ObjectNode) json(ALERTS);
        ((ObjectNode) ((ArrayNode) unknownKind.get("alerts")).get(0)).put("kind", "QUEUE");
        assertThat(alertsErrors(unknownKind)).isNotEmpty();
    }

    @Test
    void problemsAreTiedToTheirStatus() throws Exception {
        String pointer = API.schemaPointer("GET /api/v1/vaccination/daily", 400, "application/problem+json");
        JsonNode bad = json("""
                {"type":"https://pulse.example/problems/bad-parameter","title":"Invalid parameter","status":400,
                 "detail":"'from' is required, as YYYY-MM-DD.","parameter":"from"}""");
        assertThat(API.errors(pointer, bad)).isEmpty();
        ObjectNode withoutParameter = bad.deepCopy();
        withoutParameter.remove("parameter");
        assertThat(API.errors(pointer, withoutParameter)).isNotEmpty();
        ObjectNode wrongStatus = bad.deepCopy();
        wrongStatus.put("status", 404);
        assertThat(API.errors(pointer, wrongStatus)).isNotEmpty();
    }

    private static List<String> summaryErrors(JsonNode body) {
        return API.errors(API.schemaPointer("GET /api/v1/vaccination/summary", 200, "application/json"), body);
    }

    private static List<String> alertsErrors(JsonNode body) {
        return API.errors(API.schemaPointer("GET /api/v1/alerts", 200, "application/json"), body);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
