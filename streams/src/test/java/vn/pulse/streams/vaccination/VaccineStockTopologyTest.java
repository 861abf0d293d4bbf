package vn.pulse.streams.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.pulse.core.topics.Topics;
import vn.pulse.schemas.border.AlertStatus;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.schemas.health.StockAlert;
import vn.pulse.schemas.health.VaccineAllocation;
import vn.pulse.schemas.health.VaccineStock;
import vn.pulse.streams.common.DeadLetters;

/** Vaccine stock per district (or the province) and product, its 7-day window and the stock-out alert. */
class VaccineStockTopologyTest {

    /** 2021-08-01 09:00 in Lạng Sơn. */
    private static final Instant T0 = Instant.parse("2021-08-01T02:00:00Z");
    private static final LocalDate DAY0 = LocalDate.parse("2021-08-01");
    private static final String PFIZER = "Pfizer-BioNTech";
    private static final String ASTRA = "AstraZeneca";

    private VaccinationDriver fixture;
    private TestInputTopic<String, DoseAdministered> doses;
    private TestInputTopic<String, VaccineAllocation> allocations;
    private TestOutputTopic<String, VaccineStock> stock;
    private TestOutputTopic<String, StockAlert> alerts;

    @BeforeEach
    void setUp() {
        start(VaccinationTopology.Options.defaults());
    }

