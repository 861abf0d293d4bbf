package vn.pulse.tools.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.topics.TopicSpec;
import vn.pulse.core.topics.Topics;
import vn.pulse.platform.LocalKafka;
import vn.pulse.platform.LocalKafkaConfig;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.producer.scenario.border.BorderReferenceData;
import vn.pulse.producer.scenario.vaccination.VaccinationReferenceData;

/**
 * A broker of its own for one configuration of the scale rows: an in-process KRaft broker whose
 * topics of as many partitions as the dose topic's have {@code partitions} instead (the others keep
 * theirs), the reference data of one geography data set published, and doses written to it. The
 * bench's schema registry serves every broker (it only stores schemas).
 */
final class ScaleBroker implements AutoCloseable {

    private final LocalKafka kafka;
    private final Admin admin;
    private final int partitions;
    private final String registryUrl;

    private ScaleBroker(LocalKafka kafka, int partitions, String registryUrl) {
        this.kafka = kafka;
        this.admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()));
        this.partitions = partitions;
        this.registryUrl = registryUrl;
    }

    /** Starts the broker in {@code dataDir}, creates every topic and publishes {@code dataSet}'s reference data. */
    static ScaleBroker start(Path dataDir, int partitions, GeoDataSet dataSet, String registryUrl) throws Exception {
        int[] ports = LocalKafka.freePorts(Bench.HOST, 2);
        LocalKafka kafka = LocalKafka.start(new LocalKafkaConfig(dataDir, Bench.HOST, ports[0], ports[1], partitions));
        ScaleBroker broker = new ScaleBroker(kafka, partitions, registryUrl);
        try {
            List<NewTopic> topics = new ArrayList<>();
            for (TopicSpec spec : Topics.all()) {
                int n = spec.partitions() == Topics.VACCINATION_DOSES.partitions() ? partitions : spec.partitions();
                topics.add(new NewTopic(spec.name(), n, (short) 1).configs(spec.configs()));
            }
            broker.admin.createTopics(topics).all().get();
            FeedContext context = new FeedContext(kafka.bootstrapServers(), registryUrl, java.time.Clock.systemUTC(), 0);
            VaccinationReferenceData.publish(context, dataSet, Topics.POPULATION.name(), Topics.DISTRICTS.name());
            try (Producer<String, SpecificRecord> producer = ProducerFactory.avroProducer(ClientProperties.NONE, kafka.bootstrapServers(),
                    registryUrl, "pulse-bench-scale-reference")) {
                BorderReferenceData.publish(producer, dataSet, Topics.GATES.name(), Topics.TRADE_PLANS.name());
            }
            return broker;
        } catch (Exception e) {
            broker.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String registryUrl() {
        return registryUrl;
    }

    Admin admin() {
        return admin;
    }

    int partitions() {
        return partitions;
    }

    /** Writes the doses with our producers' settings; an error if any is not acknowledged. */
    void write(ScaleDoses.Batch doses) throws InterruptedException {
        write(Topics.VACCINATION_DOSES.name(), doses.keys(), doses.values(), ProducerFactory.durableProperties(bootstrapServers(),
                "pulse-bench-scale-doses"));
    }

    /** Writes records to {@code topic} with the producer properties {@code p}; an error if any is not acknowledged. */
    void write(String topic, byte[][] keys, byte[][] values, Properties p) throws InterruptedException {
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < keys.length && failed.get() == null; i++) {
                producer.send(new ProducerRecord<>(topic, keys[i], values[i]), (m, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("records not written to " + topic + ": " + failed.get(), failed.get());
        }
    }

    /** The current end offsets of the coverage topic (where a run's figures start). */
    Map<TopicPartition, Long> coverageEnds() throws InterruptedException, ExecutionException {
        return StreamsRun.endOffsets(admin, List.of(Topics.VACCINATION_COVERAGE.name()));
    }

    /** The current end offsets of the dose topic. */
    Map<TopicPartition, Long> doseEnds() throws InterruptedException, ExecutionException {
        return StreamsRun.endOffsets(admin, List.of(Topics.VACCINATION_DOSES.name()));
    }

    @Override
    public void close() {
        admin.close();
        kafka.close();
    }
}
