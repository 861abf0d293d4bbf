package vn.pulse.streams.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.topics.Topics;
import vn.pulse.schemas.health.AllocationTotal;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.DailyDoses;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.schemas.health.DoseLedgerEntry;
import vn.pulse.schemas.health.VaccineAllocation;
import vn.pulse.schemas.reference.Population;
import vn.pulse.streams.common.DeadLetters;

/** The vaccination rules, one behaviour per test, on a {@link TopologyTestDriver} with fixed timestamps. */
class VaccinationTopologyTest {

    /** 2021-08-01 09:00 in Lạng Sơn. */
    private static final Instant T0 = Instant.parse("2021-08-01T02:00:00Z");
    private static final LocalDate DAY0 = LocalDate.parse("2021-08-01");

    private VaccinationDriver fixture;
    private TopologyTestDriver driver;
    private TestInputTopic<String, DoseAdministered> doses;
    private TestInputTopic<String, DoseCorrection> corrections;
    private TestInputTopic<String, VaccineAllocation> allocations;
    private TestInputTopic<String, Population> population;
    private TestOutputTopic<String, CohortCoverage> coverage;
    private TestOutputTopic<String, DailyDoses> daily;
    private TestOutputTopic<String, AllocationTotal> allocationTotals;
    private TestOutputTopic<String, String> deadLetters;

