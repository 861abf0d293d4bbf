package vn.pulse.producer.scenario.vaccination;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.schemas.health.VaccineAllocation;

/**
 * The raw events of the Lạng Sơn 2021 scenario, in the order the sources send them (by when they
 * are reported), deterministic for a seed. Net of duplicates and corrections they add up exactly to
 * {@link LangSon2021#cohorts()}; on top of that they carry the noise of real sources:
 * <ul>
 *   <li>about 1 % of dose reports are sent twice (same event id, minutes to days apart);</li>
 *   <li>about 3 % are reported 1 to 10 days after the dose was given;</li>
 *   <li>about 0.2 % extra doses are entered by mistake and retracted by a correction; a tenth of
 *       those corrections arrive before the mistaken dose itself, some are sent twice, some are
 *       followed by a second correction of the same dose;</li>
 *   <li>allocations arrive on their delivery day.</li>
 * </ul>
 * Each day's doses follow the shape of the campaign (a slow spring, the August to October surge,
 * adolescents from late October, boosters from December), spread exactly by cumulative rounding.
 *
 * <p>Generated a day at a time: memory stays small whatever the scenario's size.
 */
public final class ScenarioEvents implements Iterator<ScenarioEvents.Event> {

    static final int DUPLICATE_PER_MILLE = 10;
    static final int LATE_PER_MILLE = 30;
    static final int MISTAKE_PER_MILLE = 2;

    /** Which raw topic an event belongs to. */
    public enum Kind { DOSE, CORRECTION, ALLOCATION }

    /**
     * One record to send.
     *
     * @param timestamp the record's timestamp (event time: when the dose was given, the correction filed, the delivery made)
     * @param sentAt    when the source sends it; events come out in this order
     */
    public record Event(Kind kind, String key, SpecificRecord value, Instant timestamp, Instant sentAt) {
    }

    /** Campaign curves: (date, weight) points, linear in between, zero outside. */
    private static final List<Curve> CURVES = List.of(
            new Curve(AgeGroups.ADULTS, DoseKind.FIRST, "2021-03-08:10 2021-06-30:10 2021-07-20:40 2021-08-20:120 "
                    + "2021-09-20:140 2021-10-20:80 2021-11-20:20 2021-12-31:5 2022-01-09:2"),
            new Curve(AgeGroups.ADULTS, DoseKind.SECOND, "2021-04-20:5 2021-07-31:10 2021-08-31:60 2021-09-30:120 "
                    + "2021-10-31:120 2021-11-30:60 2021-12-31:20 2022-01-09:10"),
            new Curve(AgeGroups.ADULTS, DoseKind.BOOSTER, "2021-11-25:5 2021-12-15:40 2022-01-09:100"),
            new Curve(AgeGroups.ADOLESCENTS, DoseKind.FIRST, "2021-10-25:20 2021-11-10:100 2021-11-30:60 "
                    + "2021-12-20:10 2022-01-09:2"),
            new Curve(AgeGroups.ADOLESCENTS, DoseKind.SECOND, "2021-11-15:10 2021-12-01:80 2021-12-20:80 2022-01-09:20"));

    private static final List<String> CORRECTION_REASONS = List.of(
            "entered twice", "dose recorded for the wrong person", "test entry during training", "dose not given (refused at the site)");

    private final SplittableRandom random;
    private final PriorityQueue<Event> pending = new PriorityQueue<>((a, b) -> {
        int c = a.sentAt().compareTo(b.sentAt());
        return c != 0 ? c : Long.compare(sequenceOf(a), sequenceOf(b));
    });
    private final List<LangSon2021.Cohort> cohorts = LangSon2021.cohorts();
    /** counts[cohort][curve][day]: doses of that kind given on that day. */
    private final int[][][] counts;
    private final List<VaccineAllocation> allocations = LangSon2021.allocations();
    private final int days;
    private int day;
    private long sequence;
    /** Doses each district holds of each product ({@code district|product}) as the days are generated: delivered less given. */
    private final Map<String, Long> stock = new HashMap<>();
    /** The next allocation (by delivery day) not yet in {@link #stock}. */
    private int nextDelivery;
    private final List<VaccineAllocation> byDeliveryDay;

