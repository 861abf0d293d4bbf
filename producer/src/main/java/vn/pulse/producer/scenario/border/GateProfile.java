package vn.pulse.producer.scenario.border;

import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.VehicleType;

/**
 * How one gate behaves in the scenario: its normal daily volume, when vehicles arrive and cross,
 * and what they carry.
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

    // Cargo weights in CargoCategory order:
    // AGRICULTURAL_PRODUCE, SEAFOOD, MEDICINAL_MATERIALS, MANUFACTURED_GOODS, MACHINERY_AND_ELECTRONICS, RAW_MATERIALS, EMPTY, OTHER
    private static final double[] ROAD_ARRIVALS = {0.5, 0.4, 0.4, 0.4, 0.6, 1.5, 3, 5, 6, 6.5, 6.5, 6, 4.5, 5, 6, 6, 5.5, 5, 4,
        3, 2.5, 2, 1.2, 0.8};
    /** Road gates clear goods from 07:00 to 22:00 local time, with a lull at lunch. */
    private static final double[] ROAD_CROSSINGS = {0, 0, 0, 0, 0, 0, 0, 0.8, 1.1, 1.1, 1.1, 1.1, 0.7, 1.0, 1.1, 1.1, 1.1, 1.1,
        0.9, 0.9, 0.9, 0.9, 0, 0};
    /** Trains bring wagons four times a day and take them across about three hours later. */
    private static final double[] RAIL_ARRIVALS = {0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    private static final double[] RAIL_CROSSINGS = {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0};

    static final GateProfile HUU_NGHI = new GateProfile("HUU_NGHI", 780, 0.45,
            new double[] {55, 5, 0, 25, 0, 0, 10, 5}, new double[] {0, 0, 2, 30, 35, 18, 10, 5},
            ROAD_ARRIVALS, ROAD_CROSSINGS, VehicleType.CONTAINER_TRUCK, true);
    static final GateProfile TAN_THANH = new GateProfile("TAN_THANH", 640, 0.6,
            new double[] {72, 5, 0, 6, 0, 0, 15, 2}, new double[] {0, 0, 3, 35, 20, 25, 15, 2},
            ROAD_ARRIVALS, ROAD_CROSSINGS, VehicleType.TRUCK, true);
    static final GateProfile CHI_MA = new GateProfile("CHI_MA", 240, 0.3,
            new double[] {40, 0, 0, 30, 0, 0, 28, 2}, new double[] {0, 0, 35, 20, 5, 30, 8, 2},
            ROAD_ARRIVALS, ROAD_CROSSINGS, VehicleType.TRUCK, false);
    static final GateProfile DONG_DANG = new GateProfile("DONG_DANG", 200, 0.35,
            new double[] {30, 0, 0, 40, 0, 30, 0, 0}, new double[] {0, 0, 0, 20, 30, 50, 0, 0},
            RAIL_ARRIVALS, RAIL_CROSSINGS, VehicleType.RAIL_WAGON, false);
    static final GateProfile COC_NAM = new GateProfile("COC_NAM", 60, 0.7,
            new double[] {80, 0, 0, 10, 0, 0, 10, 0}, new double[] {0, 0, 5, 40, 10, 35, 10, 0},
            ROAD_ARRIVALS, ROAD_CROSSINGS, VehicleType.TRUCK, false);

    /** The gates that cleared goods in 2021; the bilateral crossings that stayed shut have no traffic. */
    static final GateProfile[] OPEN_GATES = {HUU_NGHI, TAN_THANH, CHI_MA, DONG_DANG, COC_NAM};

    /** The gates with traffic. */
    public static List<GateProfile> openGates() {
        return List.of(OPEN_GATES);
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
