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
import vn.pulse.core.contract.AggregateKeys;
import vn.pulse.core.reference.District;
import vn.pulse.core.reference.Districts;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.schemas.reference.DistrictInfo;
import vn.pulse.schemas.reference.Population;

/**
 * Publishes the vaccination reference data to the compacted reference topics: the population of
 * every district and age group ({@link LangSon2021}, key {@code district|ageGroup}) and the 11
 * districts (key: code). Idempotent: publishing again writes the same latest values.
 */
public final class VaccinationReferenceData {

    private VaccinationReferenceData() {
    }

    /** Publishes into the declared topics and waits until Kafka has every record; returns how many. */
    public static int publish(String bootstrapServers, String registryUrl) {
        return publish(bootstrapServers, registryUrl, Topics.POPULATION.name(), Topics.DISTRICTS.name());
    }

    public static int publish(String bootstrapServers, String registryUrl, String populationTopic, String districtsTopic) {
        return publish(new FeedContext(bootstrapServers, registryUrl, Clock.systemUTC(), 0), populationTopic, districtsTopic);
    }

    /** Publishes into the declared topics through {@code context}'s Kafka and registry (and their client properties). */
    public static int publish(FeedContext context) {
        return publish(context, Topics.POPULATION.name(), Topics.DISTRICTS.name());
    }

    public static int publish(FeedContext context, String populationTopic, String districtsTopic) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, SpecificRecord> producer = VaccinationScenario.bulkProducer(context, "pulse-reference-vaccination")) {
            for (LangSon2021.Cohort c : LangSon2021.cohorts()) {
                Population population = Population.newBuilder().setDistrictCode(c.districtCode()).setAgeGroup(c.ageGroup())
                        .setYear(LangSon2021.POPULATION_YEAR).setPopulation(c.population()).build();
                acks.add(producer.send(new ProducerRecord<>(populationTopic,
                        AggregateKeys.cohort(c.districtCode(), c.ageGroup()), population)));
            }
            for (District d : Districts.ALL) {
                DistrictInfo info = DistrictInfo.newBuilder().setCode(d.code()).setName(d.name()).setNameAscii(d.nameAscii()).build();
                acks.add(producer.send(new ProducerRecord<>(districtsTopic, d.code(), info)));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
            return acks.size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("reference data not written: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing reference data", e);
        }
    }
}
