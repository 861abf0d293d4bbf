package vn.pulse.streams.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.core.topics.Topics;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DailyDoses;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.schemas.health.VaccineStock;

/**
 * The vaccination topology with the record cache on, as the app runs it: the dose ledger's partial
 * day totals leave its task at each cache flush (the driver commits after every input record, several
 * records go in at once with {@code pipeRecordList}) as differences from what was sent before, and the
 * cohort's step adds them up to the same figures as with every change forwarded at once.
 */
class VaccinationTopologyCachedTest {

    private static final Instant T0 = Instant.parse("2021-08-01T02:00:00Z");

    private VaccinationDriver fixture;
    private TestInputTopic<String, DoseAdministered> doses;
    private TestOutputTopic<String, CohortCoverage> coverage;
    private TestOutputTopic<String, DailyDoses> daily;

    @BeforeEach
    void setUp() {
        fixture = new VaccinationDriver("vaccination-topology-cached-test", 10L * 1024 * 1024, VaccinationTopology.Options.defaults());
        doses = fixture.doses;
        coverage = fixture.output(Topics.VACCINATION_COVERAGE);
        daily = fixture.output(Topics.DAILY_DOSES);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void partialTotalsSentAtEachFlushAddUpToTheExactCounts() {
        DoseAdministered first = dose("178", "18+", DoseKind.FIRST, T0);
        DoseAdministered wrong = dose("178", "18+", DoseKind.SECOND, T0.plusSeconds(60));
        send(first);
        send(wrong);
        send(first);
        send(dose("178", "18+", DoseKind.BOOSTER, T0.plusSeconds(120)));
        correct(wrong, "c-1", T0.plusSeconds(600));
        send(dose("178", "18+", DoseKind.FIRST, T0.plus(Duration.ofDays(1))));
        send(dose("178", "12-17", DoseKind.FIRST, T0.plusSeconds(30)));

        Map<String, CohortCoverage> cohorts = coverage.readKeyValuesToMap();
        assertThat(counts(cohorts.get("178|18+"))).containsExactly(2, 0, 1);
        assertThat(cohorts.get("178|18+").getAsOf()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(counts(cohorts.get("178|12-17"))).containsExactly(1, 0, 0);
        Map<String, DailyDoses> days = daily.readKeyValuesToMap();
        DailyDoses day0 = days.get("178|18+|2021-08-01");
        assertThat(new long[] {day0.getFirstDoses(), day0.getSecondDoses(), day0.getBoosterDoses()}).containsExactly(1, 0, 1);
        assertThat(day0.getAsOf()).as("a retraction does not move asOf back").isEqualTo(T0.plusSeconds(120));
        assertThat(days.get("178|18+|2021-08-02").getFirstDoses()).isEqualTo(1);
    }

    @Test
    void manyDosesOfOneDayBetweenTwoFlushesLeaveTheLedgerAsOneChange() {
        List<TestRecord<String, DoseAdministered>> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            DoseAdministered dose = dose("180", "18+", DoseKind.values()[i % 3], T0.plusSeconds(i));
            batch.add(new TestRecord<>(dose.getEventId(), dose, dose.getAdministeredAt()));
        }
        doses.pipeRecordList(batch);

        List<TestRecord<String, DailyDoses>> records = daily.readRecordsToList();
        DailyDoses last = records.get(records.size() - 1).value();
        assertThat(new long[] {last.getFirstDoses(), last.getSecondDoses(), last.getBoosterDoses()}).containsExactly(17, 17, 16);
        assertThat(last.getAsOf()).isEqualTo(T0.plusSeconds(49));
        assertThat(records.get(records.size() - 1).getRecordTime()).isEqualTo(T0.plusSeconds(49));
        assertThat(counts(coverage.readKeyValuesToMap().get("180|18+"))).containsExactly(17, 17, 16);
    }

    @Test
    void theStocksPartialTotalsSentAtEachFlushAddUpToTheExactStock() {
        TestOutputTopic<String, VaccineStock> stock = fixture.output(Topics.VACCINE_STOCK);
        List<TestRecord<String, DoseAdministered>> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            DoseAdministered dose = dose("181", "18+", DoseKind.FIRST, T0.plusSeconds(i));
            batch.add(new TestRecord<>(dose.getEventId(), dose, dose.getAdministeredAt()));
        }
        doses.pipeRecordList(batch);
        correct(batch.get(3).value(), "c-1", T0.plusSeconds(600));

        List<TestRecord<String, VaccineStock>> records = stock.readRecordsToList();
        VaccineStock last = records.get(records.size() - 1).value();
        assertThat(last.getDosesAdministered()).isEqualTo(29);
        assertThat(last.getOnHand()).isEqualTo(-29);
        assertThat(last.getDailyDoses7d()).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 29L);
    }

    private void send(DoseAdministered dose) {
        fixture.send(dose);
    }

    private void correct(DoseAdministered dose, String correctionId, Instant at) {
        fixture.correct(dose, dose.getDistrictCode(), correctionId, at);
    }

    private DoseAdministered dose(String district, String ageGroup, DoseKind kind, Instant at) {
        return fixture.dose(district, ageGroup, kind, "Pfizer-BioNTech", at);
    }

    private static long[] counts(CohortCoverage c) {
        assertThat(c).as("coverage").isNotNull();
        return new long[] {c.getFirstDoses(), c.getSecondDoses(), c.getBoosterDoses()};
    }
}
