package vn.pulse.api;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.MeterRegistry;
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
import vn.pulse.api.alerts.AlertsApi;
import vn.pulse.api.areas.AreasApi;
import vn.pulse.api.border.BorderApi;
import vn.pulse.api.http.ApiProblem;
import vn.pulse.api.http.BearerAuth;
import vn.pulse.api.http.DataHandler;
import vn.pulse.api.http.Document;
import vn.pulse.api.http.Format;
import vn.pulse.api.http.Problems;
import vn.pulse.api.http.Request;
import vn.pulse.api.http.Responses;
import vn.pulse.api.http.Sessions;
import vn.pulse.api.http.SwaggerUi;
import vn.pulse.api.live.LiveUpdates;
import vn.pulse.api.projections.ProjectionsApi;
import vn.pulse.api.readmodel.AvroValues;
import vn.pulse.api.readmodel.ReadModel;
import vn.pulse.api.readmodel.TopicReader;
import vn.pulse.api.report.ReportApi;
import vn.pulse.api.vaccination.StockApi;
import vn.pulse.api.vaccination.VaccinationApi;
import vn.pulse.core.config.ClientProperties;
import vn.pulse.core.contract.TopicNames;
import vn.pulse.core.geography.Geography;
import vn.pulse.core.http.Json;
import vn.pulse.core.ops.OpsRoutes;
import vn.pulse.core.ops.ServiceMetrics;
import vn.pulse.core.topics.Topics;

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
        ModuleWiring wiring = new ModuleWiring();
        modules.forEach(module -> module.install(wiring));
        List<Route> routes = wiring.close();
        readModel.bindMetrics(metrics.registry());
        live.bindMetrics(metrics.registry());
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
                    rule.exposeHeader("Content-Disposition");
                }));
            }
            cfg.routes.exception(ApiProblem.class, Problems::send);
            // A path under /api/ that no route serves is a problem too, not Javalin's plain-text 404.
            cfg.routes.error(404, "*", ctx -> {
                String answered = ctx.res().getContentType();
                if (ctx.path().startsWith("/api/") && (answered == null || !answered.startsWith(Problems.CONTENT_TYPE))) {
                    Problems.send(new ApiProblem.NotFound("No route answers " + ctx.method() + " " + ctx.path()
                            + "; GET /openapi.json lists every route."), ctx);
                }
            });
            cfg.routes.before(auth::check);
            routes.forEach(route -> getAndHead(cfg, route.path(), ctx -> answer(ctx, route)));
            cfg.routes.get("/api/v1/stream", live::handle);
            cfg.routes.post(Sessions.PATH, sessions::open);
            // The OpenAPI 3.1 description of every route here (a checked-in resource, kept honest by OpenApiContractIT).
            getAndHead(cfg, OPENAPI_PATH, ctx -> ctx.contentType(ContentType.APPLICATION_JSON).result(openApi));
            // The command-center page (docs/page.md): static files from the jar, revalidated on every load.
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
            });
            // Swagger UI over the same OpenAPI document (docs/api.md): static files too.
            SwaggerUi.install(cfg);
            OpsRoutes.install(cfg, "api", metrics, readModel::readiness);
            config.tls().apply(cfg, config.httpHost(), config.httpPort());
        });
    }

    /** A data route; {@code tables}: its answers are tables, downloadable by {@code ?format=} or {@code Accept}. */
    private record Route(String path, DataHandler handler, boolean tables) {
    }

    /**
     * Answers {@code GET path} and {@code HEAD path} with the same handler: a {@code HEAD} gets the
     * status and headers its {@code GET} would get ({@code Content-Type}, {@code ETag},
     * {@code Cache-Control}, {@code Content-Length} where the {@code GET} is not chunked, and
     * {@code 304} on a matching {@code If-None-Match}), and Jetty sends no body (RFC 9110, 9.3.2).
     */
    private static void getAndHead(JavalinConfig cfg, String path, Handler handler) {
        cfg.routes.get(path, handler);
        cfg.routes.head(path, handler);
    }

    /** What modules declare their readers, routes and gauges through; closed once the server is built. */
    private final class ModuleWiring implements ApiModule.Wiring {
        private final List<Route> routes = new ArrayList<>();
        private boolean closed;

        @Override
        public void read(TopicReader reader) {
            open();
            readModel.add(reader);
        }

        @Override
        public void get(String path, DataHandler handler) {
            open();
            routes.add(new Route(path, handler, true));
        }

        @Override
        public void getDocument(String path, DataHandler handler) {
            open();
            routes.add(new Route(path, handler, false));
        }

        @Override
        public ApiModule.Changes changes() {
            return live::changed;
        }

        @Override
        public MeterRegistry metrics() {
            return metrics.registry();
        }

        private void open() {
            if (closed) {
                throw new IllegalStateException("modules declare their readers and routes in install(), not later");
            }
        }

        List<Route> close() {
            closed = true;
            return List.copyOf(routes);
        }
    }

    /**
     * One data route: the representation asked for and the handler check the request; then 503 while
     * the read model is loading, else the body (JSON with its lag, or a CSV or XLSX download of its table).
     */
    private void answer(Context ctx, Route route) {
        Format format = route.tables() ? Format.of(ctx.queryParam(Format.PARAMETER), ctx.header("Accept")) : Format.JSON;
        DataHandler.Answer answer = route.handler().handle(Request.of(ctx));
        if (!readModel.loaded()) {
            throw new ApiProblem.NotReady(OpsRoutes.RETRY_AFTER_SECONDS, "The read model is still loading the aggregate topics.");
        }
        Object body = answer.body();
        if (body instanceof Document document) {
            document.send(ctx);
            return;
        }
        Responses.send(ctx, format, body, readModel.lag());
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
        return modules(config, TopicNames.defaults());
    }

    /**
     * Every domain module (vaccination, border, alerts, and the projections and reports built from them) reading
     * {@code topics} (tests pass unique names).
     */
    public static List<ApiModule> modules(ApiConfig config, TopicNames topics) {
        List<ApiModule> modules = new ArrayList<>();
        ClientProperties clients = config.clients();
        modules.add(new VaccinationApi(clients.kafkaConfig(config.bootstrapServers()), topics,
                new VaccinationApi.Deserializers(deserializer(clients, config.registryUrl()), deserializer(clients, config.registryUrl()),
                        deserializer(clients, config.registryUrl()))));
        StockApi stock = new StockApi(clients.kafkaConfig(config.bootstrapServers()), topics, deserializer(clients, config.registryUrl()));
        modules.add(stock);
        List<ApiModule> border = BorderApi.modules(clients, config.bootstrapServers(), config.registryUrl(), topics);
        border.stream().filter(AlertsApi.class::isInstance).map(AlertsApi.class::cast).forEach(a -> a.include(stock.alertSource()));
        modules.addAll(border);
        modules.add(new AreasApi(clients.kafkaConfig(config.bootstrapServers()), topics,
                new VaccinationApi.Deserializers(deserializer(clients, config.registryUrl()), deserializer(clients, config.registryUrl()),
                        deserializer(clients, config.registryUrl())), Geography.selected()));
        modules.add(ProjectionsApi.over(modules, clients.kafkaConfig(config.bootstrapServers()), topics.name(Topics.COVERAGE_TARGETS),
                deserializer(clients, config.registryUrl())));
        modules.add(ReportApi.over(modules));
        return modules;
    }

    /** A value deserializer for a generated Avro class, against the configured registry. */
    public static <T extends SpecificRecord> Deserializer<T> deserializer(String registryUrl) {
        return AvroValues.deserializer(ClientProperties.NONE, registryUrl);
    }

    /** The same, with the {@code registry.client.*} properties (HTTPS truststore, basic auth). */
    public static <T extends SpecificRecord> Deserializer<T> deserializer(ClientProperties clients, String registryUrl) {
        return AvroValues.deserializer(clients, registryUrl);
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
