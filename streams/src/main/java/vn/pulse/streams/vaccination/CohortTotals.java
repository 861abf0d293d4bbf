package vn.pulse.streams.vaccination;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.schemas.health.CohortCoverage;
import vn.pulse.schemas.health.CohortDoses;
import vn.pulse.schemas.health.DailyDoses;
import vn.pulse.schemas.reference.Population;

/**
 * The one step after the repartition by cohort ({@code district|ageGroup}): every task owns whole
 * cohorts, so it keeps both the daily counts and the cohort totals of its cohorts, and joins them with
 * the population (co-partitioned: the population topic is keyed by cohort too). For each day change
 * from a dose ledger's task it updates the day and the cohort and emits the new daily record and the
 * new coverage record; a population change re-emits its cohort's coverage ({@link OnPopulation}).
 *
 * <p>Record timestamps are the newest event time included (a late report does not move them back),
 * as Kafka Streams' own aggregations and table joins stamp them.
 */
final class CohortTotals implements Processor<String, DayCounts, String, CohortTotals.Emitted> {

    /** What this step sends on: a daily record (keyed {@code district|ageGroup|day}) or a coverage record (keyed by cohort). */
    record Emitted(DailyDoses daily, CohortCoverage coverage) {

        static Emitted daily(DailyDoses daily) {
            return new Emitted(daily, null);
        }

        static Emitted coverage(CohortCoverage coverage) {
            return new Emitted(null, coverage);
        }
    }

    private final String dailyStoreName;
    private final String cohortStoreName;
    private final String populationStoreName;
    private ProcessorContext<String, Emitted> context;
    private TimestampedKeyValueStore<String, DailyDoses> days;
    private TimestampedKeyValueStore<String, CohortDoses> cohorts;
    private TimestampedKeyValueStore<String, Population> population;

    CohortTotals(String dailyStoreName, String cohortStoreName, String populationStoreName) {
        this.dailyStoreName = dailyStoreName;
        this.cohortStoreName = cohortStoreName;
        this.populationStoreName = populationStoreName;
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.days = context.getStateStore(dailyStoreName);
        this.cohorts = context.getStateStore(cohortStoreName);
        this.population = context.getStateStore(populationStoreName);
    }

    @Override
    public void process(Record<String, DayCounts> record) {
        String cohortKey = record.key();
        DayCounts change = record.value();
        AggregateKeys.Cohort cohort = AggregateKeys.parseCohort(cohortKey);

        String dayKey = AggregateKeys.dailyDoses(cohort.districtCode(), cohort.ageGroup(), change.day());
        ValueAndTimestamp<DailyDoses> day = days.get(dayKey);
        DailyDoses newDay = Counts.addToDay(change, cohort, day == null ? null : day.value());
        long dayTime = day == null ? record.timestamp() : Math.max(record.timestamp(), day.timestamp());
        days.put(dayKey, ValueAndTimestamp.make(newDay, dayTime));
        context.forward(new Record<>(dayKey, Emitted.daily(newDay), dayTime));

        ValueAndTimestamp<CohortDoses> total = cohorts.get(cohortKey);
        CohortDoses newTotal = Counts.addToCohort(change, cohort, total == null ? null : total.value());
        long totalTime = total == null ? record.timestamp() : Math.max(record.timestamp(), total.timestamp());
        cohorts.put(cohortKey, ValueAndTimestamp.make(newTotal, totalTime));

        ValueAndTimestamp<Population> people = population.get(cohortKey);
        long coverageTime = people == null ? totalTime : Math.max(totalTime, people.timestamp());
        context.forward(new Record<>(cohortKey, Emitted.coverage(Counts.coverage(newTotal, people == null ? null : people.value())),
                coverageTime));
    }

    /**
     * A population change (or removal) re-emits its cohort's coverage: the population before the
     * cohort's first dose, the doses without a population once it is removed, nothing (a removal) if
     * neither is left.
     */
    static final class OnPopulation implements FixedKeyProcessor<String, Population, Emitted> {

        private final String cohortStoreName;
        private FixedKeyProcessorContext<String, Emitted> context;
        private TimestampedKeyValueStore<String, CohortDoses> cohorts;

        OnPopulation(String cohortStoreName) {
            this.cohortStoreName = cohortStoreName;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Emitted> context) {
            this.context = context;
            this.cohorts = context.getStateStore(cohortStoreName);
        }

        @Override
        public void process(FixedKeyRecord<String, Population> record) {
            ValueAndTimestamp<CohortDoses> total = cohorts.get(record.key());
            Population people = record.value();
            if (total == null && people == null) {
                context.forward(record.withValue(Emitted.coverage(null)));
                return;
            }
            long time = total == null ? record.timestamp() : Math.max(record.timestamp(), total.timestamp());
            context.forward(record.withValue(Emitted.coverage(Counts.coverage(total == null ? null : total.value(), people)))
                    .withTimestamp(time));
        }
    }
}
