package vn.pulse.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.CompatibilityResult;

/** The classic schema-evolution cases, decided by Avro's SchemaCompatibility through each level. */
class CompatibilityCheckerTest {

    private static final String V1 = record("{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":\"int\"}");

    private static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"Event\",\"namespace\":\"test\",\"fields\":[" + fields + "]}";
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    private static boolean compatible(CompatibilityLevel level, String candidate, String... earlier) {
        List<CompatibilityChecker.Earlier> versions = new ArrayList<>();
        for (int i = 0; i < earlier.length; i++) {
            versions.add(new CompatibilityChecker.Earlier(i + 1, parse(earlier[i])));
        }
        return CompatibilityChecker.check(level, parse(candidate), versions).compatible();
    }

    /** Each case: the evolution, then whether it is BACKWARD, FORWARD and FULL compatible. */
    @ParameterizedTest(name = "{0}: backward={2} forward={3} full={4}")
    @CsvSource(delimiter = '|', value = {
        "add field with default   | {\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":\"int\"},{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"} | true  | true  | true",
        "add field without default| {\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":\"int\"},{\"name\":\"note\",\"type\":\"string\"}                  | false | true  | false",
        "remove field             | {\"name\":\"id\",\"type\":\"string\"}                                                                                                 | true  | false | false",
        "rename with alias        | {\"name\":\"id\",\"type\":\"string\"},{\"name\":\"total\",\"type\":\"int\",\"aliases\":[\"count\"]}                                    | true  | false | false",
        "rename without alias     | {\"name\":\"id\",\"type\":\"string\"},{\"name\":\"total\",\"type\":\"int\"}                                                            | false | false | false",
        "widen to a union         | {\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":[\"null\",\"int\"]}                                                 | true  | false | false",
        "int to long promotion    | {\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":\"long\"}                                                           | true  | false | false",
        "int to string            | {\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":\"string\"}                                                         | false | false | false",
    })
    void classicEvolutions(String name, String fields, boolean backward, boolean forward, boolean full) {
        String candidate = record(fields);
        assertThat(compatible(CompatibilityLevel.BACKWARD, candidate, V1)).as("BACKWARD").isEqualTo(backward);
        assertThat(compatible(CompatibilityLevel.FORWARD, candidate, V1)).as("FORWARD").isEqualTo(forward);
        assertThat(compatible(CompatibilityLevel.FULL, candidate, V1)).as("FULL").isEqualTo(full);
        assertThat(compatible(CompatibilityLevel.NONE, candidate, V1)).as("NONE").isTrue();
    }

    @Test
    void narrowingAUnionBreaksBackward() {
        String union = record("{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":[\"null\",\"int\"],\"default\":null}");
        String narrowed = record("{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":\"int\"}");
        assertThat(compatible(CompatibilityLevel.BACKWARD, narrowed, union)).isFalse();
        assertThat(compatible(CompatibilityLevel.FORWARD, narrowed, union)).isTrue();
    }

    @Test
    void enumSymbolsAddedAndRemoved() {
        String abc = enumField("\"A\",\"B\",\"C\"");
        String ab = enumField("\"A\",\"B\"");
        assertThat(compatible(CompatibilityLevel.BACKWARD, abc, ab)).as("added symbol, backward").isTrue();
        assertThat(compatible(CompatibilityLevel.FORWARD, abc, ab)).as("added symbol, forward").isFalse();
        assertThat(compatible(CompatibilityLevel.BACKWARD, ab, abc)).as("removed symbol, backward").isFalse();
        assertThat(compatible(CompatibilityLevel.FORWARD, ab, abc)).as("removed symbol, forward").isTrue();
    }

    private static String enumField(String symbols) {
        return record("{\"name\":\"kind\",\"type\":{\"type\":\"enum\",\"name\":\"Kind\",\"symbols\":[" + symbols + "]}}");
    }

    @Test
    void transitiveLevelsCatchDriftAcrossVersions() {
        String v1 = record("{\"name\":\"a\",\"type\":\"string\"}");
        String v2 = record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":1}");
        String v3 = record("{\"name\":\"b\",\"type\":\"int\"}");
        assertThat(compatible(CompatibilityLevel.BACKWARD, v2, v1)).isTrue();
        assertThat(compatible(CompatibilityLevel.BACKWARD, v3, v1, v2)).as("v3 reads v2").isTrue();
        assertThat(compatible(CompatibilityLevel.BACKWARD_TRANSITIVE, v3, v1, v2)).as("v3 cannot read v1").isFalse();

        String f3 = record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":1},{\"name\":\"c\",\"type\":\"int\",\"default\":2}");
        assertThat(compatible(CompatibilityLevel.FULL_TRANSITIVE, f3, v1, v2)).isTrue();
        String dropsA = record("{\"name\":\"b\",\"type\":\"int\",\"default\":1}");
        assertThat(compatible(CompatibilityLevel.FORWARD, dropsA, v1, v2)).as("v2 reads it: a has no default in v2").isFalse();
    }

    @Test
    void explainsWhy() {
        CompatibilityResult result = CompatibilityChecker.check(CompatibilityLevel.FULL,
                parse(record("{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":\"int\"},{\"name\":\"x\",\"type\":\"int\"}")),
                List.of(new CompatibilityChecker.Earlier(4, parse(V1))));
        assertThat(result.compatible()).isFalse();
        assertThat(result.messages()).singleElement().asString()
                .contains("version 4").contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("x");
    }
}
