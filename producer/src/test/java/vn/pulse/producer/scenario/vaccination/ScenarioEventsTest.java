package vn.pulse.producer.scenario.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.schemas.health.VaccineAllocation;

/**
 * Replays the whole scenario through a plain in-memory model of the rules (each event id once, a
 * correction retracts its dose once, before or after it): the net counts are the report's, and the
 * noise the issue asks for is there.
 */
class ScenarioEventsTest {

    private static final Map<String, long[]> NET = new HashMap<>();
    private static long events;
    private static long doseReports;
    private static long repeatedDoseReports;
    private static long lateReports;
    private static long corrections;
    private static long correctionsBeforeDose;
    private static long repeatedCorrections;
    private static long allocated;
    private static boolean inOrder = true;
    private static boolean timestampsAreEventTime = true;
    private static LocalDate firstDay = LocalDate.MAX;
    private static LocalDate lastDay = LocalDate.MIN;

    @BeforeAll
    static void replay() {
        Map<String, DoseAdministered> counted = new HashMap<>();
        Set<String> seenDoses = new HashSet<>();
        Set<String> retracted = new HashSet<>();
        Instant previous = Instant.MIN;
        ScenarioEvents scenario = new ScenarioEvents(2021);
        while (scenario.hasNext()) {
            ScenarioEvents.Event e = scenario.next();
            events++;
            inOrder &= !e.sentAt().isBefore(previous);
            previous = e.sentAt();
            switch (e.kind()) {
                case DOSE -> {
                    DoseAdministered d = (DoseAdministered) e.value();
                    doseReports++;
                    timestampsAreEventTime &= e.timestamp().equals(d.getAdministeredAt()) && e.key().equals(d.getEventId());
                    if (!seenDoses.add(d.getEventId())) {
                        repeatedDoseReports++;
                        continue;
                    }
                    if (d.getReportedAt().isAfter(d.getAdministeredAt().plus(java.time.Duration.ofDays(1)))) {
                        lateReports++;
                    }
                    LocalDate day = LocalDate.ofInstant(d.getAdministeredAt(), DomainRules.ZONE);
                    firstDay = day.isBefore(firstDay) ? day : firstDay;
                    lastDay = day.isAfter(lastDay) ? day : lastDay;
                    if (!retracted.contains(d.getEventId())) {
                        counted.put(d.getEventId(), d);
                        change(d, +1);
                    }
                }
                case CORRECTION -> {
                    DoseCorrection c = (DoseCorrection) e.value();
                    corrections++;
                    timestampsAreEventTime &= e.key().equals(c.getDoseEventId());
                    if (!retracted.add(c.getDoseEventId())) {
                        repeatedCorrections++;
                        continue;
                    }
                    DoseAdministered d = counted.remove(c.getDoseEventId());
                    if (d == null) {
                        correctionsBeforeDose++;
                    } else {
                        change(d, -1);
                    }
                }
                case ALLOCATION -> allocated += ((VaccineAllocation) e.value()).getDoses();
            }
        }
    }

    private static void change(DoseAdministered d, int sign) {
        long[] counts = NET.computeIfAbsent(d.getAgeGroup(), k -> new long[3]);
        counts[d.getDoseKind().ordinal()] += sign;
    }

    @Test
    void netOfDuplicatesAndCorrectionsTheEventsGiveTheReportsFigures() {
        long[] adults = NET.get(AgeGroups.ADULTS);
        long[] adolescents = NET.get(AgeGroups.ADOLESCENTS);
        assertThat(adults).containsExactly(LangSon2021.ADULTS_FIRST, LangSon2021.ADULTS_SECOND, LangSon2021.BOOSTER_DOSES);
        assertThat(adolescents).containsExactly(LangSon2021.ADOLESCENTS_FIRST, LangSon2021.ADOLESCENTS_SECOND, 0L);
        assertThat(adults[0] + adults[1] + adults[2] + adolescents[0] + adolescents[1]).isEqualTo(LangSon2021.DOSES_ADMINISTERED);
        assertThat(allocated).isEqualTo(LangSon2021.DOSES_ALLOCATED);
    }

    @Test
    void theEventsCarryRealisticNoise() {
        assertThat((double) repeatedDoseReports / doseReports).as("duplicate share").isBetween(0.008, 0.012);
        assertThat(lateReports).as("late reports").isGreaterThan(20_000);
        assertThat(corrections).as("corrections").isGreaterThan(2_000);
        assertThat(correctionsBeforeDose).as("corrections before their dose").isGreaterThan(100);
        assertThat(repeatedCorrections).as("repeated corrections").isGreaterThan(100);
    }

    @Test
    void eventsComeInTheOrderTheyAreSentStampedWithEventTimeAndKeyedByDoseId() {
        assertThat(inOrder).isTrue();
        assertThat(timestampsAreEventTime).isTrue();
        assertThat(firstDay).isEqualTo(LocalDate.of(2021, 3, 8));
        assertThat(lastDay).isEqualTo(LocalDate.of(2022, 1, 9));
        assertThat(events).isBetween(1_170_000L, 1_190_000L);
    }

    @Test
    void spreadIsExactAndNeverNegative() {
        assertThat(ScenarioEvents.spread(10, new long[] {1, 0, 3, 1})).containsExactly(2, 0, 6, 2);
        assertThat(ScenarioEvents.spread(7, new long[] {0, 5, 5})).containsExactly(0, 3, 4);
    }

    @Test
    void theSameSeedGivesTheSameEvents() {
        ScenarioEvents a = new ScenarioEvents(7);
        ScenarioEvents b = new ScenarioEvents(7);
        for (int i = 0; i < 1_000; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
        assertThat(DoseKind.values()).hasSize(3);
    }
}
