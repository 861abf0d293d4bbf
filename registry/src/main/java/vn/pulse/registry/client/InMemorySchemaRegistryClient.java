package vn.pulse.registry.client;

import java.util.List;
import org.apache.avro.Schema;
import vn.pulse.registry.core.AvroSchemas;
import vn.pulse.registry.core.InMemorySchemaStore;
import vn.pulse.registry.core.SchemaInput;
import vn.pulse.registry.core.SchemaRegistry;
import vn.pulse.registry.core.VersionSpec;
import vn.pulse.registry.core.VersionedSchema;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.CompatibilityResult;

/**
 * A registry client with the registry itself inside, in memory: the same rules as the server (ids shared
 * across subjects, compatibility checks, error codes) without HTTP or Kafka. For unit tests.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final SchemaRegistry registry = new SchemaRegistry(new InMemorySchemaStore());

    @Override
    public int register(String subject, Schema schema) {
        return registry.register(subject, input(schema)).id();
    }

    @Override
    public Schema getById(int id) {
        return registry.schemaById(id).schema();
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        return toRegistered(registry.version(subject, VersionSpec.LATEST, false));
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        return toRegistered(registry.version(subject, new VersionSpec(version), false));
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return toRegistered(registry.lookup(subject, input(schema), false));
    }

    @Override
    public List<String> subjects() {
        return registry.subjects(null, false);
    }

    @Override
    public List<Integer> versions(String subject) {
        return registry.versions(subject, false);
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        return registry.checkCompatibility(subject, null, input(schema));
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        return registry.deleteSubject(subject, permanent);
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        return subject == null ? registry.globalCompatibility() : registry.subjectCompatibility(subject, true);
    }

    @Override
    public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
        return registry.setCompatibility(subject, level);
    }

    private static SchemaInput input(Schema schema) {
        return SchemaInput.avro(AvroSchemas.canonical(schema));
    }

    private RegisteredSchema toRegistered(VersionedSchema v) {
        return new RegisteredSchema(v.subject(), v.version(), v.id(), registry.schemaById(v.id()).schema());
    }
}
