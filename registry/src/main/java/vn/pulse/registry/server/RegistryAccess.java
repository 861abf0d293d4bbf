package vn.pulse.registry.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.pulse.registry.model.ErrorCode;
import vn.pulse.registry.model.SchemaRegistryException;

/**
 * Who may send which request: HTTP basic authentication (RFC 7617) against {@link RegistryCredentials}, then
 * the role the request needs ({@link #requiredRole}). Without credentials every request is allowed.
 * The ops endpoints ({@code /health/live}, {@code /health/ready}, {@code /metrics}) are always open.
 *
 * <p>Refusals are counted in {@value #METRIC}{@code {reason}} ({@code unauthenticated}: no or wrong
 * credentials, 401 / 40101; {@code forbidden}: a known user without the role, 403 / 40301).
 */
final class RegistryAccess {

    static final String REALM = "schema-registry";
    static final String WWW_AUTHENTICATE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";
    static final String METRIC = "pulse.registry.auth.refusals";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryAccess.class);
    private static final Set<String> OPEN_PATHS = Set.of("/health/live", "/health/ready", "/metrics");
    /** {@code POST /subjects/{subject}}: looks a schema up, changes nothing. */
    private static final Pattern LOOKUP = Pattern.compile("^/subjects/[^/]+/?$");

    private final RegistryCredentials credentials;
    private final Counter unauthenticated;
    private final Counter forbidden;

    RegistryAccess(RegistryCredentials credentials, MeterRegistry meters) {
        this.credentials = credentials;
        this.unauthenticated = counter(meters, "unauthenticated");
        this.forbidden = counter(meters, "forbidden");
    }

    private static Counter counter(MeterRegistry meters, String reason) {
        return Counter.builder(METRIC).description("Requests the schema registry refused for missing credentials or role")
                .tag("reason", reason).register(meters);
    }

    /** Whether requests are authenticated at all. */
    boolean enabled() {
        return credentials != null;
    }

    /**
     * Lets the request through, or throws the refusal: 40101 (with {@code WWW-Authenticate}) without valid
     * credentials, 40301 for a user whose role does not allow the request.
     */
    void check(Context ctx) {
        if (credentials == null || OPEN_PATHS.contains(ctx.path())) {
            return;
        }
        String[] userPassword = basicCredentials(ctx.header("Authorization"));
        Optional<RegistryCredentials.User> user = userPassword == null ? Optional.empty()
                : credentials.authenticate(userPassword[0], userPassword[1]);
        if (user.isEmpty()) {
            unauthenticated.increment();
            LOG.debug("Refused {} {} from {}: {}", ctx.method(), ctx.path(), ctx.ip(),
                    userPassword == null ? "no basic credentials" : "wrong user or password");
            ctx.header("WWW-Authenticate", WWW_AUTHENTICATE);
            throw new SchemaRegistryException(ErrorCode.UNAUTHORIZED,
                    userPassword == null ? "Unauthorized: send HTTP basic credentials" : "Unauthorized: unknown user or wrong password");
        }
        RegistryRole needed = requiredRole(ctx.method().name(), ctx.path());
        if (!user.get().role().includes(needed)) {
            forbidden.increment();
            LOG.info("Refused {} {} to user {} (role {}, needs {})", ctx.method(), ctx.path(), user.get().name(),
                    user.get().role().label(), needed.label());
            throw new SchemaRegistryException(ErrorCode.FORBIDDEN, "User " + user.get().name() + " is denied operation "
                    + ctx.method().name() + " " + ctx.path() + ": needs role " + needed.label() + ", has " + user.get().role().label());
        }
    }

    /**
     * The role a request needs: reading (GET, and looking a schema up with {@code POST /subjects/{subject}}) needs
     * {@code read}; registering and compatibility checks (any other POST) {@code write}; anything else
     * (DELETE, PUT /config, PUT /mode) {@code admin}.
     */
    static RegistryRole requiredRole(String method, String path) {
        switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS":
                return RegistryRole.READ;
            case "POST":
                return LOOKUP.matcher(path).matches() ? RegistryRole.READ : RegistryRole.WRITE;
            default:
                return RegistryRole.ADMIN;
        }
    }

    /** {@code [user, password]} from an {@code Authorization: Basic ...} header, or null if there is none or it is malformed. */
    static String[] basicCredentials(String header) {
        if (header == null) {
            return null;
        }
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        if (space < 0 || !trimmed.substring(0, space).equalsIgnoreCase("Basic")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(trimmed.substring(space + 1).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }
}
