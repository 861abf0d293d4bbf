package vn.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.pulse.api.ApiConfig;
import vn.pulse.core.config.Secrets;
import vn.pulse.core.config.Settings;
import vn.pulse.producer.ingest.ApiKeys;
import vn.pulse.producer.ingest.IngestConfig;
import vn.pulse.registry.client.RegistryClientConfig;
import vn.pulse.streams.StreamsAppConfig;

/** No configuration object prints a secret: API keys, bearer tokens, registry credentials. */
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
    void masksTheUserInfoOfAUrlOnly() {
        assertThat(Secrets.url(REGISTRY)).isEqualTo("http://***@registry.internal:8081");
        assertThat(Secrets.url("http://127.0.0.1:8081")).isEqualTo("http://127.0.0.1:8081");
        assertThat(Secrets.url("http://a:b@host/path?x=1")).isEqualTo("http://***@host/path");
        assertThat(Secrets.url("not a url with @ in it")).isEqualTo(Secrets.MASK);
        assertThat(Secrets.presence("")).isEqualTo("none");
        assertThat(Secrets.presence("x")).isEqualTo(Secrets.MASK);
    }
}
