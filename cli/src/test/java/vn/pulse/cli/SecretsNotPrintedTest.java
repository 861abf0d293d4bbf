package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.pulse.api.ApiConfig;
import vn.pulse.core.config.Secrets;
import vn.pulse.core.config.Settings;
import vn.pulse.producer.ingest.ApiKeys;
import vn.pulse.producer.ingest.IngestConfig;
import vn.pulse.registry.client.RegistryClientConfig;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.streams.StreamsAppConfig;
import vn.pulse.testing.TestTls;

/** No configuration object prints a secret: API keys, bearer tokens, registry credentials, Kafka and TLS passwords. */
class SecretsNotPrintedTest {

    private static final String PASSWORD = "s3cr3t-registry-password";
    private static final String REGISTRY = "http://pulse:" + PASSWORD + "@registry.internal:8081";
    private static final String TOKEN = "api-bearer-token-0123456789";
    private static final String INGEST_KEY = "ingest-plain-key-abcdef";

    @Test
    void configObjectsNeverPrintTheirSecrets() {
        String hash = ApiKeys.hash(INGEST_KEY);
        IngestConfig ingest = IngestConfig.from(Settings.of(IngestConfig.DEFAULTS, Map.of("registry.url", REGISTRY,
                "ingest.keys", "site=site|178|" + hash)));
        ApiConfig api = ApiConfig.from(Settings.of(ApiConfig.DEFAULTS, Map.of("registry.url", REGISTRY, "api.auth.tokens", TOKEN)));
        StreamsAppConfig streams = new StreamsAppConfig("127.0.0.1:9092", REGISTRY, "pulse-streams", Path.of("data"),
                Duration.ofMillis(100), 1, "127.0.0.1", 8083);
        RegistryClientConfig registry = new RegistryClientConfig(List.of(REGISTRY), "user:" + PASSWORD, TOKEN, Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMinutes(5));

        for (Object config : List.of(ingest, api, streams, registry)) {
            assertThat(config.toString()).as(config.getClass().getSimpleName())
                    .doesNotContain(PASSWORD, TOKEN, INGEST_KEY, hash)
                    .contains("registry.internal:8081");
        }
        assertThat(registry.toString()).contains("bearerToken=***");
    }

    @Test
    void kafkaClientAndHttpsSecretsAreNotPrinted() {
        TestTls tls = TestTls.get();
        String jaasPassword = "kafka-jaas-password-42";
        String trustPassword = "kafka-truststore-password-42";
        String registryUser = "registry-user-info-42";
        Map<String, String> secure = new HashMap<>(Map.of(
                "kafka.client.security.protocol", "SASL_SSL",
                "kafka.client.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"pulse\" password=\""
                        + jaasPassword + "\";",
                "kafka.client.ssl.truststore.password", trustPassword,
                "registry.client.basic.auth.user.info", "pulse:" + registryUser,
                "registry.client.schema.registry.ssl.truststore.password", trustPassword));
        List<Object> configs = new ArrayList<>();
        configs.add(ApiConfig.from(Settings.of(ApiConfig.DEFAULTS, withTls(secure, "api.http", tls))));
        configs.add(IngestConfig.from(Settings.of(IngestConfig.DEFAULTS, withTls(secure, "ingest.http", tls))));
        configs.add(StreamsAppConfig.from(Settings.of(StreamsAppConfig.DEFAULTS, withTls(secure, "streams.http", tls))));
        configs.add(SchemaRegistryServerConfig.fromSettings(Settings.of(SchemaRegistryServerConfig.SETTINGS_DEFAULTS,
                withTls(secure, "registry", tls))));
        configs.add(ToolsConfig.load(Map.of("PULSE_KAFKA_CLIENT_SASL_JAAS_CONFIG", "password=\"" + jaasPassword + "\""), null, null, null));

        for (Object config : configs) {
            assertThat(config.toString()).as(config.getClass().getSimpleName())
                    .doesNotContain(jaasPassword, trustPassword, registryUser, tls.password());
        }
        assertThat(configs.get(0).toString()).contains("security.protocol=SASL_SSL", "sasl.jaas.config=***", "keystore=" + tls.keystore());
    }

    private static Map<String, String> withTls(Map<String, String> secure, String prefix, TestTls tls) {
        Map<String, String> settings = new HashMap<>(secure);
        settings.put(prefix + ".tls.keystore", tls.keystore().toString());
        settings.put(prefix + ".tls.keystore-password", tls.password());
        return settings;
    }

    @Test
    void masksTheUserInfoOfAUrlOnly() {
        assertThat(Secrets.url(REGISTRY)).isEqualTo("http://***@registry.internal:8081");
        assertThat(Secrets.url("http://127.0.0.1:8081")).isEqualTo("http://127.0.0.1:8081");
        assertThat(Secrets.url("http://a:b@host/path?x=1")).isEqualTo("http://***@host/path");
        assertThat(Secrets.url("not a url with @ in it")).isEqualTo(Secrets.MASK);
        assertThat(Secrets.presence("")).isEqualTo("none");
        assertThat(Secrets.presence("x")).isEqualTo(Secrets.MASK);
    }
}