    public ScenarioEvents(long seed) {
        this.random = new SplittableRandom(seed);
        this.days = (int) ChronoUnit.DAYS.between(LangSon2021.FIRST_DAY, LangSon2021.LAST_DAY) + 1;
        this.counts = new int[cohorts.size()][CURVES.size()][];
        for (int c = 0; c < cohorts.size(); c++) {
            LangSon2021.Cohort cohort = cohorts.get(c);
            for (int k = 0; k < CURVES.size(); k++) {
                Curve curve = CURVES.get(k);
                counts[c][k] = curve.ageGroup().equals(cohort.ageGroup())
                        ? spread(dosesOf(cohort, curve.kind()), curve.dailyWeights(LangSon2021.FIRST_DAY, days))
                        : new int[days];
            }
        }
        this.byDeliveryDay = allocations.stream().filter(a -> a.getDistrictCode() != null)
                .sorted(Comparator.comparing(VaccineAllocation::getDeliveredOn)).toList();
        for (VaccineAllocation allocation : allocations) {
            Instant at = allocation.getDeliveredOn().atTime(LocalTime.of(8, 0)).atZone(DomainRules.ZONE).toInstant();
            pending.add(new Event(Kind.ALLOCATION, allocation.getAllocationId(), allocation, at, at));
        }
    }

    @Override
    public boolean hasNext() {
        fill();
        return !pending.isEmpty();
    }

    @Override
    public Event next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    /** Generates days until the earliest pending event can no longer be preceded by one not generated yet. */
    private void fill() {
        while (day < days && (pending.isEmpty() || !pending.peek().sentAt().isBefore(startOf(day)))) {
            generateDay(day++);
        }
    }

    private Instant startOf(int dayIndex) {
        return LangSon2021.FIRST_DAY.plusDays(dayIndex).atStartOfDay(DomainRules.ZONE).toInstant();
    }

    private void generateDay(int d) {
        LocalDate date = LangSon2021.FIRST_DAY.plusDays(d);
        // The day's deliveries (08:00) are in the districts' stock before its doses (07:00-17:00) are counted:
        // the stock is judged per day, as the Streams app's daily figures are.
        while (nextDelivery < byDeliveryDay.size() && !byDeliveryDay.get(nextDelivery).getDeliveredOn().isAfter(date)) {
            VaccineAllocation delivery = byDeliveryDay.get(nextDelivery++);
            stock.merge(delivery.getDistrictCode() + "|" + delivery.getVaccineProduct(), delivery.getDoses(), Long::sum);
        }
        for (int c = 0; c < cohorts.size(); c++) {
            LangSon2021.Cohort cohort = cohorts.get(c);
            for (int k = 0; k < CURVES.size(); k++) {
                DoseKind kind = CURVES.get(k).kind();
                for (int n = counts[c][k][d]; n > 0; n--) {
                    DoseAdministered dose = dose(cohort, kind, date, null);
                    report(dose);
                    if (random.nextInt(1000) < MISTAKE_PER_MILLE) {
                        mistake(cohort, kind, date);
                    }
                }
            }
        }
    }

    /** Sends a dose, maybe twice. */
    private void report(DoseAdministered dose) {
        add(Kind.DOSE, dose.getEventId(), dose, dose.getAdministeredAt(), dose.getReportedAt());
        if (random.nextInt(1000) < DUPLICATE_PER_MILLE) {
            Instant resent = dose.getReportedAt().plusSeconds(60 + random.nextInt(3 * 24 * 3600));
            add(Kind.DOSE, dose.getEventId(), dose, dose.getAdministeredAt(), resent);
        }
    }

