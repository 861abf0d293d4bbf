package vn.pulse.producer.scenario.border;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.reference.Gate;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.geography.PlannedTrade;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.schemas.reference.GateKind;
import vn.pulse.schemas.reference.TradePlan;

/**
 * Publishes the border reference data of a data set (by default the
 * {@linkplain Geography#selected() selected} one): every gate to {@code reference.gates.v1} (key =
 * code) and every trade plan to {@code reference.trade-plans.v1} (key = year). Both topics are
 * compacted and the values are always the same, so publishing again changes nothing a reader sees:
 * safe at every start.
 */
public final class BorderReferenceData {

    private BorderReferenceData() {
    }

    /** Publishes to the declared topics with a producer of its own; returns once Kafka has acknowledged. */
    public static void publish(String bootstrapServers, String registryUrl) {
        publish(ClientProperties.NONE, bootstrapServers, registryUrl);
    }

    /** The same, with the {@code kafka.client.*} / {@code registry.client.*} properties of a secured deployment. */
    public static void publish(ClientProperties clients, String bootstrapServers, String registryUrl) {
        try (KafkaProducer<String, SpecificRecord> producer =
                     ProducerFactory.avroProducer(clients, bootstrapServers, registryUrl, "pulse-border-reference")) {
            publish(producer, Topics.GATES.name(), Topics.TRADE_PLANS.name());
        }
    }

    /** Publishes with {@code producer} to the given topics; returns once Kafka has acknowledged. */
    public static void publish(Producer<String, SpecificRecord> producer, String gatesTopic, String tradePlansTopic) {
        publish(producer, Geography.selected(), gatesTopic, tradePlansTopic);
    }

    /** Publishes {@code dataSet}'s gates and plans with {@code producer}; returns once Kafka has acknowledged. */
    public static void publish(Producer<String, SpecificRecord> producer, GeoDataSet dataSet, String gatesTopic, String tradePlansTopic) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Gate gate : dataSet.gates()) {
            sent.add(producer.send(new ProducerRecord<>(gatesTopic, gate.code(), gate(gate))));
        }
        for (PlannedTrade planned : dataSet.tradePlans()) {
            TradePlan plan = plan(planned);
            sent.add(producer.send(new ProducerRecord<>(tradePlansTopic, Integer.toString(plan.getYear()), plan)));
        }
        producer.flush();
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("border reference data not written: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("border reference data not acknowledged within 30 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing border reference data", e);
            }
        }
    }

    static vn.pulse.schemas.reference.Gate gate(Gate gate) {
        return vn.pulse.schemas.reference.Gate.newBuilder()
                .setCode(gate.code())
                .setName(gate.name())
                .setKind(GateKind.valueOf(gate.kind().name()))
                .setDistrictCode(gate.districtCode())
                .setOpen(gate.open())
                .build();
    }

    static TradePlan plan(PlannedTrade plan) {
        return TradePlan.newBuilder()
                .setYear(plan.year())
                .setPlanValueUsd(plan.planValueUsd())
                .setPreviousYearValueUsd(plan.previousYearValueUsd())
                .build();
    }
}
