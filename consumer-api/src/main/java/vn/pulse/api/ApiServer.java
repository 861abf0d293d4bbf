package vn.pulse.api;

import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import vn.pulse.api.border.BorderApi;
import vn.pulse.api.http.BearerAuth;
import vn.pulse.api.http.Sessions;
import vn.pulse.api.live.LiveUpdates;
import vn.pulse.api.readmodel.ReadModel;
import vn.pulse.api.vaccination.VaccinationApi;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.http.Json;
import vn.pulse.core.ops.OpsRoutes;
import vn.pulse.core.ops.ServiceMetrics;
import vn.pulse.registry.serde.SpecificAvroSerde;

/**
 * The consumer API: a read model of the aggregate topics (read_committed) served over HTTP, with
 * one {@link ApiModule} per domain.
 */
public final class ApiServer implements AutoCloseable {

    /** Where the OpenAPI document is served, and the classpath resource it is served from. */
    public static final String OPENAPI_PATH = "/openapi.json";
    public static final String OPENAPI_RESOURCE = "/vn/pulse/api/openapi.json";

    private final ReadModel readModel = new ReadModel();
    private final LiveUpdates live;
    private final ServiceMetrics metrics = ServiceMetrics.create("api");
    private final byte[] openApi = openApiDocument();
    private final Javalin http;

    private ApiServer(ApiConfig config, List<ApiModule> modules) {
        this.live = new LiveUpdates(config.stream());
        modules.forEach(m -> m.registerReaders(readModel));
        modules.forEach(m -> m.publishTo(live));
        readModel.bindMetrics(metrics.registry());
        live.bindMetrics(metrics.registry());
        modules.forEach(m -> m.bindMetrics(metrics.registry()));
        Sessions sessions = new Sessions(config.authTokens(), config.sessionTtl());
        BearerAuth auth = new BearerAuth(config.authTokens(), sessions);
        this.http = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(Json.javalinMapper());
            if (!config.corsOrigins().isEmpty()) {
                cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    if (config.corsOrigins().contains("*")) {
                        rule.anyHost();
                    } else {
                        config.corsOrigins().forEach(origin -> rule.allowHost(origin));
                    }
                    rule.exposeHeader("ETag");
                }));
            }
            cfg.routes.before(auth::check);
            modules.forEach(m -> m.routes(cfg, readModel));
            cfg.routes.get("/api/v1/stream", live::handle);
            cfg.routes.post(Sessions.PATH, sessions::open);
            // The OpenAPI 3.1 description of every route here (a checked-in resource, kept honest by OpenApiContractIT).
            cfg.routes.get(OPENAPI_PATH, ctx -> ctx.contentType(ContentType.APPLICATION_JSON).result(openApi));
            // The command-center page (docs/page.md): static files from the jar, revalidated on every load.
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
            });
            OpsRoutes.install(cfg, "api", metrics, readModel::readiness);
            config.tls().apply(cfg, config.httpHost(), config.httpPort());
        });
    }

    /** Starts reading the declared aggregate topics and serving HTTP. */
    public static ApiServer start(ApiConfig config) {
        return start(config, defaultModules(config));
    }

    /** Starts with the given modules (tests pass modules reading unique topics). */
    public static ApiServer start(ApiConfig config, List<ApiModule> modules) {
        ApiServer server = new ApiServer(config, modules);
        server.readModel.start();
        server.http.start(config.httpHost(), config.httpPort());
        return server;
    }

    public static List<ApiModule> defaultModules(ApiConfig config) {
        List<ApiModule> modules = new ArrayList<>();
        ClientProperties clients = config.clients();
        modules.add(new VaccinationApi(clients.kafkaConfig(config.bootstrapServers()), TopicNames.defaults(),
                new VaccinationApi.Deserializers(deserializer(clients, config.registryUrl()), deserializer(clients, config.registryUrl()),
                        deserializer(clients, config.registryUrl()))));
        modules.addAll(BorderApi.modules(config));
        return modules;
    }

    /** A value deserializer for a generated Avro class, against the configured registry. */
    public static <T extends SpecificRecord> Deserializer<T> deserializer(String registryUrl) {
        return deserializer(ClientProperties.NONE, registryUrl);
    }

    /** The same, with the {@code registry.client.*} properties (HTTPS truststore, basic auth). */
    public static <T extends SpecificRecord> Deserializer<T> deserializer(ClientProperties clients, String registryUrl) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>();
        serde.configure(clients.serdeConfig(registryUrl), false);
        return serde.deserializer();
    }

    /** The API's OpenAPI 3.1 document, as served at {@link #OPENAPI_PATH}. */
    public static byte[] openApiDocument() {
        try (InputStream in = ApiServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }

    /** Every HTTP route this server registered, as {@code "GET /api/v1/alerts"} (static files aside). */
    public List<String> routes() {
        return http.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .toList();
    }

    public int port() {
        return http.port();
    }

    /** The live feed (tests flush it instead of waiting for its timer). */
    public LiveUpdates live() {
        return live;
    }

    @Override
    public void close() {
        live.close();
        http.stop();
        readModel.close();
        metrics.close();
    }

    /** Runs the API as its own process: {@code java ... vn.pulse.api.ApiServer [config.properties]}. */
    public static void main(String[] args) throws InterruptedException {
        ApiServer server = start(ApiConfig.load(args.length > 0 ? Path.of(args[0]) : null, Map.of()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "pulse-api-shutdown"));
        stopped.await();
    }
}