    private void start(VaccinationTopology.Options options) {
        fixture = new VaccinationDriver("vaccine-stock-topology-test", 0, options);
        doses = fixture.doses;
        allocations = fixture.allocations;
        stock = fixture.output(Topics.VACCINE_STOCK);
        alerts = fixture.output(Topics.ALERTS);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void stockOnHandIsWhatWasAllocatedLessTheDosesGivenPerDistrictAndProduct() {
        allocate("a-1", "178", PFIZER, 1_000, DAY0);
        allocate("a-2", "178", ASTRA, 500, DAY0);
        allocate("a-3", null, PFIZER, 2_000, DAY0);
        give("178", PFIZER, T0, 3);
        give("178", ASTRA, T0, 1);
        give("186", PFIZER, T0, 2);

        Map<String, VaccineStock> latest = stock.readKeyValuesToMap();
        assertThat(latest).containsOnlyKeys("178|" + PFIZER, "178|" + ASTRA, "province|" + PFIZER, "186|" + PFIZER);
        assertFigures(latest.get("178|" + PFIZER), 1_000, 3, 997);
        assertFigures(latest.get("178|" + ASTRA), 500, 1, 499);
        assertFigures(latest.get("186|" + PFIZER), 0, 2, -2);
        VaccineStock province = latest.get("province|" + PFIZER);
        assertFigures(province, 2_000, 0, 2_000);
        assertThat(province.getDistrictCode()).isNull();
    }

    @Test
    void theWindowHoldsTheLatestDayAndTheSixBeforeAndALateReportOfAnOlderDayCountsOnlyInTheTotal() {
        allocate("a-1", "180", PFIZER, 10_000, DAY0);
        for (int day = 0; day < 10; day++) {
            give("180", PFIZER, T0.plus(Duration.ofDays(day)), day + 1);
        }
        VaccineStock now = stock.readKeyValuesToMap().get("180|" + PFIZER);
        assertThat(now.getWindowEndsOn()).isEqualTo(DAY0.plusDays(9));
        assertThat(now.getDailyDoses7d()).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(now.getDosesAdministered()).isEqualTo(55);

        give("180", PFIZER, T0.plus(Duration.ofDays(1)), 5); // reported late, before the window
        give("180", PFIZER, T0.plus(Duration.ofDays(8)), 2); // reported late, inside it
        now = stock.readKeyValuesToMap().get("180|" + PFIZER);
        assertThat(now.getDailyDoses7d()).containsExactly(4L, 5L, 6L, 7L, 8L, 11L, 10L);
        assertThat(now.getDosesAdministered()).isEqualTo(62);
        assertThat(now.getOnHand()).isEqualTo(10_000 - 62);
    }

    @Test
    void aStockNoLongerUsedSlidesItsWindowWhenTheDaysMoveOn() {
        allocate("a-1", "181", ASTRA, 100, DAY0);
        give("181", ASTRA, T0, 7);
        give("181", PFIZER, T0.plus(Duration.ofDays(3)), 1);
        assertThat(stock.readKeyValuesToMap().get("181|" + ASTRA).getDailyDoses7d()).containsExactly(0L, 0L, 0L, 7L, 0L, 0L, 0L);

        give("181", PFIZER, T0.plus(Duration.ofDays(7)), 1);
        VaccineStock astra = stock.readKeyValuesToMap().get("181|" + ASTRA);
        assertThat(astra.getWindowEndsOn()).isEqualTo(DAY0.plusDays(7));
        assertThat(astra.getDailyDoses7d()).containsOnly(0L);
        assertThat(astra.getOnHand()).isEqualTo(93);
    }

    @Test
    void theAlertIsRaisedBelowItsMarkAndClearedOnlyAtTheHigherOne() {
        allocate("a-1", "182", PFIZER, 70, DAY0);
        for (int day = 0; day < 3; day++) {
            give("182", PFIZER, T0.plus(Duration.ofDays(day)), 10);
        }
        // 40 doses left at 30 a week: 9.3 days of stock, above the raise mark (7).
        assertThat(alerts.isEmpty()).isTrue();

        give("182", PFIZER, T0.plus(Duration.ofDays(3)), 10);
        // Raised by the sixth dose of the day: 34 left at 36 a week, 6.6 days (the rest bring it to 5.25).
        StockAlert raised = alerts.readValue();
        assertThat(raised.getStatus()).isEqualTo(AlertStatus.RAISED);
        assertThat(raised.getDistrictCode()).isEqualTo("182");
        assertThat(raised.getVaccineProduct()).isEqualTo(PFIZER);
        assertThat(raised.getOnHand()).isEqualTo(34);
        assertThat(raised.getDosesLast7Days()).isEqualTo(36);
        assertThat(raised.getRaisedAt()).isEqualTo(T0.plus(Duration.ofDays(3)).plusSeconds(2));
        assertThat(raised.getMessage()).contains("Low stock of Pfizer-BioNTech in district 182: 34 doses on hand, 6.6 days at the 7-day average of 5.14 doses");
        assertThat(stock.readKeyValuesToMap().get("182|" + PFIZER).getAlertRaisedAt()).isEqualTo(raised.getRaisedAt());

        // A delivery to 70 doses: 12.25 days, above the raise mark but below the clear mark (14): still raised.
        allocate("a-2", "182", PFIZER, 40, DAY0.plusDays(3));
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(stock.readKeyValuesToMap().get("182|" + PFIZER).getAlertRaisedAt()).isNotNull();

        // Another to 100 doses: 17.5 days, cleared.
        allocate("a-3", "182", PFIZER, 30, DAY0.plusDays(3));
        StockAlert cleared = alerts.readValue();
        assertThat(cleared.getStatus()).isEqualTo(AlertStatus.CLEARED);
        assertThat(cleared.getAlertId()).isEqualTo(raised.getAlertId()).isEqualTo("182|Pfizer-BioNTech|" + raised.getRaisedAt());
        assertThat(cleared.getClearedAt()).isNotNull();
        VaccineStock after = stock.readKeyValuesToMap().get("182|" + PFIZER);
        assertThat(after.getAlertRaisedAt()).isNull();
        assertThat(after.getLastAlertRaisedAt()).isEqualTo(raised.getRaisedAt());
        assertThat(after.getLastAlertClearedAt()).isEqualTo(cleared.getClearedAt());
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void aStockUsedUpWhileDosesAreStillGivenRaisesTheAlertAndOnlyADeliveryClearsIt() {
        allocate("a-1", "183", ASTRA, 1_000, DAY0);
        give("183", ASTRA, T0, 1);
        assertThat(alerts.isEmpty()).isTrue();
        give("184", ASTRA, T0, 2); // a district with no delivery of this product
        StockAlert raised = alerts.readValue();
        assertThat(raised.getDistrictCode()).isEqualTo("184");
        assertThat(raised.getOnHand()).isEqualTo(-1);
        assertThat(alerts.isEmpty()).as("raised once").isTrue();

        // No doses for a week: the stock is not used any more, but still empty: the alert stays.
        give("183", ASTRA, T0.plus(Duration.ofDays(8)), 1);
        assertThat(stock.readKeyValuesToMap().get("184|" + ASTRA).getDailyDoses7d()).containsOnly(0L);
        assertThat(alerts.isEmpty()).isTrue();

        allocate("a-2", "184", ASTRA, 10, DAY0.plusDays(8));
        assertThat(alerts.readValue().getStatus()).isEqualTo(AlertStatus.CLEARED);
    }

    @Test
    void aDeliveryDatedBeforeTheDosesThatEmptiedTheStockClearsTheAlertNoEarlierThanItWasRaised() {
        // Doses given before their district's delivery is recorded: the stock is empty and the alert raised.
        give("187", ASTRA, T0, 3);
        StockAlert raised = alerts.readValue();
        assertThat(raised.getStatus()).isEqualTo(AlertStatus.RAISED);
        assertThat(raised.getRaisedAt()).isEqualTo(T0);

        // The delivery, recorded late, is dated three days before those doses.
        allocate("a-1", "187", ASTRA, 10_000, DAY0.minusDays(3));
        StockAlert cleared = alerts.readValue();
        assertThat(cleared.getStatus()).isEqualTo(AlertStatus.CLEARED);
        assertThat(cleared.getRaisedAt()).isEqualTo(raised.getRaisedAt());
        assertThat(cleared.getClearedAt()).as("cleared at the newest time the stock knows (its last dose), never before it was raised")
                .isEqualTo(T0.plusSeconds(2));
        assertThat(stock.readKeyValuesToMap().get("187|" + ASTRA).getLastAlertClearedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void aCorrectionGivesItsDoseBackToTheStockOfItsProduct() {
        allocate("a-1", "185", PFIZER, 100, DAY0);
        List<DoseAdministered> given = give("185", PFIZER, T0, 3);
        give("185", ASTRA, T0, 1);
        DoseAdministered wrong = given.get(1);
        fixture.correct(wrong, "185", "c-1", T0.plus(Duration.ofDays(2)));
        // Sent again: applied once.
        fixture.correct(wrong, "185", "c-2", T0.plus(Duration.ofDays(2)));

        Map<String, VaccineStock> latest = stock.readKeyValuesToMap();
        assertFigures(latest.get("185|" + PFIZER), 100, 2, 98);
        assertThat(latest.get("185|" + PFIZER).getDailyDoses7d()).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 2L);
        assertThat(latest.get("185|" + ASTRA).getDosesAdministered()).isEqualTo(1);
    }

    @Test
    void anAmendedAllocationMovesItsDosesToTheStockItNowNames() {
        allocate("a-1", "186", PFIZER, 1_000, DAY0);
        allocate("a-1", "186", ASTRA, 800, DAY0);
        Map<String, VaccineStock> latest = stock.readKeyValuesToMap();
        assertThat(latest.get("186|" + PFIZER).getDosesAllocated()).isZero();
        assertThat(latest.get("186|" + ASTRA).getDosesAllocated()).isEqualTo(800);
    }

    @Test
    void anAllocationAmendedInPlaceIsJudgedOnceOnItsNewFiguresNeverWithoutIt() {
        allocate("a-1", "182", PFIZER, 100, DAY0);
        for (int day = 0; day < 3; day++) {
            give("182", PFIZER, T0.plus(Duration.ofDays(day)), 10);
        }
        // 70 doses left at 30 a week: 16.3 days, no alert.
        assertThat(alerts.isEmpty()).isTrue();
        stock.readValuesToList();

        // The same delivery re-sent with 110 doses: 80 left, 18.7 days. The stock was never without it.
        allocate("a-1", "182", PFIZER, 110, DAY0);
        assertThat(alerts.isEmpty()).as("no alert raised while the old version is taken out").isTrue();
        List<VaccineStock> emitted = stock.readValuesToList();
        assertThat(emitted).as("one change: the amendment").hasSize(1);
        assertFigures(emitted.get(0), 110, 30, 80);
    }

    @Test
    void aProductNameWithTheKeySeparatorIsDeadLetteredNamingTheField() {
        TestOutputTopic<String, String> deadLetters = fixture.deadLetters();
        give("178", "Pfizer|BioNTech", T0, 1);
        allocate("a-1", "178", "Pfizer|BioNTech", 100, DAY0);

        assertThat(deadLetters.readRecordsToList()).extracting(r -> new String(r.headers().lastHeader(DeadLetters.REASON).value(),
                java.nio.charset.StandardCharsets.UTF_8)).containsExactly(
                "vaccineProduct: must not contain '|', was 'Pfizer|BioNTech'",
                "vaccineProduct: must not contain '|', was 'Pfizer|BioNTech'");
        assertThat(stock.isEmpty()).isTrue();
    }

    @Test
    void theAlertMarksComeFromTheOptions() {
        fixture.close();
        start(VaccinationTopology.Options.defaults().withStockAlertMarks(30, 60));

        allocate("a-1", "187", PFIZER, 200, DAY0);
        give("187", PFIZER, T0, 10); // 190 left at 10 a week: 133 days
        assertThat(alerts.isEmpty()).isTrue();
        give("187", PFIZER, T0, 40); // 150 left at 50 a week: 21 days, below 30
        StockAlert raised = alerts.readValue();
        assertThat(raised.getRaiseBelowDays()).isEqualTo(30);
        assertThat(raised.getClearAtDays()).isEqualTo(60);
    }

    private void allocate(String id, String district, String product, long doses, LocalDate on) {
        allocations.pipeInput(id, VaccineAllocation.newBuilder().setAllocationId(id).setDistrictCode(district)
                .setVaccineProduct(product).setDoses(doses).setDeliveredOn(on).build(), on.atTime(8, 0).atZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).toInstant());
    }

    /** {@code n} doses of {@code product} given in {@code district} at {@code at} (one second apart). */
    private List<DoseAdministered> give(String district, String product, Instant at, int n) {
        List<DoseAdministered> given = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant when = at.plusSeconds(Math.min(i, 2));
            DoseAdministered dose = fixture.dose(district, "18+", DoseKind.FIRST, product, when);
            fixture.send(dose);
            given.add(dose);
        }
        return given;
    }

    private static void assertFigures(VaccineStock s, long allocated, long administered, long onHand) {
        assertThat(s).as("stock").isNotNull();
        assertThat(new long[] {s.getDosesAllocated(), s.getDosesAdministered(), s.getOnHand()})
                .as("allocated, administered, on hand of %s|%s", s.getDistrictCode(), s.getVaccineProduct())
                .containsExactly(allocated, administered, onHand);
    }

    @SuppressWarnings("unused")
    private static List<TestRecord<String, StockAlert>> all(TestOutputTopic<String, StockAlert> topic) {
        return topic.readRecordsToList();
    }
}
