package vn.pulse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} / {@code 127.0.0.1}, made at test time with the JDK's
 * {@code keytool} (nothing secret is checked in): a PKCS12 keystore with the key and the certificate
 * for servers, and a PKCS12 truststore with the certificate alone for clients. Made once per JVM.
 *
 * @param keystore   the server's key and certificate
 * @param truststore the certificate, for clients
 * @param password   the password of both files
 */
public record TestTls(Path keystore, Path truststore, String password) {

    private static TestTls shared;

    /** The JVM's test certificate, created on first use in a temporary directory. */
    public static synchronized TestTls get() {
        if (shared == null) {
            try {
                shared = create(Files.createTempDirectory("pulse-test-tls"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for the test certificate", e);
            }
        }
        return shared;
    }

    /** Creates a new certificate in {@code dir}. */
    public static TestTls create(Path dir) {
        String password = "test-tls-" + Long.toHexString(System.nanoTime());
        Path keystore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.crt");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "pulse-test", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "7", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "pulse-test", "-keystore", keystore.toString(), "-storepass", password,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "pulse-test", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", password);
        return new TestTls(keystore, truststore, password);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
