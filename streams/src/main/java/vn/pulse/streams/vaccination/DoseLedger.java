package vn.pulse.streams.vaccination;

import java.time.Instant;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import vn.pulse.core.contract.DomainRules;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.DoseDelta;
import vn.pulse.schemas.health.DoseKind;
import vn.pulse.schemas.health.DoseLedgerEntry;

/**
 * Reconciles doses with their corrections, per dose event id, and emits what changes the counts:
 * {@code +1} when a dose is first counted, {@code -1} when a counted dose is retracted.
 *
 * <ul>
 *   <li>dose, never seen: counted (+1), remembered with what is needed to subtract it later;</li>
 *   <li>dose already counted (a re-send, however late): nothing, counted in {@code repeats-ignored};</li>
 *   <li>dose whose correction came first: never counted;</li>
 *   <li>correction of a counted dose: -1, and the dose is marked retracted;</li>
 *   <li>correction of an unknown dose: a "retracted" marker waits for the dose;</li>
 *   <li>correction of a dose already retracted: nothing.</li>
 * </ul>
 *
 * <p>The store is keyed by the dose event id taken from the value, so a missing record key cannot
 * break the bookkeeping (but co-partitioning needs the key: producers key both topics by it).
 * Under exactly-once the store's changelog commits with the emitted deltas.
 */
final class DoseLedger implements FixedKeyProcessor<String, DoseLedger.Report, DoseDelta> {

    /** The Kafka Streams sensor group of the ledger's metrics. */
    static final String METRIC_SCOPE = "pulse-vaccination-ledger";

    /** A dose or a correction of one, as the ledger receives them from the merged streams. */
    record Report(DoseAdministered dose, DoseCorrection correction) {

        static Report dose(DoseAdministered dose) {
            return new Report(dose, null);
        }

        static Report correction(DoseCorrection correction) {
            return new Report(null, correction);
        }
    }

    private final String storeName;
    private FixedKeyProcessorContext<String, DoseDelta> context;
    private KeyValueStore<String, DoseLedgerEntry> ledger;
    private Sensor repeatsIgnored;
    private Sensor retractedBeforeDose;

    DoseLedger(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, DoseDelta> context) {
        this.context = context;
        this.ledger = context.getStateStore(storeName);
        this.repeatsIgnored = context.metrics().addRateTotalSensor(METRIC_SCOPE, "vaccination-dose-ledger",
                "repeats-ignored", Sensor.RecordingLevel.INFO);
        this.retractedBeforeDose = context.metrics().addRateTotalSensor(METRIC_SCOPE, "vaccination-dose-ledger",
                "corrections-before-dose", Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(FixedKeyRecord<String, Report> record) {
        Report report = record.value();
        if (report.dose() != null) {
            onDose(record, report.dose());
        } else {
            onCorrection(record, report.correction());
        }
    }

    private void onDose(FixedKeyRecord<String, Report> record, DoseAdministered dose) {
        String id = dose.getEventId();
        DoseLedgerEntry entry = ledger.get(id);
        if (entry != null) {
            // Counted already, or retracted before it arrived: either way it must not count (again).
            repeatsIgnored.record();
            return;
        }
        ledger.put(id, DoseLedgerEntry.newBuilder()
                .setCounted(true).setRetracted(false)
                .setDistrictCode(dose.getDistrictCode()).setAgeGroup(dose.getAgeGroup())
                .setDoseKind(dose.getDoseKind()).setAdministeredAt(dose.getAdministeredAt())
                .build());
        context.forward(record.withValue(delta(dose.getDistrictCode(), dose.getAgeGroup(), dose.getDoseKind(),
                dose.getAdministeredAt(), +1)));
    }

    private void onCorrection(FixedKeyRecord<String, Report> record, DoseCorrection correction) {
        String id = correction.getDoseEventId();
        DoseLedgerEntry entry = ledger.get(id);
        if (entry == null) {
            retractedBeforeDose.record();
            ledger.put(id, DoseLedgerEntry.newBuilder().setCounted(false).setRetracted(true).build());
            return;
        }
        if (entry.getRetracted()) {
            repeatsIgnored.record();
            return;
        }
        ledger.put(id, DoseLedgerEntry.newBuilder(entry).setCounted(false).setRetracted(true).build());
        context.forward(record.withValue(delta(entry.getDistrictCode(), entry.getAgeGroup(), entry.getDoseKind(),
                entry.getAdministeredAt(), -1)));
    }

    private static DoseDelta delta(String district, String ageGroup, DoseKind kind, Instant administeredAt, int change) {
        return DoseDelta.newBuilder()
                .setDistrictCode(district).setAgeGroup(ageGroup).setDoseKind(kind)
                .setDay(DomainRules.localDate(administeredAt))
                .setAdministeredAt(administeredAt)
                .setChange(change)
                .build();
    }
}
