package vn.pulse.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresRowTest {

    private static final String API_SUMMARY = """
            {"asOf":"2026-11-29T20:00:00Z","dosesAdministered":2000,"dosesAllocated":0,"dosesUsedPct":null,"boosterDoses":211,
             "coverage":{"12-17":{"population":73125,"atLeastOneDose":109,"atLeastOneDosePct":0.14,"twoDoses":116,"twoDosesPct":0.15,"boosters":34},
                         "18+":{"population":497214,"atLeastOneDose":772,"atLeastOneDosePct":0.15,"twoDoses":792,"twoDosesPct":0.15,"boosters":177}}}""";

    @Test
    void theSqlSummaryMatchesTheApisWhenEveryFigureIsTheSame() throws Exception {
        JsonNode api = new ObjectMapper().readTree(API_SUMMARY);

        assertThat(summary(2000, 211, 73125, 109, 116, 34, 772, 792, 177).matches(api)).isTrue();
    }

    @Test
    void anyFigureThatDiffersIsAMismatch() throws Exception {
        JsonNode api = new ObjectMapper().readTree(API_SUMMARY);

        assertThat(summary(1999, 211, 73125, 109, 116, 34, 772, 792, 176).matches(api)).as("one booster short").isFalse();
        assertThat(summary(2000, 211, 73125, 110, 115, 34, 772, 792, 177).matches(api)).as("a second dose counted as a first").isFalse();
        assertThat(summary(2000, 211, 73000, 109, 116, 34, 772, 792, 177).matches(api)).as("another population").isFalse();
    }

    private static PostgresRow.Summary summary(long doses, long boosters, long teenPopulation, long teenFirst, long teenSecond,
                                               long teenBoosters, long adultFirst, long adultSecond, long adultBoosters) {
        Map<String, long[]> coverage = new LinkedHashMap<>();
        coverage.put("12-17", new long[] {teenPopulation, teenFirst, teenSecond, teenBoosters});
        coverage.put("18+", new long[] {497214, adultFirst, adultSecond, adultBoosters});
        return new PostgresRow.Summary(doses, boosters, 0, coverage);
    }
}
