package vn.pulse.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.api.ApiConfig;
import vn.pulse.api.ApiServer;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.http.HttpTls;
import vn.pulse.core.topics.TopicProvisioner;
import vn.pulse.core.topics.Topics;
import vn.pulse.platform.LocalKafka;
import vn.pulse.platform.LocalKafkaConfig;
import vn.pulse.producer.feed.Feed;
import vn.pulse.producer.feed.FeedContext;
import vn.pulse.producer.ingest.ApiKeys;
import vn.pulse.producer.ingest.IngestConfig;
import vn.pulse.producer.ingest.IngestServer;
import vn.pulse.registry.server.SchemaRegistryServer;
import vn.pulse.registry.server.SchemaRegistryServerConfig;
import vn.pulse.streams.StreamsApp;
import vn.pulse.streams.StreamsAppConfig;

/**
 * The whole pipeline in one process: a real KRaft broker, the schema registry, the Streams app, the
 * consumer API and a feeder. Each part is the same class that runs on its own in a deployment;
 * closing stops them in reverse order.
 */
public final class LocalRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private LocalKafka kafka;
    private SchemaRegistryServer registry;
    private StreamsApp streams;
    private ApiServer api;
    private IngestServer ingest;
    private Path ingestKeysFile;
    private Path ingestPlainKeysFile;
    private Path registryCredentialsFile;
    private ClientProperties registryClients = ClientProperties.NONE;
    private Feed feed;

    private LocalRun() {
    }

    public static LocalRun start(LocalRunOptions options) {
        LocalRun run = new LocalRun();
        try {
            run.startAll(options);
            return run;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    private void startAll(LocalRunOptions o) {
        if (o.fresh()) {
            deleteRecursively(o.dataDir());
        }
        kafka = track(LocalKafka.start(new LocalKafkaConfig(o.dataDir().resolve("kafka"), o.host(), o.kafkaPort(),
                o.controllerPort(), 6)));
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicProvisioner.ensure(admin, Topics.all(), (short) 1);
        }
        // The registry requires basic auth with the local users (created on first start); mode changes are refused.
        if (LocalRegistryCredentials.createIfMissing(o.dataDir())) {
            LOG.info("Created local schema registry credentials in {}", o.dataDir().resolve(LocalRegistryCredentials.CREDENTIALS_FILE).toAbsolutePath());
        }
        registryCredentialsFile = o.dataDir().resolve(LocalRegistryCredentials.CREDENTIALS_FILE);
        registryClients = LocalRegistryCredentials.clients(registryCredentialsFile, LocalRegistryCredentials.SERVICE_KEY);
        registry = track(SchemaRegistryServer.start(SchemaRegistryServerConfig.forKafka(kafka.bootstrapServers())
                .withHost(o.host()).withPort(o.registryPort())
                .withCredentialsFile(o.dataDir().resolve(LocalRegistryCredentials.USERS_FILE)).withModeMutability(false)));
        FeedContext feedContext = new FeedContext(kafka.bootstrapServers(), registry.url(), Clock.systemUTC(), 2021, registryClients);
        Feeds.publishReferenceData(feedContext);
        // How the app runs (streams.commit-interval, streams.threads, streams.profile*, streams.rocksdb.*, border.*,
        // vaccination.*) from the defaults and PULSE_* variables, as for a Streams app of its own; where things are
        // (plaintext broker, ports) from this run.
        StreamsAppConfig settings = StreamsAppConfig.load(null, Map.of());
        ReplayRecord replays = new ReplayRecord(o.dataDir());
        boolean replaying = !replays.replayed() && (o.feed().equals(Feeds.REPLAY) || o.feed().equals(Feeds.REPLAY_THEN_LIVE));
        // The scenario replay is about to arrive: with streams.profile=auto, start bulk rather than restart into it.
        streams = track(StreamsApp.start(new StreamsAppConfig(kafka.bootstrapServers(), registry.url(), "pulse-streams",
                o.dataDir().resolve("streams"), settings.commitInterval(), settings.threads(), o.host(), o.streamsPort(),
                registryClients, HttpTls.NONE, settings.border(), settings.vaccination(),
                replaying ? settings.profile().startingBulk() : settings.profile(),
                settings.rocksDbMemoryMib(), settings.rocksDbWriteBufferMib())));
        api = track(ApiServer.start(new ApiConfig(kafka.bootstrapServers(), registry.url(), o.host(), o.apiPort(), List.of(), List.of(),
                registryClients, HttpTls.NONE)));
        // The ingest gateway, with local keys created on first start (hashes + the plain keys for the user).
        ingestKeysFile = o.dataDir().resolve("ingest-keys.properties");
        ingestPlainKeysFile = o.dataDir().resolve("ingest-keys.txt");
        if (ApiKeys.createLocalKeys(ingestKeysFile, ingestPlainKeysFile)) {
            LOG.info("Created local ingest API keys in {}", ingestPlainKeysFile.toAbsolutePath());
        }
        ingest = track(IngestServer.start(IngestConfig.localRun(kafka.bootstrapServers(), registry.url(), o.host(), o.ingestPort(),
                ingestKeysFile).withClients(registryClients)));
        if (replays.replayed() && (o.feed().equals(Feeds.REPLAY) || o.feed().equals(Feeds.REPLAY_THEN_LIVE))) {
            LOG.info("The 2021 scenario was already replayed into this data directory ({}): not replaying it again;"
                    + " ./pulse run --fresh starts over with a new replay", replays.marker());
        }
        Feed created = Feeds.createOnce(o.feed(), feedContext, o.feedRate(), replays);
        if (created == null) {
            LOG.info("No feed: the pipeline waits for events");
        } else {
            feed = track(created);
            LOG.info("Feeding: {}", feed.name());
            feed.start();
        }
    }

    private <T extends AutoCloseable> T track(T part) {
        started.push(part);
        return part;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    /** The plain local registry credentials ({@code service.user-info}, {@code admin.user-info}; see {@link LocalRegistryCredentials}). */
    public Path registryCredentialsFile() {
        return registryCredentialsFile;
    }

    /** The serde properties with the service user's registry credentials, as every service of this run has them. */
    public ClientProperties registryClients() {
        return registryClients;
    }

    public String apiUrl() {
        return "http://" + kafka.config().host() + ":" + api.port();
    }

    public String ingestUrl() {
        return "http://" + kafka.config().host() + ":" + ingest.port();
    }

    /** The plain local ingest keys (written on first start; absent if the user deleted it). */
    public Path ingestKeysFile() {
        return ingestPlainKeysFile;
    }

    public String streamsUrl() {
        return "http://" + kafka.config().host() + ":" + streams.httpPort();
    }

    /** Events the feed has written so far (0 without a feed). */
    public long eventsFed() {
        return feed == null ? 0 : feed.eventsWritten();
    }

    /** Whether a finite feed (a replay) has written everything. */
    public boolean feedFinished() {
        return feed != null && feed.finished();
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
