package vn.pulse.tools.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.core.http.Json;
import vn.pulse.core.reference.AgeGroups;
import vn.pulse.core.reference.District;
import vn.pulse.core.reference.Districts;
import vn.pulse.core.reference.Gate;
import vn.pulse.core.reference.Gates;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.ProducerFactory;
import vn.pulse.registry.serde.AvroSerdeConfig;
import vn.pulse.registry.serde.SpecificAvroSerde;
import vn.pulse.schemas.border.CargoCategory;
import vn.pulse.schemas.border.GateEvent;
import vn.pulse.schemas.border.GateEventKind;
import vn.pulse.schemas.border.TradeDirection;
import vn.pulse.schemas.border.VehicleType;
import vn.pulse.schemas.health.DoseAdministered;
import vn.pulse.schemas.health.DoseCorrection;
import vn.pulse.schemas.health.DoseKind;

/**
 * The crash test's input: a deterministic (seeded) stream of doses, dose corrections and gate crossings
 * with re-sent duplicates and late events, written partly through the ingest gateway over HTTP (a
 * {@code 202} counts as accepted; {@code 503} and connection errors are retried with the same batch)
 * and partly by a plain idempotent producer (failed sends re-sent). Re-sending is always safe: every
 * event carries the id the topology de-duplicates on.
 *
 * <p>What is generated is chosen so that the final aggregates do not depend on the order in which the
 * topology sees events: every vehicle crosses once (no yard pairing), a late crossing lies at most
 * {@link #MAX_GATE_LATENESS} behind the newest, well inside the hour plus one hour of grace, and a dose
 * corrected is not counted whether its correction is processed before or after it.
 */
public final class CrashWorkload {

    private static final Logger LOG = LoggerFactory.getLogger(CrashWorkload.class);
    static final Duration MAX_GATE_LATENESS = Duration.ofMinutes(30);
    private static final ObjectMapper JSON = Json.newMapper();

    /** Which way a batch went in. */
    public enum Channel { INGEST, PRODUCER }

    sealed interface Event permits Dose, Correction, Crossing {
        String id();
    }

    record Dose(String id, Instant administeredAt, Instant reportedAt, String district, String ageGroup, DoseKind kind)
            implements Event {
    }

    record Correction(String id, String doseEventId, String district, Instant correctedAt) implements Event {
    }

    record Crossing(String id, String gate, Instant occurredAt, TradeDirection direction, String vehicleRef, boolean greenLane,
                    BigDecimal tons, BigDecimal usd) implements Event {
    }

    /** Counts of what was generated and how it went (read at the end; updated by the workload thread). */
    public static final class Stats {
        final AtomicLong doses = new AtomicLong();
        final AtomicLong corrections = new AtomicLong();
        final AtomicLong crossings = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong lateDoses = new AtomicLong();
        final AtomicLong lateCrossings = new AtomicLong();
        final AtomicLong repeatedCorrections = new AtomicLong();
        final AtomicLong viaIngest = new AtomicLong();
        final AtomicLong viaProducer = new AtomicLong();
        final AtomicLong ingestRetries = new AtomicLong();
        final AtomicLong producerResends = new AtomicLong();

        public long events() {
            return doses.get() + corrections.get() + crossings.get();
        }
    }

    private final Random random;
    private final String runId;
    private final String ingestUrl;
    private final String siteKey;
    private final String customsKey;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Stats stats = new Stats();
    private final List<Dose> dosesSent = new ArrayList<>();
    private final List<Correction> correctionsSent = new ArrayList<>();
    private final List<Crossing> crossingsSent = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final List<District> districts = Districts.ALL;
    private final List<Gate> gates = Gates.ALL;
    private Instant doseClock = Instant.parse("2021-09-01T01:00:00Z");
    private Instant gateClock = Instant.parse("2021-12-01T00:00:00Z");
    private long sequence;

    private record Pending(Event event, Future<?> ack) {
    }

