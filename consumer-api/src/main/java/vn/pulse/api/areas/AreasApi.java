package vn.pulse.api.areas;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.pulse.api.ApiModule;
import vn.pulse.api.http.ApiProblem;
import vn.pulse.api.http.DataHandler;
import vn.pulse.api.http.Request;
import vn.pulse.api.readmodel.AggregateReader;
import vn.pulse.api.table.Table;
import vn.pulse.api.table.Tabular;
import vn.pulse.api.vaccination.VaccinationApi;
import vn.pulse.api.vaccination.VaccinationView;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.geography.AdminUnit;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.topics.Topics;

/**
 * The areas of the selected data set at every level, under {@code /api/v1/areas}:
 * <ul>
 *   <li>{@code GET /api/v1/areas}: the top of the hierarchy (the country) with its figures;</li>
 *   <li>{@code GET /api/v1/areas/{code}[?on=YYYY-MM-DD]}: one unit (country, province, district or
 *   commune), its children and its vaccination figures rolled up from the counting units below it;</li>
 *   <li>{@code GET /api/v1/geography}: the data set's name, whether it is schematic, its source and
 *   licence, and its GeoJSON.</li>
 * </ul>
 * Doses and allocations count wherever they were recorded, whatever the unit's validity (doses given
 * by district before July 2025 stay in the province's totals after it); the population an area's
 * percentages are measured against is that of its counting units valid on {@code on} (default: today
 * in the province), so an area divided anew is not counted twice. Doses the province holds itself
 * (allocations without a unit) count for the province when the data set has one, and for the country.
 */
public final class AreasApi implements ApiModule {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Map<String, Object> kafkaConfig;
    private final TopicNames topics;
    private final VaccinationApi.Deserializers deserializers;
    private final VaccinationView view;
    private final GeoDataSet geography;
    private final Clock clock;
    private final Map<String, Object> geometry;

    public AreasApi(Map<String, Object> kafkaConfig, TopicNames topics, VaccinationApi.Deserializers deserializers, GeoDataSet geography) {
        this(Map.copyOf(kafkaConfig), topics, deserializers, new VaccinationView(), geography, Clock.systemUTC());
    }

    /** Serves {@code view} as it is, reading no topic (HTTP tests fill the view themselves). */
    public static AreasApi over(VaccinationView view, GeoDataSet geography, Clock clock) {
        return new AreasApi(Map.of(), null, null, view, geography, clock);
    }

    private AreasApi(Map<String, Object> kafkaConfig, TopicNames topics, VaccinationApi.Deserializers deserializers,
                     VaccinationView view, GeoDataSet geography, Clock clock) {
        this.kafkaConfig = kafkaConfig;
        this.topics = topics;
        this.deserializers = deserializers;
        this.view = view;
        this.geography = geography;
        this.clock = clock;
        this.geometry = geometryOf(geography);
    }

    @Override
    public void install(Wiring wiring) {
        if (topics != null) {
            wiring.read(new AggregateReader<>(kafkaConfig, topics.name(Topics.VACCINATION_COVERAGE), deserializers.coverage(),
                    view::applyCoverage, Clock.systemUTC()));
            wiring.read(new AggregateReader<>(kafkaConfig, topics.name(Topics.ALLOCATION_TOTALS), deserializers.allocationTotals(),
                    view::applyAllocation, Clock.systemUTC()));
        }
        wiring.get("/api/v1/areas", request -> {
            LocalDate on = on(request);
            AdminUnit top = geography.units().stream().filter(u -> u.parentCode() == null).findFirst()
                    .orElseThrow(() -> new ApiProblem.NotFound("The data set " + geography.id() + " has no units."));
            return () -> area(top, on);
        });
        wiring.get("/api/v1/areas/{code}", this::area);
        wiring.get("/api/v1/geography", request -> () -> new GeographyAnswer(geography.id(), geography.name(), geography.schematic(),
                geography.source(), geography.licence(), geography.populationYear(), geometry));
    }

    private DataHandler.Answer area(Request request) {
        String code = request.pathParam("code");
        LocalDate on = on(request);
        AdminUnit unit = geography.unit(code).orElseThrow(() -> new ApiProblem.NotFound(
                "No area with code '" + code + "' in data set " + geography.id() + " (GET /api/v1/areas for the top of the hierarchy)."));
        return () -> area(unit, on);
    }

    private LocalDate on(Request request) {
        String value = request.queryParam("on");
        if (value == null || value.isBlank()) {
            return DomainRules.localDate(clock.instant());
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiProblem.BadParameter("on", "'on' must be a date as YYYY-MM-DD, was '" + value + "'.");
        }
    }

    AreaAnswer area(AdminUnit unit, LocalDate on) {
        List<AreaSummary> children = geography.children(unit.code()).stream()
                .map(child -> new AreaSummary(child.code(), child.name(), child.level().key(), child.validFrom(), child.validTo(),
                        child.validOn(on), figures(child, on)))
                .toList();
        List<String> ancestors = geography.ancestors(unit.code()).stream().map(AdminUnit::code).toList();
        return new AreaAnswer(unit.code(), unit.name(), unit.nameAscii(), unit.level().key(), unit.parentCode(), ancestors,
                unit.validFrom(), unit.validTo(), unit.validOn(on), on, figures(unit, on), children);
    }

