package vn.pulse.registry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import vn.pulse.registry.model.CompatibilityLevel;
import vn.pulse.registry.model.ErrorCode;
import vn.pulse.registry.model.RegistryMode;
import vn.pulse.registry.model.SchemaRegistryException;

/** The registry's rules on the in-memory store (the HTTP tests cover the same through the protocol). */
class SchemaRegistryTest {

    private final SchemaRegistry registry = new SchemaRegistry(new InMemorySchemaStore());

    private static SchemaInput schema(String name) {
        return SchemaInput.avro("{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    }

    @Test
    void idsAreSharedAcrossSubjectsAndNeverReused() {
        VersionedSchema a = registry.register("a", schema("X"));
        VersionedSchema b = registry.register("b", schema("X"));
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.version()).isEqualTo(1);
        int y = registry.register("c", schema("Y")).id();
        registry.deleteSubject("c", false);
        registry.deleteSubject("c", true);
        assertThat(registry.register("d", schema("Z")).id()).isGreaterThan(y);
        assertThat(registry.register("c", schema("Y")).id()).as("a removed schema comes back under a new id").isGreaterThan(y);
    }

    @Test
    void softDeletedVersionsKeepTheirNumbersAndIds() {
        registry.setCompatibility("s", CompatibilityLevel.NONE);
        registry.register("s", schema("One"));
        registry.register("s", schema("Two"));
        registry.deleteVersion("s", VersionSpec.LATEST, false);
        VersionedSchema again = registry.register("s", schema("Two"));
        assertThat(again.version()).isEqualTo(3);
        assertThat(registry.versions("s", true)).containsExactly(1, 2, 3);
        assertThat(registry.version("s", new VersionSpec(2), true).id()).isEqualTo(again.id());
    }

    @Test
    void readOnlyOverrideWinsOverSubjectModes() {
        registry.setMode("s", RegistryMode.READWRITE, false);
        registry.setMode(null, RegistryMode.READONLY_OVERRIDE, false);
        assertThatThrownBy(() -> registry.register("s", schema("A")))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OPERATION_NOT_PERMITTED));
        registry.setMode(null, RegistryMode.READWRITE, false);
        assertThat(registry.register("s", schema("A")).version()).isEqualTo(1);
    }

    @Test
    void versionSpecs() {
        assertThat(VersionSpec.parse("latest").isLatest()).isTrue();
        assertThat(VersionSpec.parse("-1").isLatest()).isTrue();
        assertThat(VersionSpec.parse("12").number()).isEqualTo(12);
        for (String bad : new String[] {"0", "-2", "x", "", "99999999999"}) {
            assertThatThrownBy(() -> VersionSpec.parse(bad)).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_VERSION));
        }
    }
}
