package vn.pulse.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Printing configuration without its secrets: what {@code toString} of a config object and log lines
 * use, so a {@code user:password@} in a URL never reaches a log (see docs/security.md).
 */
public final class Secrets {

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    /** Parts of a property name that make its value a secret ({@code ssl.key.password}, {@code sasl.jaas.config}, {@code basic.auth.user.info}...). */
    private static final Set<String> SECRET_NAME_PARTS = Set.of("password", "jaas.config", "secret", "user.info", "token", "credentials.info");
    /** Secret properties whose names say nothing: a PEM private key given inline. */
    private static final Set<String> SECRET_NAMES = Set.of("ssl.keystore.key");

    private Secrets() {
    }

    /** Whether a client property ({@code sasl.jaas.config}, {@code ssl.truststore.password}, ...) holds a secret and must never be printed. */
    public static boolean isSecret(String propertyName) {
        String name = propertyName.toLowerCase(Locale.ROOT);
        return SECRET_NAMES.contains(name) || SECRET_NAME_PARTS.stream().anyMatch(name::contains);
    }

    /** {@code properties} for printing: the value of every {@linkplain #isSecret secret} one replaced by {@value #MASK}, URLs without user info. */
    public static Map<String, String> properties(Map<String, String> properties) {
        Map<String, String> printable = new LinkedHashMap<>();
        properties.forEach((name, value) -> printable.put(name, isSecret(name) ? MASK : url(value)));
        return printable;
    }

    /** {@code url} with any user info replaced by {@value #MASK}; a URL that cannot be parsed is masked whole if it has an '@'. */
    public static String url(String url) {
        if (url == null || url.indexOf('@') < 0) {
            return url;
        }
        try {
            URI uri = new URI(url);
            if (uri.getRawUserInfo() == null) {
                return url;
            }
            return new URI(uri.getScheme(), MASK, uri.getHost(), uri.getPort(), uri.getRawPath(), null, null).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return MASK;
        }
    }

    /** {@value #MASK} when a secret is set, else "none": whether it is configured, never what it is. */
    public static String presence(String secret) {
        return secret == null || secret.isEmpty() ? "none" : MASK;
    }
}
