package vn.pulse.producer.scenario.vaccination;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.core.reference.District;
import vn.pulse.core.reference.Districts;
import vn.pulse.schemas.health.VaccineAllocation;

/**
 * The reference data of the Lạng Sơn 2021 scenario: the figures of the province's January 2022
 * report, the integers chosen to reproduce them, and how they are spread over the 11 districts of
 * the {@code langson-2021} data set (which holds their population).
 * The reasoning is in {@code docs/scenario-langson-2021-vaccination.md}; {@code LangSon2021Test}
 * checks every published figure against these numbers.
 *
 * <p>Province totals (people and doses):
 * <pre>
 *                 population   first dose   second dose   booster
 *   18+              497,214      487,581       469,084    55,544
 *   12-17             73,125       73,125        69,822         0
 * </pre>
 * Doses = 487,581 + 469,084 + 73,125 + 69,822 + 55,544 = 1,155,156. Allocated: 1,182,158, of which
 * {@link #PROVINCE_STOCK} is held at province level and the rest delivered to the districts.
 */
public final class LangSon2021 {

    // The report's figures (cumulative to 09/01/2022).
    public static final long DOSES_ADMINISTERED = 1_155_156;
    public static final long DOSES_ALLOCATED = 1_182_158;
    public static final String DOSES_USED_PCT = "97.71";
    public static final long BOOSTER_DOSES = 55_544;
    public static final String ADULTS_AT_LEAST_ONE_DOSE_PCT = "98.06";
    public static final String ADULTS_TWO_DOSES_PCT = "94.34";
    public static final String ADOLESCENTS_AT_LEAST_ONE_DOSE_PCT = "100.00";
    public static final String ADOLESCENTS_TWO_DOSES_PCT = "95.48";

    // The integers chosen to reproduce them (province level).
    public static final int POPULATION_YEAR = 2021;
    public static final long ADULTS = 497_214;
    public static final long ADULTS_FIRST = 487_581;
    public static final long ADULTS_SECOND = 469_084;
    public static final long ADOLESCENTS = 73_125;
    public static final long ADOLESCENTS_FIRST = 73_125;
    public static final long ADOLESCENTS_SECOND = 69_822;
    /** Doses kept at province level (mobile teams, reserve) and never handed to a district. */
    public static final long PROVINCE_STOCK = 12_158;

    /** First and last administration day of the scenario (Asia/Ho_Chi_Minh). */
    public static final LocalDate FIRST_DAY = LocalDate.of(2021, 3, 8);
    public static final LocalDate LAST_DAY = LocalDate.of(2022, 1, 9);

    /** The geography of the scenario: the 11 districts and their population by age group. */
    public static final String DATA_SET = "langson-2021";

    /**
     * Relative uptake of each district by code (1000 = the province's rate), from
     * {@code langson-2021-uptake.csv}: where the province's doses go beyond each district's population.
     */
    static final Map<String, Long> UPTAKE = readUptake();

    /** Deliveries to every district: date, product and share (per mille) of the district's allocation. */
    private static final List<Delivery> DELIVERIES = List.of(
            new Delivery(LocalDate.of(2021, 3, 5), "AstraZeneca", 30),
            new Delivery(LocalDate.of(2021, 5, 10), "AstraZeneca", 60),
            new Delivery(LocalDate.of(2021, 7, 15), "AstraZeneca", 50),
            new Delivery(LocalDate.of(2021, 8, 5), "Vero Cell", 140),
            new Delivery(LocalDate.of(2021, 8, 25), "AstraZeneca", 120),
            new Delivery(LocalDate.of(2021, 9, 10), "Pfizer-BioNTech", 120),
            new Delivery(LocalDate.of(2021, 9, 25), "Vero Cell", 120),
            new Delivery(LocalDate.of(2021, 10, 15), "Pfizer-BioNTech", 120),
            new Delivery(LocalDate.of(2021, 11, 5), "Pfizer-BioNTech", 100),
            new Delivery(LocalDate.of(2021, 11, 25), "Moderna", 60),
            new Delivery(LocalDate.of(2021, 12, 10), "Pfizer-BioNTech", 50),
            new Delivery(LocalDate.of(2021, 12, 28), "Moderna", 30));

    private LangSon2021() {
    }

    /**
     * People and doses of one district and age group.
     *
     * @param first   people with at least one dose (FIRST doses)
     * @param second  people with two doses (SECOND doses)
     * @param booster BOOSTER doses
     */
    public record Cohort(String districtCode, String ageGroup, long population, long first, long second, long booster) {

        public long doses() {
            return first + second + booster;
        }
    }

    private record Delivery(LocalDate date, String product, long perMille) {
    }

    /** The scenario's districts, in data set order. */
    public static List<District> districts() {
        return Districts.of(geography());
    }

    static GeoDataSet geography() {
        return Geography2021.SET;
    }

    /** Loaded once, on first use. */
    private static final class Geography2021 {
        static final GeoDataSet SET = GeoDataSetLoader.loadShipped(DATA_SET);
    }

