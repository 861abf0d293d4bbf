package vn.pulse.core.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Binds a Kafka client's own metrics (Micrometer's {@link KafkaClientMetrics}: {@code kafka_consumer_*},
 * {@code kafka_producer_*}, tagged with {@code client_id}) to a service's registry. Kafka adds
 * metrics as a client is assigned partitions, so the binder looks for new ones every
 * {@link #REFRESH} (Micrometer's default is a minute: too slow for a service that just started).
 * Close the handle when the client closes: it removes the meters and stops the refresh.
 */
public final class KafkaMeters implements AutoCloseable {

    /** How often a binder looks for metrics its client has added since (per-partition lag and so on). */
    public static final Duration REFRESH = Duration.ofSeconds(5);

    private final ScheduledExecutorService scheduler;
    private final AutoCloseable binder;

    private KafkaMeters(ScheduledExecutorService scheduler, AutoCloseable binder) {
        this.scheduler = scheduler;
        this.binder = binder;
    }

    /** Binds {@code consumer}'s metrics to {@code registry}. */
    public static KafkaMeters bind(Consumer<?, ?> consumer, MeterRegistry registry) {
        return bind(registry, scheduler -> new KafkaClientMetrics(consumer, Tags.empty(), scheduler, REFRESH));
    }

    /** Binds {@code producer}'s metrics to {@code registry}. */
    public static KafkaMeters bind(Producer<?, ?> producer, MeterRegistry registry) {
        return bind(registry, scheduler -> new KafkaClientMetrics(producer, Tags.empty(), scheduler, REFRESH));
    }

    /**
     * Binds a Kafka binder made over the given refresh scheduler (Kafka Streams:
     * {@code s -> new KafkaStreamsMetrics(streams, Tags.empty(), s, REFRESH)}); closing the handle
     * stops the scheduler, which Micrometer leaves running when it is passed in.
     */
    public static <B extends MeterBinder & AutoCloseable> KafkaMeters bind(MeterRegistry registry,
                                                                           Function<ScheduledExecutorService, B> binder) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pulse-kafka-meters");
            t.setDaemon(true);
            return t;
        });
        B metrics = binder.apply(scheduler);
        metrics.bindTo(registry);
        return new KafkaMeters(scheduler, metrics);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            binder.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot unbind Kafka metrics", e);
        }
    }
}