    public CrashWorkload(long seed, String bootstrapServers, String registryUrl, String ingestUrl, String siteKey, String customsKey) {
        this.random = new Random(seed);
        this.runId = Long.toString(seed, 36);
        this.ingestUrl = ingestUrl;
        this.siteKey = siteKey;
        this.customsKey = customsKey;
        Properties p = ProducerFactory.durableProperties(bootstrapServers, "crash-harness");
        // Ride out a broker restart: keep retrying (idempotent, so never a duplicate) instead of failing.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "120000");
        SpecificAvroSerde<SpecificRecord> values = new SpecificAvroSerde<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), values.serializer());
    }

    public Stats stats() {
        return stats;
    }

    /**
     * Writes batches at about {@code eventsPerSecond} until {@code stop} says so, then waits until every
     * event is acknowledged. Call from one thread.
     */
    public void run(int eventsPerSecond, BooleanSupplier stop) {
        long started = System.nanoTime();
        while (!stop.getAsBoolean()) {
            sendOneStep();
            long due = started + TimeUnit.SECONDS.toNanos(1) * stats.events() / eventsPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                ServiceProcess.sleep(Duration.ofNanos(wait));
            }
            resendFailedSends(false);
        }
        producer.flush();
        resendFailedSends(true);
        LOG.info("Workload done: {} events ({} doses, {} corrections, {} crossings)", stats.events(), stats.doses.get(),
                stats.corrections.get(), stats.crossings.get());
    }

    /** Every event id (correction id for corrections) acknowledged by a 202 or the producer, per topic. */
    public Map<String, List<String>> acknowledgedIds() {
        return Map.of(Topics.VACCINATION_DOSES.name(), dosesSent.stream().map(Dose::id).distinct().toList(),
                Topics.DOSE_CORRECTIONS.name(), correctionsSent.stream().map(Correction::id).distinct().toList(),
                Topics.GATE_EVENTS.name(), crossingsSent.stream().map(Crossing::id).distinct().toList());
    }

    /** Problems the workload met that are not retried (e.g. a 4xx from the gateway): each one fails the run. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    private void sendOneStep() {
        Channel channel = random.nextInt(100) < 40 ? Channel.INGEST : Channel.PRODUCER;
        if (random.nextBoolean()) {
            List<Event> doses = new ArrayList<>();
            int n = 10 + random.nextInt(16);
            for (int i = 0; i < n; i++) {
                doses.add(nextDose());
            }
            send(channel, "vaccination-doses", doses);
            if (random.nextInt(100) < 40 && !dosesSent.isEmpty()) {
                List<Event> corrections = new ArrayList<>();
                int c = 1 + random.nextInt(3);
                for (int i = 0; i < c; i++) {
                    corrections.add(nextCorrection());
                }
                send(random.nextBoolean() ? Channel.INGEST : Channel.PRODUCER, "dose-corrections", corrections);
            }
        } else {
            List<Event> crossings = new ArrayList<>();
            int n = 10 + random.nextInt(16);
            for (int i = 0; i < n; i++) {
                crossings.add(nextCrossing());
            }
            send(channel, "gate-events", crossings);
        }
    }

    private Dose nextDose() {
        doseClock = doseClock.plusSeconds(20);
        if (!dosesSent.isEmpty() && random.nextInt(100) < 6) {
            stats.duplicates.incrementAndGet();
            return recent(dosesSent);
        }
        Instant administered;
        if (random.nextInt(100) < 8) {
            stats.lateDoses.incrementAndGet();
            administered = doseClock.minus(Duration.ofHours(24 + random.nextInt(20 * 24)));
        } else {
            administered = doseClock.minusSeconds(random.nextInt(3600));
        }
        stats.doses.incrementAndGet();
        return new Dose("crash-" + runId + "-d" + (++sequence), administered, doseClock,
                districts.get(random.nextInt(districts.size())).code(),
                AgeGroups.ALL.get(random.nextInt(AgeGroups.ALL.size())),
                DoseKind.values()[random.nextInt(DoseKind.values().length)]);
    }

    private Correction nextCorrection() {
        int roll = random.nextInt(100);
        stats.corrections.incrementAndGet();
        if (!correctionsSent.isEmpty() && roll < 15) {
            stats.repeatedCorrections.incrementAndGet();
            return recent(correctionsSent); // the same correction re-sent
        }
        if (!correctionsSent.isEmpty() && roll < 25) {
            stats.repeatedCorrections.incrementAndGet();
            Correction earlier = recent(correctionsSent); // a second correction (new id) of a dose already corrected
            return new Correction("crash-" + runId + "-c" + (++sequence), earlier.doseEventId(), earlier.district(), doseClock);
        }
        Dose dose = recent(dosesSent);
        return new Correction("crash-" + runId + "-c" + (++sequence), dose.id(), dose.district(), doseClock);
    }

    private Crossing nextCrossing() {
        gateClock = gateClock.plusSeconds(1);
        if (!crossingsSent.isEmpty() && random.nextInt(100) < 6) {
            stats.duplicates.incrementAndGet();
            return recent(crossingsSent);
        }
        Instant occurred = gateClock;
        if (random.nextInt(100) < 8) {
            stats.lateCrossings.incrementAndGet();
            occurred = gateClock.minusSeconds(300 + random.nextInt((int) MAX_GATE_LATENESS.toSeconds() - 300));
        }
        stats.crossings.incrementAndGet();
        long seq = ++sequence;
        return new Crossing("crash-" + runId + "-g" + seq, gates.get(random.nextInt(gates.size())).code(), occurred,
                random.nextBoolean() ? TradeDirection.EXPORT : TradeDirection.IMPORT, "veh-" + runId + "-" + seq,
                random.nextInt(100) < 20, BigDecimal.valueOf(1_000 + random.nextInt(40_000), 3),
                BigDecimal.valueOf(10_000 + random.nextInt(5_000_000), 2));
    }

    private <T> T recent(List<T> sent) {
        int window = Math.min(sent.size(), 300);
        return sent.get(sent.size() - 1 - random.nextInt(window));
    }

    private void send(Channel channel, String kind, List<Event> events) {
        if (channel == Channel.INGEST) {
            postUntilAccepted(kind, events);
            stats.viaIngest.addAndGet(events.size());
        } else {
            for (Event e : events) {
                pending.add(new Pending(e, producer.send(record(e))));
            }
            stats.viaProducer.addAndGet(events.size());
        }
        for (Event e : events) {
            remember(e);
        }
    }

    private void remember(Event e) {
        if (e instanceof Dose d) {
            dosesSent.add(d);
        } else if (e instanceof Correction c) {
            correctionsSent.add(c);
        } else if (e instanceof Crossing g) {
            crossingsSent.add(g);
        }
    }

    /** POSTs the batch until the gateway answers 202; 503 and no answer are retried (re-sending is harmless). */
    private void postUntilAccepted(String kind, List<Event> events) {
        ArrayNode body = JSON.createArrayNode();
        events.forEach(e -> body.add(json(e)));
        String key = kind.equals("gate-events") ? customsKey : siteKey;
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl + "/ingest/v1/" + kind))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            int status;
            String answer;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                answer = response.body();
            } catch (java.io.IOException e) {
                status = -1;
                answer = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while posting to the gateway", e);
            }
            if (status == 202) {
                return;
            }
            if (status != 503 && status != -1) {
                problems.add("gateway answered " + status + " to a valid " + kind + " batch: " + answer);
                throw new IllegalStateException("gateway answered " + status + " to a valid batch: " + answer);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gateway did not accept a " + kind + " batch within 5 minutes; last: " + answer);
            }
            stats.ingestRetries.incrementAndGet();
            ServiceProcess.sleep(Duration.ofMillis(500));
        }
    }

    private void resendFailedSends(boolean all) {
        List<Pending> still = new ArrayList<>();
        for (Pending p : pending) {
            if (!p.ack().isDone() && !all) {
                still.add(p);
                continue;
            }
            try {
                p.ack().get(10, TimeUnit.MINUTES);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
                stats.producerResends.incrementAndGet();
                LOG.warn("Send of {} failed ({}); sending again", p.event().id(), e.toString());
                still.add(new Pending(p.event(), producer.send(record(p.event()))));
            }
        }
        pending.clear();
        pending.addAll(still);
        if (all && !pending.isEmpty()) {
            producer.flush();
            resendFailedSends(true);
        }
    }

    /** The record the gateway would write for this event: same topic, key and timestamp. */
    private static ProducerRecord<String, SpecificRecord> record(Event e) {
        if (e instanceof Dose d) {
            return new ProducerRecord<>(Topics.VACCINATION_DOSES.name(), null, d.administeredAt().toEpochMilli(), d.id(),
                    DoseAdministered.newBuilder().setEventId(d.id()).setAdministeredAt(d.administeredAt())
                            .setReportedAt(d.reportedAt()).setSiteId("site-" + d.district()).setDistrictCode(d.district())
                            .setAgeGroup(d.ageGroup()).setDoseKind(d.kind()).setVaccineProduct("AstraZeneca").setPersonRef(null)
                            .build());
        }
        if (e instanceof Correction c) {
            return new ProducerRecord<>(Topics.DOSE_CORRECTIONS.name(), null, c.correctedAt().toEpochMilli(),
                    c.doseEventId(), DoseCorrection.newBuilder().setCorrectionId(c.id()).setDoseEventId(c.doseEventId())
                            .setDistrictCode(c.district()).setCorrectedAt(c.correctedAt()).setReason("crash test: entered twice").build());
        }
        Crossing g = (Crossing) e;
        return new ProducerRecord<>(Topics.GATE_EVENTS.name(), null, null, g.gate(),
                    GateEvent.newBuilder().setEventId(g.id()).setGateCode(g.gate()).setOccurredAt(g.occurredAt())
                            .setKind(GateEventKind.CROSSED).setDirection(g.direction()).setVehicleRef(g.vehicleRef())
                            .setVehicleType(VehicleType.TRUCK).setCargoCategory(CargoCategory.MANUFACTURED_GOODS)
                            .setGreenLane(g.greenLane()).setTons(g.tons()).setDeclaredValueUsd(g.usd()).build());
    }

    private static ObjectNode json(Event e) {
        ObjectNode o = JSON.createObjectNode();
        if (e instanceof Dose d) {
            o.put("eventId", d.id()).put("administeredAt", d.administeredAt().toString())
                    .put("reportedAt", d.reportedAt().toString()).put("siteId", "site-" + d.district())
                    .put("districtCode", d.district()).put("ageGroup", d.ageGroup()).put("doseKind", d.kind().name())
                    .put("vaccineProduct", "AstraZeneca");
        } else if (e instanceof Correction c) {
            o.put("correctionId", c.id()).put("doseEventId", c.doseEventId()).put("districtCode", c.district())
                    .put("correctedAt", c.correctedAt().toString()).put("reason", "crash test: entered twice");
        } else if (e instanceof Crossing g) {
            o.put("eventId", g.id()).put("gateCode", g.gate()).put("occurredAt", g.occurredAt().toString())
                    .put("kind", "CROSSED").put("direction", g.direction().name()).put("vehicleRef", g.vehicleRef())
                    .put("vehicleType", "TRUCK").put("cargoCategory", "MANUFACTURED_GOODS").put("greenLane", g.greenLane())
                    .put("tons", g.tons().toPlainString()).put("declaredValueUsd", g.usd().toPlainString());
        }
        return o;
    }
}