    /**
     * Every district and age group, districts in data set order, 12-17 before 18+. Population comes
     * from the data set; the province's doses are spread over it in proportion to population x
     * {@link #UPTAKE} (first doses with 3/10 of the difference, every adolescent had a first dose).
     */
    public static List<Cohort> cohorts() {
        GeoDataSet geography = geography();
        List<District> districts = Districts.of(geography);
        int n = districts.size();
        long[] adults = new long[n];
        long[] adolescents = new long[n];
        long[] adultsWeights = new long[n];
        long[] adultsFirstWeights = new long[n];
        long[] adolescentsWeights = new long[n];
        for (int i = 0; i < n; i++) {
            String code = districts.get(i).code();
            Long uptake = UPTAKE.get(code);
            if (uptake == null) {
                throw new IllegalStateException("no uptake for district " + code + " of data set " + DATA_SET);
            }
            adults[i] = geography.population(code, AgeGroups.ADULTS).orElseThrow();
            adolescents[i] = geography.population(code, AgeGroups.ADOLESCENTS).orElseThrow();
            adultsWeights[i] = adults[i] * uptake;
            adultsFirstWeights[i] = adults[i] * (1000 + (uptake - 1000) * 3 / 10); // truncated towards 1000
            adolescentsWeights[i] = adolescents[i] * uptake;
        }
        long[] adultsFirst = apportion(ADULTS_FIRST, adultsFirstWeights);
        long[] adultsSecond = apportion(ADULTS_SECOND, adultsWeights);
        long[] boosters = apportion(BOOSTER_DOSES, adultsWeights);
        long[] adolescentsSecond = apportion(ADOLESCENTS_SECOND, adolescentsWeights);
        List<Cohort> cohorts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String code = districts.get(i).code();
            // Every adolescent had a first dose (100 %): first doses equal the population in each district.
            cohorts.add(new Cohort(code, AgeGroups.ADOLESCENTS, adolescents[i], adolescents[i], adolescentsSecond[i], 0));
            cohorts.add(new Cohort(code, AgeGroups.ADULTS, adults[i], adultsFirst[i], adultsSecond[i], boosters[i]));
        }
        return cohorts;
    }

    /**
     * Every delivery of the year: to each district in proportion to the doses it gives (so each uses
     * about 98.7 % of what it receives), then the province's own stock. Ids are stable.
     */
    public static List<VaccineAllocation> allocations() {
        List<District> districts = districts();
        long[] dosesGiven = new long[districts.size()];
        for (Cohort c : cohorts()) {
            dosesGiven[indexOf(districts, c.districtCode())] += c.doses();
        }
        long[] perDistrict = apportion(DOSES_ALLOCATED - PROVINCE_STOCK, dosesGiven);
        long[] shares = DELIVERIES.stream().mapToLong(Delivery::perMille).toArray();
        List<VaccineAllocation> allocations = new ArrayList<>();
        for (int i = 0; i < districts.size(); i++) {
            District district = districts.get(i);
            long[] batches = apportion(perDistrict[i], shares);
            for (int b = 0; b < batches.length; b++) {
                Delivery delivery = DELIVERIES.get(b);
                allocations.add(allocation("ls21-alloc-" + district.code() + "-" + (b + 1), district.code(),
                        delivery.product(), batches[b], delivery.date()));
            }
        }
        allocations.add(allocation("ls21-alloc-province-1", null, "Pfizer-BioNTech", 6_158, LocalDate.of(2021, 10, 15)));
        allocations.add(allocation("ls21-alloc-province-2", null, "Moderna", PROVINCE_STOCK - 6_158, LocalDate.of(2021, 12, 28)));
        return allocations;
    }

    private static VaccineAllocation allocation(String id, String district, String product, long doses, LocalDate date) {
        return VaccineAllocation.newBuilder().setAllocationId(id).setDistrictCode(district)
                .setVaccineProduct(product).setDoses(doses).setDeliveredOn(date).build();
    }

    private static int indexOf(List<District> districts, String code) {
        for (int i = 0; i < districts.size(); i++) {
            if (districts.get(i).code().equals(code)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no district " + code);
    }

    private static Map<String, Long> readUptake() {
        Map<String, Long> uptake = new LinkedHashMap<>();
        String resource = "langson-2021-uptake.csv";
        try (InputStream in = LangSon2021.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("district,")) {
                    continue;
                }
                String[] cells = line.trim().split(",");
                uptake.put(cells[0], Long.valueOf(cells[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return Collections.unmodifiableMap(uptake);
    }

    /**
     * Splits {@code total} in proportion to {@code weights} into integers that add up to it exactly
     * (largest remainder; ties go to the earlier index).
     */
    static long[] apportion(long total, long[] weights) {
        long sum = 0;
        for (long w : weights) {
            sum += w;
        }
        long[] parts = new long[weights.length];
        long[] remainders = new long[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            parts[i] = Math.multiplyExact(total, weights[i]) / sum;
            remainders[i] = Math.multiplyExact(total, weights[i]) % sum;
            given += parts[i];
        }
        for (long left = total - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < weights.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            parts[best]++;
            remainders[best] = -1;
        }
        return parts;
    }
}