    /** A dose entered by mistake, and its correction (sometimes before it, sometimes twice). */
    private void mistake(LangSon2021.Cohort cohort, DoseKind kind, LocalDate date) {
        // A tenth of the mistaken reports are themselves late: the site files the correction before they arrive.
        boolean correctedFirst = random.nextInt(10) == 0;
        DoseAdministered wrong = dose(cohort, kind, date, correctedFirst ? Duration.ofDays(6) : null);
        Instant correctedAt;
        if (correctedFirst) {
            correctedAt = wrong.getAdministeredAt().plus(Duration.ofDays(1));
        } else {
            correctedAt = wrong.getReportedAt().plusSeconds(3600 + random.nextInt(5 * 24 * 3600));
        }
        report(wrong);
        DoseCorrection correction = DoseCorrection.newBuilder()
                .setCorrectionId("ls21-c-" + Long.toString(++sequence, 36))
                .setDoseEventId(wrong.getEventId())
                .setDistrictCode(wrong.getDistrictCode())
                .setCorrectedAt(correctedAt)
                .setReason(CORRECTION_REASONS.get(random.nextInt(CORRECTION_REASONS.size())))
                .build();
        add(Kind.CORRECTION, wrong.getEventId(), correction, correctedAt, correctedAt);
        int extra = random.nextInt(100);
        if (extra < 5) {
            Instant again = correctedAt.plusSeconds(600 + random.nextInt(24 * 3600));
            add(Kind.CORRECTION, wrong.getEventId(), correction, correctedAt, again);
        } else if (extra < 8) {
            Instant second = correctedAt.plus(Duration.ofDays(2));
            add(Kind.CORRECTION, wrong.getEventId(), DoseCorrection.newBuilder()
                    .setCorrectionId("ls21-c-" + Long.toString(++sequence, 36)).setDoseEventId(wrong.getEventId())
                    .setDistrictCode(wrong.getDistrictCode()).setCorrectedAt(second).setReason(correction.getReason()).build(), second, second);
        }
    }

    /** A dose given on {@code date}, reported {@code delay} later (null: usually at once, sometimes days late). */
    private DoseAdministered dose(LangSon2021.Cohort cohort, DoseKind kind, LocalDate date, Duration delay) {
        // Sites work from 07:00 to 17:00.
        Instant administered = date.atTime(7, 0).atZone(DomainRules.ZONE).toInstant().plusSeconds(random.nextInt(10 * 3600));
        Instant reported = delay != null ? administered.plus(delay) : random.nextInt(1000) < LATE_PER_MILLE
                ? administered.plus(Duration.ofDays(1 + random.nextInt(10))).plusSeconds(random.nextInt(8 * 3600))
                : administered.plusSeconds(300 + random.nextInt(2 * 3600));
        return DoseAdministered.newBuilder()
                .setEventId("ls21-d-" + Long.toString(++sequence, 36))
                .setAdministeredAt(administered)
                .setReportedAt(reported)
                .setSiteId("site-" + cohort.districtCode() + "-" + (1 + random.nextInt(20)))
                .setDistrictCode(cohort.districtCode())
                .setAgeGroup(cohort.ageGroup())
                .setDoseKind(kind)
                .setVaccineProduct(product(cohort.districtCode(), cohort.ageGroup(), kind, date))
                .setPersonRef(null)
                .build();
    }

    /**
     * The product of a dose: the one the campaign would choose ({@link #preferredProduct}) if the district
     * has it in stock, else the one it has most of; the dose is taken from that stock. So the district's
     * stock of each product never falls below zero (the deliveries stay ahead of its doses in total).
     * A mistaken dose is taken from the stock too, and not given back when it is retracted: the stock
     * the generator keeps is never above the real one.
     */
    private String product(String districtCode, String ageGroup, DoseKind kind, LocalDate date) {
        String preferred = preferredProduct(ageGroup, kind, date);
        String chosen = preferred;
        if (stock.getOrDefault(districtCode + "|" + preferred, 0L) <= 0) {
            long most = 0;
            for (String product : PRODUCTS) {
                long left = stock.getOrDefault(districtCode + "|" + product, 0L);
                if (left > most) {
                    most = left;
                    chosen = product;
                }
            }
        }
        stock.merge(districtCode + "|" + chosen, -1L, Long::sum);
        return chosen;
    }