    @BeforeEach
    void setUp() {
        // Forward every update at once, as a commit would: tests read the latest value per key.
        fixture = new VaccinationDriver("vaccination-topology-test", 0, VaccinationTopology.Options.defaults());
        driver = fixture.driver;
        doses = fixture.doses;
        corrections = fixture.corrections;
        allocations = fixture.allocations;
        population = fixture.input(Topics.POPULATION);
        coverage = fixture.output(Topics.VACCINATION_COVERAGE);
        daily = fixture.output(Topics.DAILY_DOSES);
        allocationTotals = fixture.output(Topics.ALLOCATION_TOTALS);
        deadLetters = fixture.deadLetters();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void countsDosesByKindPerDistrictAndAgeGroup() {
        send(dose("178", "18+", DoseKind.FIRST, T0));
        send(dose("178", "18+", DoseKind.SECOND, T0.plusSeconds(60)));
        send(dose("178", "18+", DoseKind.BOOSTER, T0.plusSeconds(120)));
        send(dose("178", "12-17", DoseKind.FIRST, T0.plusSeconds(180)));
        send(dose("186", "18+", DoseKind.FIRST, T0.plusSeconds(240)));

        Map<String, CohortCoverage> latest = coverage.readKeyValuesToMap();
        assertThat(latest).containsOnlyKeys("178|18+", "178|12-17", "186|18+");
        assertCounts(latest.get("178|18+"), 1, 1, 1);
        assertCounts(latest.get("178|12-17"), 1, 0, 0);
        assertCounts(latest.get("186|18+"), 1, 0, 0);
        assertThat(latest.get("178|18+").getAsOf()).isEqualTo(T0.plusSeconds(120));
        assertThat(latest.get("178|18+").getPopulation()).isNull();
    }

    @Test
    void countsEachDoseOnceWhenReportedTwice() {
        DoseAdministered dose = dose("180", "18+", DoseKind.FIRST, T0);
        send(dose);
        send(dose);
        send(DoseAdministered.newBuilder(dose).setReportedAt(dose.getReportedAt().plus(Duration.ofDays(2))).build());

        assertCounts(coverage.readKeyValuesToMap().get("180|18+"), 1, 0, 0);
        assertThat(daily.readKeyValuesToMap().get("180|18+|2021-08-01").getFirstDoses()).isEqualTo(1);
    }

    @Test
    void aCorrectionAfterItsDoseSubtractsIt() {
        DoseAdministered kept = dose("181", "18+", DoseKind.SECOND, T0);
        DoseAdministered wrong = dose("181", "18+", DoseKind.SECOND, T0.plusSeconds(30));
        send(kept);
        send(wrong);
        correct(wrong, "c-1", T0.plus(Duration.ofDays(1)));

        assertCounts(coverage.readKeyValuesToMap().get("181|18+"), 0, 1, 0);
        assertThat(daily.readKeyValuesToMap().get("181|18+|2021-08-01").getSecondDoses()).isEqualTo(1);
    }

    @Test
    void aCorrectionBeforeItsDoseKeepsTheDoseFromEverCounting() {
        DoseAdministered wrong = dose("182", "12-17", DoseKind.FIRST, T0);
        DoseAdministered kept = dose("182", "12-17", DoseKind.FIRST, T0.plusSeconds(10));
        correct(wrong, "c-early", T0.plusSeconds(5));
        send(kept);
        send(wrong);
        send(wrong);

        assertCounts(coverage.readKeyValuesToMap().get("182|12-17"), 1, 0, 0);
    }

    @Test
    void aCorrectionNamingAnotherDistrictThanItsDoseIsDeadLetteredAndTheDoseStays() {
        DoseAdministered dose = dose("181", "18+", DoseKind.FIRST, T0);
        send(dose);
        correct(dose, "178", "c-other", T0.plusSeconds(60));

        assertCounts(coverage.readKeyValuesToMap().get("181|18+"), 1, 0, 0);
        TestRecord<String, String> rejected = deadLetters.readRecord();
        assertThat(header(rejected, DeadLetters.REASON)).isEqualTo("districtCode: the correction names district 178 but dose "
                + dose.getEventId() + " was reported for district 181; not applied");
        assertThat(header(rejected, DeadLetters.STEP)).isEqualTo("vaccination-corrections-district");
        assertThat(header(rejected, DeadLetters.SOURCE_TOPIC)).isEqualTo(VaccinationDriver.TOPICS.name(Topics.DOSE_CORRECTIONS));

        // The dose's own district can still retract it.
        correct(dose, "181", "c-own", T0.plusSeconds(120));
        assertCounts(coverage.readKeyValuesToMap().get("181|18+"), 0, 0, 0);
    }

    @Test
    void aCorrectionOfAnotherDistrictBeforeTheDoseNeitherRetractsItNorHidesTheRightOne() {
        DoseAdministered retracted = dose("181", "18+", DoseKind.FIRST, T0);
        DoseAdministered kept = dose("181", "18+", DoseKind.SECOND, T0.plusSeconds(1));
        correct(kept, "178", "c-foreign", T0.plusSeconds(5));
        correct(retracted, "178", "c-foreign-2", T0.plusSeconds(5));
        correct(retracted, "181", "c-own", T0.plusSeconds(6));
        send(retracted);
        send(kept);

        assertCounts(coverage.readKeyValuesToMap().get("181|18+"), 0, 1, 0);
        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r, DeadLetters.REASON)).containsExactlyInAnyOrder(
                "districtCode: the correction names district 178 but dose " + retracted.getEventId()
                        + " was reported for district 181; not applied",
                "districtCode: the correction names district 178 but dose " + kept.getEventId()
                        + " was reported for district 181; not applied");
        assertThat(storeSize(VaccinationTopology.PENDING_CORRECTIONS_STORE)).isZero();
        assertThat(pendingCorrections()).isZero();
    }

    @Test
    void aCorrectionWithoutADistrictIsDeadLetteredAndRetractsNothing() {
        DoseAdministered dose = dose("182", "18+", DoseKind.FIRST, T0);
        send(dose);
        corrections.pipeInput(dose.getEventId(), DoseCorrection.newBuilder()
                .setCorrectionId("c-legacy").setDoseEventId(dose.getEventId())
                .setCorrectedAt(T0.plusSeconds(60)).setReason("entered twice").build(), T0.plusSeconds(60));
        correct(dose, "999", "c-unknown", T0.plusSeconds(61));

        assertCounts(coverage.readKeyValuesToMap().get("182|18+"), 1, 0, 0);
        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r, DeadLetters.REASON)).containsExactly(
                "districtCode: required (the district of the dose being retracted); a correction without it cannot be checked",
                "districtCode: unknown district code '999'");
    }

    @Test
    void aCorrectionWaitingForItsDoseExpiresAfterItsTimeToLiveAndALaterDoseCounts() {
        DoseAdministered dose = dose("183", "18+", DoseKind.FIRST, T0);
        correct(dose, "c-early", T0.plusSeconds(5));
        assertThat(pendingCorrections()).isEqualTo(1.0);

        driver.advanceWallClockTime(VaccinationTopology.DEFAULT_PENDING_CORRECTION_TTL.plus(DoseLedger.EXPIRY_INTERVAL));
        assertThat(pendingCorrections()).isZero();
        assertThat(storeSize(VaccinationTopology.PENDING_CORRECTIONS_STORE)).isZero();

        send(dose);
        assertCounts(coverage.readKeyValuesToMap().get("183|18+"), 1, 0, 0);
    }

    @Test
    void aCorrectionWaitingForItsDoseStillAppliesJustBeforeItsTimeToLive() {
        DoseAdministered dose = dose("183", "18+", DoseKind.FIRST, T0);
        correct(dose, "c-early", T0.plusSeconds(5));
        driver.advanceWallClockTime(VaccinationTopology.DEFAULT_PENDING_CORRECTION_TTL.minus(Duration.ofHours(1)));
        send(dose);
        send(dose("183", "18+", DoseKind.SECOND, T0.plusSeconds(6)));

        assertCounts(coverage.readKeyValuesToMap().get("183|18+"), 0, 1, 0);
        assertThat(pendingCorrections()).isZero();
    }

    @Test
    void correctionsOfUnknownDosesDoNotGrowTheStateBeyondTheirTimeToLive() {
        for (int i = 0; i < 200; i++) {
            DoseAdministered never = dose("184", "18+", DoseKind.FIRST, T0);
            correct(never, "c-random-" + i, T0.plusSeconds(i));
            correct(never, "c-random-" + i, T0.plusSeconds(i));
        }
        assertThat(pendingCorrections()).isEqualTo(200.0);
        assertThat(storeSize(VaccinationTopology.PENDING_CORRECTIONS_STORE)).isEqualTo(200);
        assertThat(storeSize(VaccinationTopology.LEDGER_STORE)).isZero();

        driver.advanceWallClockTime(VaccinationTopology.DEFAULT_PENDING_CORRECTION_TTL.plus(DoseLedger.EXPIRY_INTERVAL));
        assertThat(storeSize(VaccinationTopology.PENDING_CORRECTIONS_STORE)).isZero();
        assertThat(pendingCorrections()).isZero();
    }

    @Test
    void aCorrectionMarkerWithoutDistrictFromAnEarlierVersionDoesNotKeepTheDoseFromCounting() {
        DoseAdministered dose = dose("185", "18+", DoseKind.FIRST, T0);
        driver.<String, DoseLedgerEntry>getKeyValueStore(VaccinationTopology.LEDGER_STORE)
                .put(dose.getEventId(), DoseLedgerEntry.newBuilder().setCounted(false).setRetracted(true).build());
        send(dose);
        send(dose);

        assertCounts(coverage.readKeyValuesToMap().get("185|18+"), 1, 0, 0);
        correct(dose, "c-1", T0.plusSeconds(60));
        assertCounts(coverage.readKeyValuesToMap().get("185|18+"), 0, 0, 0);
    }

    @Test
    void aSecondCorrectionOfTheSameDoseDoesNothing() {
        DoseAdministered a = dose("183", "18+", DoseKind.FIRST, T0);
        DoseAdministered b = dose("183", "18+", DoseKind.FIRST, T0.plusSeconds(1));
        send(a);
        send(b);
        correct(a, "c-1", T0.plusSeconds(60));
        correct(a, "c-1", T0.plusSeconds(61));
        correct(a, "c-2", T0.plusSeconds(62));

        assertCounts(coverage.readKeyValuesToMap().get("183|18+"), 1, 0, 0);
    }

    @Test
    void aSecondCorrectionMonthsLaterStillDoesNothing() {
        DoseAdministered a = dose("183", "18+", DoseKind.FIRST, T0);
        send(a);
        send(dose("183", "18+", DoseKind.FIRST, T0.plusSeconds(1)));
        correct(a, "c-1", T0.plusSeconds(60));
        // Months later (stream time far on): the ledger still knows the dose was retracted.
        Instant muchLater = T0.plus(Duration.ofDays(120));
        send(dose("184", "18+", DoseKind.FIRST, muchLater));
        correct(a, "c-2", muchLater.plusSeconds(1));
        send(a);

        assertCounts(coverage.readKeyValuesToMap().get("183|18+"), 1, 0, 0);
    }

    @Test
    void aLateReportLandsOnItsAdministrationDayInTheProvincesTimeZone() {
        // 23:30 on 31 July in Lạng Sơn is still 31 July there (16:30 UTC), reported nine days later.
        Instant lateEvening = Instant.parse("2021-07-31T16:30:00Z");
        send(dose("185", "18+", DoseKind.FIRST, T0.plus(Duration.ofDays(9))));
        send(DoseAdministered.newBuilder(dose("185", "18+", DoseKind.FIRST, lateEvening))
                .setReportedAt(lateEvening.plus(Duration.ofDays(9))).build());
        // 00:30 on 1 August in Lạng Sơn is 31 July in UTC, and belongs to 1 August.
        send(dose("185", "18+", DoseKind.SECOND, Instant.parse("2021-07-31T17:30:00Z")));

        Map<String, DailyDoses> days = daily.readKeyValuesToMap();
        assertThat(days.get("185|18+|2021-07-31").getFirstDoses()).isEqualTo(1);
        assertThat(days.get("185|18+|2021-08-01").getSecondDoses()).isEqualTo(1);
        assertThat(days.get("185|18+|2021-08-10").getFirstDoses()).isEqualTo(1);
        assertThat(days.get("185|18+|2021-07-31").getDay()).isEqualTo(LocalDate.parse("2021-07-31"));
        assertCounts(coverage.readKeyValuesToMap().get("185|18+"), 2, 1, 0);
    }

    @Test
    void aCorrectionTakesTheDoseOffItsOwnDay() {
        DoseAdministered earlier = dose("186", "18+", DoseKind.BOOSTER, T0);
        send(earlier);
        send(dose("186", "18+", DoseKind.BOOSTER, T0.plus(Duration.ofDays(3))));
        correct(earlier, "c-1", T0.plus(Duration.ofDays(4)));

        Map<String, DailyDoses> days = daily.readKeyValuesToMap();
        assertThat(days.get("186|18+|" + DAY0).getBoosterDoses()).isZero();
        assertThat(days.get("186|18+|" + DAY0.plusDays(3)).getBoosterDoses()).isEqualTo(1);
    }

    @Test
    void aPopulationChangeRecomputesCoverage() {
        send(dose("187", "18+", DoseKind.FIRST, T0));
        send(dose("187", "18+", DoseKind.FIRST, T0.plusSeconds(1)));
        population.pipeInput("187|18+", population("187", "18+", 2021, 40_000), T0.plusSeconds(2));

        CohortCoverage first = coverage.readKeyValuesToMap().get("187|18+");
        assertThat(first.getPopulation()).isEqualTo(40_000L);
        assertThat(first.getPopulationYear()).isEqualTo(2021);

        population.pipeInput("187|18+", population("187", "18+", 2022, 41_250), T0.plusSeconds(3));

        CohortCoverage second = coverage.readKeyValuesToMap().get("187|18+");
        assertThat(second.getPopulation()).isEqualTo(41_250L);
        assertThat(second.getPopulationYear()).isEqualTo(2022);
        assertCounts(second, 2, 0, 0);
    }

    @Test
    void aCoverageRecordIsStampedWithTheNewestEventTimeItIncludesNotTheLatestInput() {
        // What pulse_api_freshness_seconds measures from: a late report (administered 10 minutes
        // earlier) does not move the cohort's record timestamp back; only a newer event moves it on.
        population.pipeInput("188|18+", population("188", "18+", 2021, 30_000), T0.minus(Duration.ofDays(30)));
        send(dose("188", "18+", DoseKind.FIRST, T0));
        send(dose("188", "18+", DoseKind.FIRST, T0.minusSeconds(600)));

        List<TestRecord<String, CohortCoverage>> records = coverage.readRecordsToList();
        TestRecord<String, CohortCoverage> last = records.get(records.size() - 1);
        assertCounts(last.value(), 2, 0, 0);
        assertThat(last.getRecordTime()).isEqualTo(T0);

        send(dose("188", "18+", DoseKind.SECOND, T0.plusSeconds(5)));
        assertThat(coverage.readRecordsToList()).last().extracting(TestRecord::getRecordTime).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aPopulationWithoutDosesYetShowsAsZeroCoverage() {
        population.pipeInput("189|12-17", population("189", "12-17", 2021, 2_691), T0);

        CohortCoverage c = coverage.readKeyValuesToMap().get("189|12-17");
        assertThat(c.getPopulation()).isEqualTo(2_691L);
        assertCounts(c, 0, 0, 0);
        assertThat(c.getDistrictCode()).isEqualTo("189");
        assertThat(c.getAsOf()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void aDoseInAUnitNotValidOnItsDayIsDeadLetteredUnderTheSelectedDataSet() {
        Instant august2025 = Instant.parse("2025-08-01T03:00:00Z");
        Geography.select(GeoDataSetLoader.loadShipped("langson-2025"));
        try {
            // District 178 ends on 2025-06-30; commune LS01 begins on 2025-07-01.
            send(dose("178", "18+", DoseKind.FIRST, august2025));
            send(dose("LS01", "18+", DoseKind.FIRST, august2025.plusSeconds(1)));
            send(dose("LS01", "18+", DoseKind.FIRST, Instant.parse("2025-06-30T03:00:00Z")));
            send(dose("178", "18+", DoseKind.FIRST, Instant.parse("2025-06-30T03:00:00Z")));
        } finally {
            Geography.select(GeoDataSetLoader.loadShipped(Geography.DEFAULT));
        }

        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r, DeadLetters.REASON)).containsExactly(
                "districtCode: unit '178' (Thanh pho Lang Son) is not valid on 2025-08-01 (valid until 2025-06-30)",
                "districtCode: unit 'LS01' (" + GeoDataSetLoader.loadShipped("langson-2025").unit("LS01").orElseThrow().nameAscii()
                        + ") is not valid on 2025-06-30 (valid from 2025-07-01)");
        Map<String, CohortCoverage> counted = coverage.readKeyValuesToMap();
        assertCounts(counted.get("LS01|18+"), 1, 0, 0);
        assertCounts(counted.get("178|18+"), 1, 0, 0);
    }

    @Test
    void aDoseForAnUnknownDistrictGoesToTheDeadLetterTopicAndProcessingContinues() {
        send(dose("999", "18+", DoseKind.FIRST, T0));
        send(dose("188", "18+", DoseKind.FIRST, T0.plusSeconds(1)));

        TestRecord<String, String> rejected = deadLetters.readRecord();
        assertThat(header(rejected, DeadLetters.REASON)).isEqualTo("districtCode: unknown district code '999'");
        assertThat(header(rejected, DeadLetters.SOURCE_TOPIC)).isEqualTo(VaccinationDriver.TOPICS.name(Topics.VACCINATION_DOSES));
        assertThat(coverage.readKeyValuesToMap()).containsOnlyKeys("188|18+");
    }

    @Test
    void impossibleDosesGoToTheDeadLetterTopicWithTheFieldAtFault() {
        send(DoseAdministered.newBuilder(dose("188", "65+", DoseKind.FIRST, T0)).build());
        send(DoseAdministered.newBuilder(dose("188", "18+", DoseKind.FIRST, T0)).setReportedAt(T0.minus(Duration.ofDays(1))).build());
        send(dose("188", "18+", DoseKind.FIRST, Instant.parse("2020-06-01T00:00:00Z")));
        send(DoseAdministered.newBuilder(dose("188", "18+", DoseKind.FIRST, T0)).setVaccineProduct(" ").build());

        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r, DeadLetters.REASON))
                .satisfiesExactly(
                        r -> assertThat(r).startsWith("ageGroup: unknown age group '65+'"),
                        r -> assertThat(r).startsWith("administeredAt: ").contains("is after reportedAt"),
                        r -> assertThat(r).contains("before the vaccination campaign"),
                        r -> assertThat(r).isEqualTo("vaccineProduct: must not be blank"));
        assertThat(coverage.isEmpty()).isTrue();
    }

    @Test
    void sumsAllocationsPerDistrictAndForTheProvincesOwnStockOnce() {
        allocations.pipeInput("a-1", allocation("a-1", "189", 1_000), T0);
        allocations.pipeInput("a-1", allocation("a-1", "189", 1_000), T0);
        allocations.pipeInput("a-2", allocation("a-2", "189", 500), T0.plusSeconds(1));
        allocations.pipeInput("a-3", allocation("a-3", null, 2_000), T0.plusSeconds(2));
        allocations.pipeInput("a-4", allocation("a-4", "189", 0), T0.plusSeconds(3));

        Map<String, AllocationTotal> totals = allocationTotals.readKeyValuesToMap();
        assertThat(totals.get("189").getDosesAllocated()).isEqualTo(1_500);
        assertThat(totals.get(AggregateKeys.PROVINCE_STOCK).getDosesAllocated()).isEqualTo(2_000);
        assertThat(totals.get(AggregateKeys.PROVINCE_STOCK).getDistrictCode()).isNull();
        assertThat(header(deadLetters.readRecord(), DeadLetters.REASON)).isEqualTo("doses: must be positive, was 0");
    }

    @Test
    void anAllocationReSentWithADeliveryDateLongBeforeTheNewestStillCountsOnce() {
        VaccineAllocation early = allocation("a-1", "189", 1_000);
        allocations.pipeInput("a-1", early, T0);
        VaccineAllocation later = VaccineAllocation.newBuilder(allocation("a-2", "189", 500)).setDeliveredOn(DAY0.plusDays(90)).build();
        allocations.pipeInput("a-2", later, T0.plus(Duration.ofDays(90)));
        // A second run of the same feed re-sends every allocation, stamped with its delivery date.
        allocations.pipeInput("a-1", early, T0);
        allocations.pipeInput("a-2", later, T0.plus(Duration.ofDays(90)));

        AllocationTotal total = allocationTotals.readKeyValuesToMap().get("189");
        assertThat(total.getDosesAllocated()).isEqualTo(1_500);
        assertThat(total.getLastDeliveredOn()).isEqualTo(DAY0.plusDays(90));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anAllocationReSentWithOtherContentReplacesTheVersionCounted() {
        allocations.pipeInput("a-1", allocation("a-1", "189", 1_000), T0);
        allocations.pipeInput("a-2", allocation("a-2", "189", 300), T0.plusSeconds(1));
        allocations.pipeInput("a-1", allocation("a-1", "189", 1_200), T0.plusSeconds(2));

        assertThat(allocationTotals.readKeyValuesToMap().get("189").getDosesAllocated()).isEqualTo(1_500);

        // Amended to another district: it leaves the first district's total and joins the other's.
        allocations.pipeInput("a-1", allocation("a-1", "178", 1_200), T0.plusSeconds(3));
        Map<String, AllocationTotal> totals = allocationTotals.readKeyValuesToMap();
        assertThat(totals.get("189").getDosesAllocated()).isEqualTo(300);
        assertThat(totals.get("178").getDosesAllocated()).isEqualTo(1_200);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anAllocationOfMoreThanTheMostDosesOneDeliveryMayCarryIsDeadLetteredAndTheTotalStaysRight() {
        allocations.pipeInput("a-1", allocation("a-1", "189", Long.MAX_VALUE), T0);
        allocations.pipeInput("a-2", allocation("a-2", "189", Long.MAX_VALUE), T0.plusSeconds(1));
        allocations.pipeInput("a-3", allocation("a-3", "189", DomainRules.MAX_ALLOCATION_DOSES), T0.plusSeconds(2));

        assertThat(allocationTotals.readKeyValuesToMap().get("189").getDosesAllocated())
                .isEqualTo(DomainRules.MAX_ALLOCATION_DOSES);
        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r, DeadLetters.REASON)).containsExactly(
                "doses: at most 10000000, was " + Long.MAX_VALUE,
                "doses: at most 10000000, was " + Long.MAX_VALUE);
    }

    private void send(DoseAdministered dose) {
        fixture.send(dose);
    }

    private void correct(DoseAdministered dose, String correctionId, Instant at) {
        correct(dose, dose.getDistrictCode(), correctionId, at);
    }

    private void correct(DoseAdministered dose, String district, String correctionId, Instant at) {
        fixture.correct(dose, district, correctionId, at);
    }

    /** The pending-corrections gauge, summed over the tasks. */
    private double pendingCorrections() {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(DoseLedger.PENDING_METRIC)
                        && e.getKey().group().equals("stream-" + DoseLedger.METRIC_SCOPE + "-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    private long storeSize(String store) {
        long n = 0;
        try (KeyValueIterator<String, ?> all = driver.<String, Object>getKeyValueStore(store).all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    private DoseAdministered dose(String district, String ageGroup, DoseKind kind, Instant at) {
        return fixture.dose(district, ageGroup, kind, "Pfizer-BioNTech", at);
    }

    private static Population population(String district, String ageGroup, int year, long people) {
        return Population.newBuilder().setDistrictCode(district).setAgeGroup(ageGroup).setYear(year).setPopulation(people).build();
    }

    private static VaccineAllocation allocation(String id, String district, long doses) {
        return VaccineAllocation.newBuilder().setAllocationId(id).setDistrictCode(district)
                .setVaccineProduct("AstraZeneca").setDoses(doses).setDeliveredOn(DAY0).build();
    }

    private static void assertCounts(CohortCoverage c, long first, long second, long booster) {
        assertThat(c).as("coverage").isNotNull();
        assertThat(new long[] {c.getFirstDoses(), c.getSecondDoses(), c.getBoosterDoses()})
                .as("first, second, booster of %s|%s", c.getDistrictCode(), c.getAgeGroup())
                .containsExactly(first, second, booster);
    }

    private static String header(TestRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
