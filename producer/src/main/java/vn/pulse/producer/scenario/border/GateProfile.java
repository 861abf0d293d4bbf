package vn.pulse.producer.scenario.border;

import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.VehicleType;

/**
 * How one gate behaves in the scenario: its normal daily volume, when vehicles arrive and cross,
 * and what they carry. The scenario's gates are in the resource {@value #PROFILES} ({@link #openGates()}).
 *
 * @param code            gate code (see {@code vn.pulse.core.reference.Gates})
 * @param vehiclesPerDay  vehicles arriving on a normal weekday
 * @param exportShare     share of vehicles going out of Vietnam
 * @param exportMix       cargo of exports: weights per {@link CargoCategory} ordinal
 * @param importMix       cargo of imports: weights per {@link CargoCategory} ordinal
 * @param arrivalWeights  relative arrivals per local hour (24 values)
 * @param crossingWeights relative crossing capacity per local hour (24 values; 0 while the gate is shut)
 * @param vehicleType     the usual vehicle
 * @param congested       whether the December 2021 congestion episode hits this gate
 */
public record GateProfile(String code, double vehiclesPerDay, double exportShare, double[] exportMix, double[] importMix,
                   double[] arrivalWeights, double[] crossingWeights, VehicleType vehicleType, boolean congested) {

    /** Mean declared value by cargo in USD, before the replay scales values to the year's totals (CargoCategory order). */
    private static final double[] VALUE_WEIGHTS = {20_000, 35_000, 25_000, 30_000, 60_000, 15_000, 0, 10_000};
    /** Load range in kg by cargo (low, high). */
    private static final int[][] LOADS = {{15_000, 32_000}, {10_000, 20_000}, {10_000, 25_000}, {8_000, 25_000},
        {5_000, 20_000}, {25_000, 35_000}, {0, 0}, {5_000, 20_000}};

    /** The scenario's gates, one per line, in their order: the gate's place seeds its random stream. */
    static final String PROFILES = "langson-2021-gate-profiles.csv";
    /** The hourly patterns the profiles name. */
    static final String HOURS = "langson-2021-gate-hours.csv";

    private static volatile List<GateProfile> openGates;

    /**
     * The gates with traffic, in the order of {@value #PROFILES} (the bilateral crossings that stayed
     * shut in 2021 have none), read and checked on first use.
     *
     * @throws IllegalStateException naming the file, line, field and reason when a resource is not valid
     */
    public static List<GateProfile> openGates() {
        List<GateProfile> gates = openGates;
        if (gates == null) {
            synchronized (GateProfile.class) {
                gates = openGates;
                if (gates == null) {
                    gates = GateProfiles.read(GateProfile.class, PROFILES, HOURS);
                    openGates = gates;
                }
            }
        }
        return gates;
    }

    public boolean rail() {
        return vehicleType == VehicleType.RAIL_WAGON;
    }

    /**
     * What one vehicle carries.
     *
     * @param valueWeight its declared value in USD before scaling (0 for an empty vehicle)
     */
    public record Load(boolean export, CargoCategory cargo, boolean greenLane, int kilograms, double valueWeight) {
    }

    /** Draws a vehicle's direction, cargo, green lane (agricultural exports), load and value weight. */
    public Load draw(SplittableRandom random, LocalDate day) {
        boolean export = random.nextDouble() < exportShare;
        CargoCategory cargo = CargoCategory.values()[Draws.pick(random, export ? exportMix : importMix)];
        boolean agricultural = cargo == CargoCategory.AGRICULTURAL_PRODUCE;
        // Green lanes for agricultural exports (most of them from the summer of 2021).
        boolean green = export && agricultural && random.nextDouble() < (day.getMonthValue() >= 6 ? 0.7 : 0.3);
        int[] load = LOADS[cargo.ordinal()];
        int kg = load[1] == 0 ? 0 : load[0] + random.nextInt(load[1] - load[0]);
        double weight = VALUE_WEIGHTS[cargo.ordinal()] * Math.exp(0.45 * Draws.gaussian(random) - 0.1) * (rail() ? 1.5 : 1.0);
        return new Load(export, cargo, green, rail() ? kg * 2 : kg, weight);
    }
}
