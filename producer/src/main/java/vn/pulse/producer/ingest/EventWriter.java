package vn.pulse.producer.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.ops.KafkaMeters;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.SpecificAvroSerde;

/**
 * Writes validated events to their raw topics and reports, per event, whether Kafka acknowledged it.
 * Durable ({@code acks=all}) and idempotent like every Pulse producer, and bounded: a write that
 * Kafka has not acknowledged within {@code timeout} is reported as not written, never as written.
 * The gateway, the CSV import and the simulator all write through it.
 */
public final class EventWriter implements AutoCloseable {

    /**
     * What happened to one event: written (with where) or not (with why). A not-written event may
     * still have reached Kafka if only the acknowledgement was lost; re-sending it is safe, the
     * topology drops repeats of an event id.
     */
    public record Outcome(ValidatedEvent event, int partition, long offset, String error) {
        public boolean written() {
            return error == null;
        }
    }

    private final KafkaProducer<String, SpecificRecord> producer;
    private final TopicNames topics;
    private final Duration timeout;
    private final Timer writeTimer;
    private final KafkaMeters producerMeters;

    /**
     * @param timeout how long a write may take before it counts as failed (metadata, registry and
     *                acknowledgement included); also Kafka's {@code delivery.timeout.ms}
     * @param metrics where {@code pulse.ingest.write} is recorded; may be null
     */
    public EventWriter(String bootstrapServers, String registryUrl, String clientId, TopicNames topics, Duration timeout,
                       MeterRegistry metrics) {
        this(ClientProperties.NONE, bootstrapServers, registryUrl, clientId, topics, timeout, metrics);
    }

    /** The same, with the {@code kafka.client.*} (TLS, SASL) and {@code registry.client.*} (truststore, basic auth) properties. */
    public EventWriter(ClientProperties clients, String bootstrapServers, String registryUrl, String clientId, TopicNames topics,
                       Duration timeout, MeterRegistry metrics) {
        this.topics = topics;
        this.timeout = timeout;
        long ms = Math.max(timeout.toMillis(), 1_000);
        // Accepted only once every in-sync replica has it (acks=all); retries never duplicate it (idempotent).
        Properties p = ProducerFactory.durableProperties(clients, bootstrapServers, clientId);
        // Bounded: metadata waits (broker unreachable) and deliveries give up within the timeout,
        // so a client hears 503 in seconds instead of hanging (delivery >= linger + request timeout).
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(ms / 2));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(ms / 2));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(ms));
        SpecificAvroSerde<SpecificRecord> values = new SpecificAvroSerde<>();
        Map<String, Object> serde = clients.serdeConfig(registryUrl);
        serde.put(AvroSerdeConfig.MAX_RETRY_TIME_MS, Long.toString(ms / 2));
        serde.put(AvroSerdeConfig.REQUEST_TIMEOUT_MS, Long.toString(ms / 2));
        values.configure(serde, false);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), values.serializer());
        // The producer's own metrics (kafka_producer_*: record send rate, errors, request latency) next to ours.
        this.producerMeters = metrics == null ? null : KafkaMeters.bind(producer, metrics);
        this.writeTimer = metrics == null ? null : Timer.builder("pulse.ingest.write")
                .description("Time from sending a batch of ingested events to Kafka's acknowledgement of all of them")
                .publishPercentileHistogram()
                .register(metrics);
    }

    /** Sends every event, then waits (boundedly) for each acknowledgement; outcomes in the events' order. */
    public List<Outcome> write(List<ValidatedEvent> events) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        List<String> sendErrors = new ArrayList<>(events.size());
        for (ValidatedEvent e : events) {
            try {
                sent.add(producer.send(new ProducerRecord<>(topics.name(e.kind().topic()), null, e.timestamp(), e.key(), e.value())));
                sendErrors.add(null);
            } catch (RuntimeException ex) {
                // Metadata not available in max.block.ms (Kafka unreachable), registry unavailable, ...
                sent.add(null);
                sendErrors.add(describe(ex));
            }
        }
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            ValidatedEvent e = events.get(i);
            Future<RecordMetadata> f = sent.get(i);
            if (f == null) {
                outcomes.add(new Outcome(e, -1, -1, sendErrors.get(i)));
                continue;
            }
            try {
                RecordMetadata m = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                outcomes.add(new Outcome(e, m.partition(), m.offset(), null));
            } catch (ExecutionException ex) {
                outcomes.add(new Outcome(e, -1, -1, describe(ex.getCause())));
            } catch (TimeoutException ex) {
                outcomes.add(new Outcome(e, -1, -1, "no acknowledgement from Kafka within " + timeout.toSeconds() + " s"));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                outcomes.add(new Outcome(e, -1, -1, "interrupted while waiting for Kafka"));
            }
        }
        if (writeTimer != null && outcomes.stream().allMatch(Outcome::written)) {
            writeTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        return outcomes;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() {
        if (producerMeters != null) {
            producerMeters.close();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
