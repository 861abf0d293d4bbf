package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.pulse.producer.ingest.IngestFixtures.keys;
import static vn.pulse.producer.ingest.IngestFixtures.postJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.core.geography.Geography;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.testing.KafkaBroker;
import vn.pulse.testing.KafkaBrokerExtension;

/**
 * The gateway against the real broker on the langson-2025 data set, whose communes say which district
 * they replaced: a key scoped to a district covers the communes that replaced it, not those that
 * replaced another district; a key scoped to the province covers every unit in it.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("integration")
class CommuneScopesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE_178 = "test-site-178-key";
    private static final String SITE_PROVINCE = "test-site-province-key";

    private KafkaBroker broker;
    private SchemaRegistryServer registry;
    private TopicNames topics;
    private IngestServer server;

    @BeforeAll
    void start(KafkaBroker broker) {
        Geography.select(GeoDataSetLoader.loadShipped("langson-2025"));
        this.broker = broker;
        registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.inMemory().withPort(0));
        topics = IngestFixtures.uniqueTopics(broker);
        String keys = "site-178=site|178|" + ApiKeys.hash(SITE_178) + ";site-20=site|20|" + ApiKeys.hash(SITE_PROVINCE);
        server = IngestServer.start(IngestFixtures.config(broker.bootstrapServers(), registry.url(), Map.of("ingest.keys", keys)), topics,
                Clock.fixed(Instant.parse("2025-09-21T03:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
        Geography.select(GeoDataSetLoader.loadShipped(Geography.DEFAULT));
    }

    @Test
    void aDistrictKeyCoversTheCommunesThatReplacedIt() throws Exception {
        // LS01 is one of the four wards that replaced Lạng Sơn city (178) on 1 July 2025.
        HttpResponse<String> ward = postJson(server.port(), IngestKind.VACCINATION_DOSES, SITE_178, dose("cs-1", "LS01", "2025-09-20"));
        assertThat(ward.statusCode()).as(ward.body()).isEqualTo(202);
        HttpResponse<String> correction = postJson(server.port(), IngestKind.DOSE_CORRECTIONS, SITE_178, """
                {"correctionId":"cs-corr-1","doseEventId":"cs-1","districtCode":"LS01","reason":"entered twice"}""");
        assertThat(correction.statusCode()).as(correction.body()).isEqualTo(202);
        // And the district itself, on a day it existed.
        HttpResponse<String> district = postJson(server.port(), IngestKind.VACCINATION_DOSES, SITE_178, dose("cs-2", "178", "2025-06-20"));
        assertThat(district.statusCode()).as(district.body()).isEqualTo(202);
        assertThat(keys(broker.bootstrapServers(), topics.name(IngestKind.VACCINATION_DOSES.topic()))).contains("cs-1", "cs-2");
    }

    @Test
    void aDistrictKeyDoesNotCoverTheCommunesThatReplacedAnotherDistrict() throws Exception {
        // LS05 replaced Tràng Định (180), not 178.
        HttpResponse<String> other = postJson(server.port(), IngestKind.VACCINATION_DOSES, SITE_178,
                "[" + dose("cs-3", "LS02", "2025-09-20") + "," + dose("cs-4", "LS05", "2025-09-20") + "]");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        JsonNode errors = JSON.readTree(other.body()).get("errors");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.get("path").asText()).isEqualTo("$[1].districtCode");
            assertThat(e.get("reason").asText()).isEqualTo("key 'site-178' may write only unit 178 (and the units in it or that "
                    + "replaced it), not LS05");
        });
        assertThat(keys(broker.bootstrapServers(), topics.name(IngestKind.VACCINATION_DOSES.topic()))).doesNotContain("cs-3", "cs-4");
    }

    @Test
    void aProvinceKeyCoversEveryUnitInIt() throws Exception {
        HttpResponse<String> doses = postJson(server.port(), IngestKind.VACCINATION_DOSES, SITE_PROVINCE,
                "[" + dose("cs-5", "LS05", "2025-09-20") + "," + dose("cs-6", "LS65", "2025-09-20") + ","
                        + dose("cs-7", "189", "2025-06-20") + "]");
        assertThat(doses.statusCode()).as(doses.body()).isEqualTo(202);
        assertThat(keys(broker.bootstrapServers(), topics.name(IngestKind.VACCINATION_DOSES.topic()))).contains("cs-5", "cs-6", "cs-7");
    }

    private static String dose(String id, String unit, String day) {
        return IngestFixtures.dose(id, unit).replace("2021-12-24T09:15:00+07:00", day + "T09:15:00+07:00");
    }
}
