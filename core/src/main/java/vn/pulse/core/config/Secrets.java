package vn.pulse.core.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Printing configuration without its secrets: what {@code toString} of a config object and log lines
 * use, so a {@code user:password@} in a URL never reaches a log (see docs/security.md).
 */
public final class Secrets {

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    private Secrets() {
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
