package vn.pulse.api.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Swagger UI at {@code /docs/}: a page that renders the API's own {@code /openapi.json}, served
 * like the command-center page (static files from the jar, open without a token, revalidated on
 * every load). The page and its configuration are this module's ({@code /api-docs} on the
 * classpath); the UI's script, style sheet and icons come from the {@code org.webjars:swagger-ui}
 * jar, of which nothing else is served (its demo page points at a remote document). Nothing is
 * fetched from elsewhere.
 */
public final class SwaggerUi {

    /** Where the page is served. */
    public static final String PATH = "/docs";
    /** The files of the webjar that the page loads; the only ones served from it. */
    public static final Set<String> ASSETS = Set.of("swagger-ui.css", "swagger-ui-bundle.js", "favicon-16x16.png", "favicon-32x32.png");

    private static final String WEBJAR_PROPERTIES = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private SwaggerUi() {
    }

    public static void install(JavalinConfig cfg) {
        // The page's references are relative: /docs itself is sent to /docs/ (before-handlers are no routes of their own).
        cfg.routes.before(PATH, ctx -> {
            if (ctx.path().equals(PATH) && (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD)) {
                ctx.redirect(PATH + "/", HttpStatus.MOVED_PERMANENTLY);
                ctx.skipRemainingHandlers();
            }
        });
        Map<String, String> revalidate = Map.of("Cache-Control", "no-cache");
        cfg.staticFiles.add(files -> {
            files.hostedPath = PATH;
            files.directory = "/api-docs";
            files.location = Location.CLASSPATH;
            files.headers = revalidate;
        });
        cfg.staticFiles.add(files -> {
            files.hostedPath = PATH;
            files.directory = "/META-INF/resources/webjars/swagger-ui/" + webjarVersion();
            files.location = Location.CLASSPATH;
            files.headers = revalidate;
            files.skipFileFunction = request -> !ASSETS.contains(fileName(request.getRequestURI()));
        });
    }

    private static String fileName(String uri) {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }

    /** The version of the Swagger UI webjar on the classpath (its files sit under a directory of that name). */
    public static String webjarVersion() {
        try (InputStream in = SwaggerUi.class.getResourceAsStream(WEBJAR_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the Swagger UI webjar (org.webjars:swagger-ui) is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            if (version == null || version.isBlank()) {
                throw new IllegalStateException(WEBJAR_PROPERTIES + " names no version");
            }
            return version.trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + WEBJAR_PROPERTIES, e);
        }
    }
}
