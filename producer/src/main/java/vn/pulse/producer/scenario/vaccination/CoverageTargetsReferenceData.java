package vn.pulse.producer.scenario.vaccination;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import vn.pulse.core.geography.CoverageTarget;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.feed.FeedContext;

/**
 * Publishes the vaccination coverage targets of a data set (by default the
 * {@linkplain Geography#selected() selected} one) to the compacted {@code reference.coverage-targets.v1}
 * (key {@code ageGroup|measure}), which the API's projections read. Idempotent: publishing again writes
 * the same latest values.
 */
public final class CoverageTargetsReferenceData {

    private CoverageTargetsReferenceData() {
    }

    /** Publishes the selected data set's targets into the declared topic; returns how many. */
    public static int publish(String bootstrapServers, String registryUrl) {
        return publish(bootstrapServers, registryUrl, Topics.COVERAGE_TARGETS.name());
    }

    /** Publishes the selected data set's targets into {@code topic} (tests pass a unique name); returns how many. */
    public static int publish(String bootstrapServers, String registryUrl, String topic) {
        return publish(new FeedContext(bootstrapServers, registryUrl, Clock.systemUTC(), 0), Geography.selected(), topic);
    }

    /** Publishes {@code dataSet}'s targets into {@code topic} and waits until Kafka has every record; returns how many. */
    public static int publish(FeedContext context, GeoDataSet dataSet, String topic) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, SpecificRecord> producer = VaccinationScenario.bulkProducer(context, "pulse-reference-coverage-targets")) {
            for (CoverageTarget target : dataSet.coverageTargets()) {
                acks.add(producer.send(new ProducerRecord<>(topic, key(target), record(target))));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
            return acks.size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("coverage targets not written: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing coverage targets", e);
        }
    }

    /** The record key of a target: {@code ageGroup|measure}. */
    public static String key(CoverageTarget target) {
        return target.ageGroup() + "|" + target.measure();
    }

    static vn.pulse.schemas.reference.CoverageTarget record(CoverageTarget target) {
        return vn.pulse.schemas.reference.CoverageTarget.newBuilder()
                .setAgeGroup(target.ageGroup())
                .setMeasure(target.measure())
                .setTargetPct(target.targetPct())
                .build();
    }
}
