package vn.pulse.core.http;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.config.Secrets;
import vn.pulse.core.config.Settings;

/**
 * HTTPS for one of our HTTP servers (API, ingest gateway, registry, Streams ops port), configured under
 * the server's own prefix: {@code <prefix>.tls.keystore} (a PKCS12 or JKS file holding the private key
 * and its certificate chain; empty = plain HTTP), {@code <prefix>.tls.keystore-password} and
 * {@code <prefix>.tls.keystore-type} (default {@code PKCS12}). With a keystore the server has one TLS
 * connector and no plain-HTTP one: {@code http://} requests are not answered. The key's password is the
 * keystore's (as {@code keytool} writes PKCS12 files).
 *
 * @param keystore the keystore file, null = plain HTTP
 * @param password the keystore's password
 * @param type     {@code PKCS12} or {@code JKS}
 */
public record HttpTls(Path keystore, String password, String type) {

    /** Plain HTTP. */
    public static final HttpTls NONE = new HttpTls(null, "", "PKCS12");

    /** The three keys under {@code prefix} ({@code api.http} → {@code api.http.tls.keystore}, ...) with their defaults (plain HTTP). */
    public static Map<String, String> defaults(String prefix) {
        return Map.of(prefix + ".tls.keystore", "", prefix + ".tls.keystore-password", "", prefix + ".tls.keystore-type", "PKCS12");
    }

    /**
     * Reads the keys under {@code prefix}; with a keystore set, opens it at once so a wrong path or password
     * fails at start-up naming the key, not at the first request.
     */
    public static HttpTls from(Settings settings, String prefix) {
        String location = settings.string(prefix + ".tls.keystore").trim();
        if (location.isEmpty()) {
            return NONE;
        }
        HttpTls tls = new HttpTls(Path.of(location), settings.string(prefix + ".tls.keystore-password"),
                settings.required(prefix + ".tls.keystore-type"));
        try {
            tls.load();
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("invalid configuration " + prefix + ".tls.keystore='" + location + "': cannot open the "
                    + tls.type + " keystore with " + prefix + ".tls.keystore-password: " + e.getMessage(), e);
        }
        return tls;
    }

    public boolean enabled() {
        return keystore != null;
    }

    /** {@code https} or {@code http}, for the URLs a service prints. */
    public String scheme() {
        return enabled() ? "https" : "http";
    }

    /**
     * With TLS on, gives the Javalin server its only connector: TLS on {@code host:port} (port 0 = a free
     * one, as {@code Javalin.port()} reports). Javalin adds its plain-HTTP connector only when none was
     * added, so no plain-HTTP port is opened. Without TLS, does nothing.
     */
    public void apply(JavalinConfig config, String host, int port) {
        if (!enabled()) {
            return;
        }
        config.jetty.addConnector((server, httpConfiguration) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(keystore.toAbsolutePath().toString());
            ssl.setKeyStorePassword(password);
            ssl.setKeyStoreType(type);
            HttpConfiguration https = new HttpConfiguration(httpConfiguration);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // Clients verify the certificate against the host they asked for; the server need not
            // refuse requests that reach it under another name (an IP address, a proxy's name).
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            ServerConnector connector = new ServerConnector(server,
                    new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
            connector.setHost(host);
            connector.setPort(port);
            return connector;
        });
    }

    private KeyStore load() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    @Override
    public String toString() {
        return enabled() ? "HttpTls[keystore=" + keystore + ", password=" + Secrets.presence(password) + ", type=" + type + "]" : "HttpTls[off]";
    }
}
