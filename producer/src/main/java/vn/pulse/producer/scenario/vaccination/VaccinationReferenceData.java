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
import vn.pulse.core.geography.AdminUnit;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.geography.UnitPopulation;
import vn.pulse.core.topics.Topics;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.schemas.reference.DistrictInfo;
import vn.pulse.schemas.reference.Population;

/**
 * Publishes the vaccination reference data of a data set (by default the
 * {@linkplain Geography#selected() selected} one) to the compacted reference topics: the population of
 * every counting unit and age group (key {@code unit|ageGroup}) and the counting units (key: code), each
 * with its parent's code, its level and its validity.
 * Idempotent: publishing again writes the same latest values.
 */
public final class VaccinationReferenceData {

    private VaccinationReferenceData() {
    }

    /** The record of a counting unit in {@code reference.districts.v1}: its names, where it lies, when it exists. */
    public static DistrictInfo districtInfo(AdminUnit unit) {
        return DistrictInfo.newBuilder().setCode(unit.code()).setName(unit.name()).setNameAscii(unit.nameAscii())
                .setParent(unit.parentCode()).setLevel(unit.level().key()).setValidFrom(unit.validFrom()).setValidTo(unit.validTo()).build();
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
        return publish(context, Geography.selected(), populationTopic, districtsTopic);
    }

    /** Publishes {@code dataSet}'s population and counting units into the given topics. */
    public static int publish(FeedContext context, GeoDataSet dataSet, String populationTopic, String districtsTopic) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, SpecificRecord> producer = VaccinationScenario.bulkProducer(context, "pulse-reference-vaccination")) {
            for (UnitPopulation p : dataSet.population()) {
                Population population = Population.newBuilder().setDistrictCode(p.unitCode()).setAgeGroup(p.ageGroup())
                        .setYear(dataSet.populationYear()).setPopulation(p.population()).build();
                acks.add(producer.send(new ProducerRecord<>(populationTopic,
                        AggregateKeys.cohort(p.unitCode(), p.ageGroup()), population)));
            }
            for (AdminUnit u : dataSet.countingUnits()) {
                acks.add(producer.send(new ProducerRecord<>(districtsTopic, u.code(), districtInfo(u))));
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
