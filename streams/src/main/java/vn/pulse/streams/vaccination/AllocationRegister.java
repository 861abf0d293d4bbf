package vn.pulse.streams.vaccination;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.schemas.health.VaccineAllocation;

/**
 * Every allocation ever counted, by allocation id, and what a report of one changes in the totals.
 *
 * <ul>
 *   <li>an id never seen: the allocation counts (forwarded as is) and is remembered;</li>
 *   <li>the same id with the same content (a re-send, however late, whatever its delivery date):
 *       nothing, counted in {@code repeats-ignored};</li>
 *   <li>the same id with different content (an amended delivery note: other doses, product, date or
 *       district): the new version replaces the old one. Forwarded as two changes: the old version
 *       with its doses negated (taking it out of its district's total), then the new one; counted in
 *       {@code amendments} and logged.</li>
 * </ul>
 *
 * <p>Why an amendment replaces: an allocation id names one delivery in the health department's
 * register, and a re-issued record under the same id is that register's correction of it (a typo in
 * the doses, the wrong district). Allocations have no correction event of their own, so ignoring the
 * amendment would leave a known-wrong figure with no way to fix it. The totals follow the latest
 * version, as the register does.
 *
 * <p>The store never expires: allocations are few (thousands a year), and a point lookup by id makes a
 * re-send count once at any age, unlike an event-time window. It is keyed by the id in the value;
 * producers key the topic by it too, so all versions of an allocation reach the same task.
 */
final class AllocationRegister implements FixedKeyProcessor<String, VaccineAllocation, VaccineAllocation> {

    private static final Logger LOG = LoggerFactory.getLogger(AllocationRegister.class);

    /** The Kafka Streams sensor group of the register's metrics. */
    static final String METRIC_SCOPE = "pulse-vaccination-allocations";

    private final String storeName;
    private FixedKeyProcessorContext<String, VaccineAllocation> context;
    private KeyValueStore<String, VaccineAllocation> register;
    private Sensor repeatsIgnored;
    private Sensor amendments;

    AllocationRegister(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, VaccineAllocation> context) {
        this.context = context;
        this.register = context.getStateStore(storeName);
        this.repeatsIgnored = context.metrics().addRateTotalSensor(METRIC_SCOPE, "vaccination-allocation-register",
                "repeats-ignored", Sensor.RecordingLevel.INFO);
        this.amendments = context.metrics().addRateTotalSensor(METRIC_SCOPE, "vaccination-allocation-register",
                "amendments", Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(FixedKeyRecord<String, VaccineAllocation> record) {
        VaccineAllocation allocation = record.value();
        VaccineAllocation counted = register.get(allocation.getAllocationId());
        if (allocation.equals(counted)) {
            repeatsIgnored.record();
            return;
        }
        register.put(allocation.getAllocationId(), allocation);
        if (counted != null) {
            amendments.record();
            LOG.info("Allocation {} amended: {} doses of {} for {} on {} replace {} doses of {} for {} on {}",
                    allocation.getAllocationId(), allocation.getDoses(), allocation.getVaccineProduct(),
                    district(allocation), allocation.getDeliveredOn(), counted.getDoses(), counted.getVaccineProduct(),
                    district(counted), counted.getDeliveredOn());
            context.forward(record.withValue(reversal(counted)));
        }
        context.forward(record);
    }

    private static String district(VaccineAllocation allocation) {
        return allocation.getDistrictCode() == null ? "the province's stock" : "district " + allocation.getDistrictCode();
    }

    /** {@code allocation} with its doses negated: added to a total, it takes the allocation out again. */
    static VaccineAllocation reversal(VaccineAllocation allocation) {
        return VaccineAllocation.newBuilder(allocation).setDoses(Math.negateExact(allocation.getDoses())).build();
    }
}
