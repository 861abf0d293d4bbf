package vn.pulse.api.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The situation report of a period, in the shape of the province's own report to its People's
 * Committee: vaccination, border gates, checkpoint screenings, congestion alerts. Built once from
 * the read model ({@link SituationReports#build}); every renderer (HTML, PDF, DOCX) and the JSON
 * answer ({@code format=json}) show exactly these figures and no other.
 *
 * <p>Naming carries the display: a member ending in {@code Pct} is a percentage, one ending in
 * {@code Usd} an amount of money, {@code year} a calendar year; every other number is a count.
 *
 * @param from            first day of the period (local to the province)
 * @param to              last day of the period, included
 * @param vaccinationAsOf the latest administration time the vaccination figures include; null if none
 * @param borderAsOf      the latest gate event time the border figures can include (the period's end at most); null if none
 */
public record SituationReport(LocalDate from, LocalDate to, Instant vaccinationAsOf, Instant borderAsOf,
                              Vaccination vaccination, Border border, Screenings screenings, Alerts alerts) {

    /**
     * Vaccination, cumulative to the end of the period (doses net of corrections), and the doses given within it.
     *
     * @param dosesAllocated doses delivered to the province by the end of the period, as {@code /summary?asOf=} gives
     *                       them; null when an allocation total changed after it (the totals keep no history)
     * @param districts      the counting units valid on at least one day of the period (districts, or the
     *                       communes and wards that replaced them), in the data set's order
     */
    public record Vaccination(long dosesAdministered, long dosesInPeriod, Long dosesAllocated, BigDecimal dosesUsedPct,
                              long boosterDoses, List<AgeGroupCoverage> coverage, List<DistrictRow> districts) {
    }

    /** One age group of the province: people with at least one dose, with two, boosters, against its population. */
    public record AgeGroupCoverage(String ageGroup, long population, long atLeastOneDose, BigDecimal atLeastOneDosePct,
                                   long twoDoses, BigDecimal twoDosesPct, long boosters) {
    }

    /**
     * One counting unit valid in the period: its doses and the coverage of both age groups.
     *
     * @param level the unit's level, {@code district} or {@code commune}
     */
    public record DistrictRow(String code, String name, String level, long dosesAdministered, long dosesInPeriod, Long dosesAllocated,
                              BigDecimal dosesUsedPct, BigDecimal adultsAtLeastOneDosePct, BigDecimal adultsTwoDosesPct,
                              BigDecimal adolescentsAtLeastOneDosePct, BigDecimal adolescentsTwoDosesPct) {
    }

    /**
     * Border gates: the period's trade, each calendar year the period touches against its plan and the
     * year before, each gate's share, and the congestion episodes of the period.
     */
    public record Border(Trade period, List<YearRow> years, List<GateRow> gates, List<Episode> congestion) {
    }

    /** Trade that crossed in the period; vehicles are those that crossed (export and import). */
    public record Trade(BigDecimal tradeValueUsd, BigDecimal exportValueUsd, BigDecimal importValueUsd, long vehicles,
                        long greenLaneVehicles) {
    }

    /** A calendar year's trade (to date) against the year's plan and the previous year, as {@code /border/summary} answers it. */
    public record YearRow(int year, BigDecimal tradeValueUsd, BigDecimal planValueUsd, BigDecimal planPct,
                         BigDecimal previousYearValueUsd, BigDecimal growthPct) {
    }

    /** One gate's trade in the period and its share of the province's. */
    public record GateRow(String code, String name, BigDecimal tradeValueUsd, BigDecimal sharePct, BigDecimal exportValueUsd,
                          BigDecimal importValueUsd, long vehicles, long greenLaneVehicles) {
    }

    /**
     * A congestion episode that was open at some time in the period, with its peak.
     *
     * @param unit {@code vehicles} (a yard backlog) or {@code minutes} (the 90th percentile wait)
     */
    public record Episode(String gateCode, String gateName, String kind, String unit, Instant raisedAt, Instant clearedAt,
                          long peakValue, long raiseThreshold) {
    }

    /** Health screenings at the gates' checkpoints in the period; positivity = positive / tested. */
    public record Screenings(long reports, long peopleScreened, long tested, long positive, BigDecimal positivityPct,
                             List<GateScreenings> gates) {
    }

    /** One gate's checkpoint screenings in the period. */
    public record GateScreenings(String code, String name, long reports, long peopleScreened, long tested, long positive,
                                 BigDecimal positivityPct) {
    }

    /** Congestion alerts raised in the period, cleared in it, and still open at its end. */
    public record Alerts(long raised, long cleared, long openAtEnd) {
    }
}