    /** Every product the scenario delivers, in a fixed order (ties in {@link #product} go to the first). */
    private static final List<String> PRODUCTS = List.of("AstraZeneca", "Moderna", "Pfizer-BioNTech", "Vero Cell");

    private String preferredProduct(String ageGroup, DoseKind kind, LocalDate date) {
        int r = random.nextInt(100);
        if (AgeGroups.ADOLESCENTS.equals(ageGroup)) {
            return "Pfizer-BioNTech";
        }
        if (kind == DoseKind.BOOSTER) {
            return r < 60 ? "Pfizer-BioNTech" : r < 90 ? "Moderna" : "AstraZeneca";
        }
        if (date.isBefore(LocalDate.of(2021, 8, 1))) {
            return "AstraZeneca";
        }
        if (date.isBefore(LocalDate.of(2021, 10, 1))) {
            return r < 45 ? "AstraZeneca" : r < 85 ? "Vero Cell" : "Pfizer-BioNTech";
        }
        return r < 20 ? "AstraZeneca" : r < 55 ? "Vero Cell" : r < 95 ? "Pfizer-BioNTech" : "Moderna";
    }

    private void add(Kind kind, String key, SpecificRecord value, Instant timestamp, Instant sentAt) {
        pending.add(new Event(kind, key, value, timestamp, sentAt));
    }

    private static long sequenceOf(Event e) {
        // Ties in sentAt keep a stable order: by key, which holds the generation sequence.
        return e.key().hashCode();
    }

    private static long dosesOf(LangSon2021.Cohort cohort, DoseKind kind) {
        return switch (kind) {
            case FIRST -> cohort.first();
            case SECOND -> cohort.second();
            case BOOSTER -> cohort.booster();
        };
    }

    /** Spreads {@code total} over days by cumulative rounding of the weights: exact, and no day negative. */
    static int[] spread(long total, long[] weights) {
        long sum = 0;
        for (long w : weights) {
            sum += w;
        }
        int[] perDay = new int[weights.length];
        if (total == 0) {
            return perDay;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("no day to spread " + total + " doses over");
        }
        long cumulative = 0;
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative += weights[i];
            long upTo = Math.multiplyExact(total, cumulative) / sum;
            perDay[i] = (int) (upTo - given);
            given = upTo;
        }
        return perDay;
    }

    /** A campaign curve: weights at dates, linear in between, zero outside its first and last date. */
    private record Curve(String ageGroup, DoseKind kind, String points) {

        long[] dailyWeights(LocalDate first, int days) {
            List<LocalDate> dates = new ArrayList<>();
            List<Long> weights = new ArrayList<>();
            for (String point : points.split(" ")) {
                String[] parts = point.split(":");
                dates.add(LocalDate.parse(parts[0]));
                weights.add(Long.parseLong(parts[1]));
            }
            long[] daily = new long[days];
            for (int d = 0; d < days; d++) {
                LocalDate date = first.plusDays(d);
                for (int p = 0; p + 1 < dates.size(); p++) {
                    LocalDate a = dates.get(p);
                    LocalDate b = dates.get(p + 1);
                    if (!date.isBefore(a) && !date.isAfter(b)) {
                        long span = ChronoUnit.DAYS.between(a, b);
                        long into = ChronoUnit.DAYS.between(a, date);
                        // Weights in hundredths, so short ramps stay smooth.
                        daily[d] = (weights.get(p) * 100 * (span - into) + weights.get(p + 1) * 100 * into) / span;
                        break;
                    }
                }
            }
            return daily;
        }
    }
}
