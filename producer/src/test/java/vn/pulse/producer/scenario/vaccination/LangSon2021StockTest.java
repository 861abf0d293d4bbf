package vn.pulse.producer.scenario.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.VaccineAllocation;

/**
 * The scenario's vaccine stock, replayed by event time as the Streams app keeps it: per district and
 * product, what was delivered by the end of each day less the doses given up to it (net of
 * corrections) never falls below zero, so the stock-out alerts of a replay mean something.
 */
class LangSon2021StockTest {

    /** stock key (district|product) -> day -> change of the stock that day. */
    private static final Map<String, TreeMap<LocalDate, Long>> CHANGES = new TreeMap<>();

    @BeforeAll
    static void replay() {
        Set<String> seen = new HashSet<>();
        Set<String> retracted = new HashSet<>();
        Map<String, DoseAdministered> counted = new java.util.HashMap<>();
        ScenarioEvents scenario = new ScenarioEvents(2021);
        while (scenario.hasNext()) {
            ScenarioEvents.Event e = scenario.next();
            switch (e.kind()) {
                case ALLOCATION -> {
                    VaccineAllocation a = (VaccineAllocation) e.value();
                    change(a.getDistrictCode() + "|" + a.getVaccineProduct(), a.getDeliveredOn(), a.getDoses());
                }
                case DOSE -> {
                    DoseAdministered d = (DoseAdministered) e.value();
                    if (seen.add(d.getEventId()) && !retracted.contains(d.getEventId())) {
                        counted.put(d.getEventId(), d);
                        change(d.getDistrictCode() + "|" + d.getVaccineProduct(), DomainRules.localDate(d.getAdministeredAt()), -1);
                    }
                }
                case CORRECTION -> {
                    DoseCorrection c = (DoseCorrection) e.value();
                    if (retracted.add(c.getDoseEventId())) {
                        DoseAdministered d = counted.remove(c.getDoseEventId());
                        if (d != null) {
                            change(d.getDistrictCode() + "|" + d.getVaccineProduct(), DomainRules.localDate(d.getAdministeredAt()), +1);
                        }
                    }
                }
            }
        }
    }

    private static void change(String key, LocalDate day, long doses) {
        CHANGES.computeIfAbsent(key, k -> new TreeMap<>()).merge(day, doses, Long::sum);
        DISTRICTS.computeIfAbsent(key.substring(0, key.indexOf('|')), k -> new TreeMap<>()).merge(day, doses, Long::sum);
    }

    /** district -> day -> change of its stock of every product together. */
    private static final Map<String, TreeMap<LocalDate, Long>> DISTRICTS = new TreeMap<>();

    @Test
    void theStockOfEveryDistrictNeverFallsBelowZero() {
        assertThat(negatives(DISTRICTS)).as("district stocks below zero").isEmpty();
    }

    private static List<String> negatives(Map<String, TreeMap<LocalDate, Long>> changes) {
        List<String> negative = new ArrayList<>();
        changes.forEach((key, days) -> {
            long stock = 0;
            long lowest = Long.MAX_VALUE;
            LocalDate when = null;
            for (Map.Entry<LocalDate, Long> day : days.entrySet()) {
                stock += day.getValue();
                if (stock < lowest) {
                    lowest = stock;
                    when = day.getKey();
                }
            }
            if (lowest < 0) {
                negative.add(key + " lowest " + lowest + " on " + when + ", ends at " + stock);
            }
        });
        return negative;
    }

    @Test
    void theStockOfEveryProductInEveryDistrictNeverFallsBelowZero() {
        assertThat(negatives(CHANGES)).as("stocks below zero").isEmpty();
    }
}
