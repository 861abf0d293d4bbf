package vn.pulse.streams.vaccination;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.schemas.health.VaccineAllocation;

/**
 * The allocations counted by {@link AllocationRegister} as changes of the stock each names (key
 * {@code district|product} or {@code province|product}). An amendment reaches this step as the version
 * counted before with its doses negated, then the new version, forwarded one right after the other by
 * the register. Where both name the same stock they become one change, the difference: the stock was
 * never without the allocation, so it is never judged (nor alerted on) as if it had been. Where the
 * amendment moves the doses to another stock, each stock gets its own change.
 */
final class AllocationStockChanges implements Processor<String, VaccineAllocation, String, StockChange> {

    private ProcessorContext<String, StockChange> context;
    /** A reversal waiting for the version that follows it; only ever set between two records of one amendment. */
    private Record<String, StockChange> reversal;

    @Override
    public void init(ProcessorContext<String, StockChange> context) {
        this.context = context;
        this.reversal = null;
    }

    @Override
    public void process(Record<String, VaccineAllocation> record) {
        VaccineAllocation a = record.value();
        Record<String, StockChange> change = record.withKey(AggregateKeys.vaccineStock(a.getDistrictCode(), a.getVaccineProduct()))
                .withValue(StockChange.allocation(a.getDeliveredOn(), a.getDoses(), 0));
        if (a.getDoses() < 0) {
            // Accepted allocations are positive: a negative one is the register's reversal of an amendment.
            reversal = change;
            return;
        }
        if (reversal != null && reversal.key().equals(change.key())) {
            long net = Math.addExact(change.value().allocated(), reversal.value().allocated());
            change = change.withValue(StockChange.allocation(a.getDeliveredOn(), net, 0));
        } else if (reversal != null) {
            context.forward(reversal);
        }
        reversal = null;
        context.forward(change);
    }
}