    /** The figures of {@code unit}: counts over every counting unit below it, population over those valid on {@code on}. */
    AreaFigures figures(AdminUnit unit, LocalDate on) {
        Map<String, long[]> byGroup = new LinkedHashMap<>();
        long allocated = 0;
        Instant asOf = null;
        List<AdminUnit> counting = geography.countingUnitsUnder(unit.code());
        for (AdminUnit c : counting) {
            VaccinationView.Figures f = view.district(c.code());
            allocated += f.dosesAllocated();
            if (f.asOf() != null && (asOf == null || f.asOf().isAfter(asOf))) {
                asOf = f.asOf();
            }
            boolean counts = c.code().equals(unit.code()) || c.validOn(on);
            for (Map.Entry<String, VaccinationView.Coverage> e : f.coverage().entrySet()) {
                long[] s = byGroup.computeIfAbsent(e.getKey(), g -> new long[4]);
                VaccinationView.Coverage cov = e.getValue();
                if (counts) {
                    long population = cov.population() != 0 ? cov.population()
                            : geography.population(c.code(), e.getKey()).orElse(0);
                    s[0] += population;
                }
                s[1] += cov.atLeastOneDose();
                s[2] += cov.twoDoses();
                s[3] += cov.boosters();
            }
        }
        if (unit.level() == AdminUnit.Level.COUNTRY
                || (unit.level() == AdminUnit.Level.PROVINCE && geography.unitsAt(AdminUnit.Level.PROVINCE).size() == 1)) {
            allocated += provinceHeld();
        }
        Map<String, AreaCoverage> coverage = new LinkedHashMap<>();
        long doses = 0;
        long boosters = 0;
        for (Map.Entry<String, long[]> e : byGroup.entrySet()) {
            long[] s = e.getValue();
            coverage.put(e.getKey(), new AreaCoverage(s[0], s[1], percent(s[1], s[0]), s[2], percent(s[2], s[0]), s[3]));
            doses += s[1] + s[2] + s[3];
            boosters += s[3];
        }
        return new AreaFigures(asOf, doses, allocated, percent(doses, allocated), boosters, coverage);
    }

    /** Doses allocated to no unit of the data set: those the province holds itself. */
    private long provinceHeld() {
        long toUnits = geography.countingUnits().stream().mapToLong(c -> view.district(c.code()).dosesAllocated()).sum();
        return view.province().dosesAllocated() - toUnits;
    }

    /** {@code part} as a percentage of {@code whole}, truncated to 2 decimals (the report's rule); {@code null} when {@code whole} is 0. */
    static BigDecimal percent(long part, long whole) {
        if (whole <= 0) {
            return null;
        }
        return BigDecimal.valueOf(part).multiply(HUNDRED).divide(BigDecimal.valueOf(whole), 2, RoundingMode.DOWN);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> geometryOf(GeoDataSet geography) {
        if (geography.geometry() == null) {
            return null;
        }
        try {
            return new ObjectMapper().readValue(geography.geometry(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("geometry of data set " + geography.id(), e);
        }
    }

    /** {@code /areas/{code}}: the unit, where it lies, its validity, its figures and its children's. */
    public record AreaAnswer(String code, String name, String nameAscii, String level, String parent, List<String> ancestors,
                             LocalDate validFrom, LocalDate validTo, boolean valid, LocalDate on, AreaFigures figures,
                             List<AreaSummary> children) implements Tabular {

        /** The download: the area itself, then each of its children, one row each. */
        @Override
        public Table table() {
            List<AreaSummary> rows = new ArrayList<>();
            rows.add(new AreaSummary(code, name, level, validFrom, validTo, valid, figures));
            rows.addAll(children);
            return Table.of("area-" + code, on.toString(), AreaSummary.class, rows);
        }
    }

    /** A child of an area, with its own figures. */
    public record AreaSummary(String code, String name, String level, LocalDate validFrom, LocalDate validTo, boolean valid,
                              AreaFigures figures) {
    }

    /** An area's vaccination figures; {@code asOf} is the latest administration time included. */
    public record AreaFigures(Instant asOf, long dosesAdministered, long dosesAllocated, BigDecimal dosesUsedPct, long boosterDoses,
                              Map<String, AreaCoverage> coverage) {
    }

    /** One age group's coverage in an area; percentages are {@code null} while its population is unknown. */
    public record AreaCoverage(long population, long atLeastOneDose, BigDecimal atLeastOneDosePct, long twoDoses,
                               BigDecimal twoDosesPct, long boosters) {
    }

    /** {@code /geography}: the data set the API serves and its GeoJSON ({@code null} when it has none). */
    public record GeographyAnswer(String id, String name, boolean schematic, String source, String licence, int populationYear,
                                  Map<String, Object> geometry) {
    }
}
