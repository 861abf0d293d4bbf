package vn.pulse.tools.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * How big a bench run is.
 *
 * @param doses       dose records for rows 1–3 (the same records through every row)
 * @param gateEvents  gate events for the border row of 3
 * @param load        duration of each HTTP load phase (rows 5, 6 and 9; row 4 runs three times as long)
 * @param httpThreads concurrent HTTP clients (rows 5 and 6)
 * @param batch       events per ingest request (row 6)
 * @param scenario    how much of the Lạng Sơn 2021 scenario rows 7 and 8 replay
 * @param ledgerIds   dose ids the ledger of row 11 is pre-loaded with
 */
public record BenchSize(int doses, int gateEvents, Duration load, int httpThreads, int batch, ScenarioForm scenario, int ledgerIds) {

    public BenchSize {
        if (doses < 1 || gateEvents < 1) {
            throw new IllegalArgumentException("records must be at least 1 (doses=" + doses + ", gateEvents=" + gateEvents + ")");
        }
        Objects.requireNonNull(scenario, "scenario");
        if (ledgerIds < 1) {
            throw new IllegalArgumentException("ledger ids must be at least 1, was " + ledgerIds);
        }
        if (load.isNegative() || load.isZero()) {
            throw new IllegalArgumentException("load duration must be positive, was " + load);
        }
    }

    /** The documented run (about twenty minutes on 2 cores). */
    public static BenchSize full() {
        return new BenchSize(500_000, 150_000, Duration.ofSeconds(10), 8, 200, ScenarioForm.FULL, 20_000_000);
    }

    /** {@code --quick}: the same rows on fewer records and shorter loads, the border year at a tenth (a few minutes). */
    public static BenchSize quick() {
        return new BenchSize(60_000, 20_000, Duration.ofSeconds(3), 8, 200, ScenarioForm.TENTH, 1_000_000);
    }

    /**
     * The same run with {@code records} doses (and 2/5 as many gate events); below 10,000 (the CI form)
     * also a ledger of ten ids per dose for row 11.
     */
    public BenchSize withRecords(int records) {
        return new BenchSize(records, Math.max(1, records * 2 / 5), load, httpThreads, batch, scenario,
                records < 10_000 ? Math.max(1, records * 10) : ledgerIds);
    }

    /** The same run with a ledger of {@code ids} dose ids in row 11. */
    public BenchSize withLedgerIds(int ids) {
        return new BenchSize(doses, gateEvents, load, httpThreads, batch, scenario, ids);
    }

    /** Doses of each run of the scale rows (10-12): half of {@link #doses()}. */
    public int scaleDoses() {
        return Math.max(1, doses / 2);
    }

    /**
     * How many times rows 10 and 12 run their baseline and their variant, alternately (the medians
     * count): two from 10,000 doses up, one below (the CI form).
     */
    public int scaleRuns() {
        return doses >= 10_000 ? 2 : 1;
    }

    /**
     * How many times rows 3a and 3b run the fair floor and the topology, alternately (the medians
     * count): three from 10,000 doses up, one below (the CI form, whose figures are not judged).
     */
    public int topologyRuns() {
        return doses >= 10_000 ? 3 : 1;
    }

    /**
     * Probe samples row 4 takes per domain at least (the load lasts until both domains have them):
     * 300 from 10,000 doses up, enough for a p99 that is not the maximum; 5 in the CI form.
     */
    public int freshnessSamples() {
        return doses >= 10_000 ? 300 : 5;
    }

    public BenchSize withLoad(Duration newLoad) {
        return new BenchSize(doses, gateEvents, newLoad, httpThreads, batch, scenario, ledgerIds);
    }

    public BenchSize withScenario(ScenarioForm form) {
        return new BenchSize(doses, gateEvents, load, httpThreads, batch, form, ledgerIds);
    }
}
