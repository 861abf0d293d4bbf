package vn.pulse.registry.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 loads only trusted classes when it decodes into generated code. This trusts Pulse's generated
 * packages ({@code vn.pulse.*}) on top of whatever is already trusted: through the global
 * {@link ClassSecurityValidator}, and through the {@code org.apache.avro.SERIALIZABLE_PACKAGES} system
 * property for code that reads it later.
 */
final class AvroClassTrust {

    static final String TRUSTED_PACKAGE = "vn.pulse";
    private static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
    private static boolean done;

    private AvroClassTrust() {
    }

    static synchronized void trustPulsePackages() {
        if (done) {
            return;
        }
        String packages = System.getProperty(PROPERTY);
        if (packages == null || packages.isBlank()) {
            System.setProperty(PROPERTY, TRUSTED_PACKAGE);
        } else if (!(',' + packages.replace(" ", "") + ',').contains(',' + TRUSTED_PACKAGE + ',')) {
            System.setProperty(PROPERTY, packages + "," + TRUSTED_PACKAGE);
        }
        ClassSecurityValidator.ClassSecurityPredicate pulse = type -> type.getName().startsWith(TRUSTED_PACKAGE + ".");
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), pulse));
        done = true;
    }
}
