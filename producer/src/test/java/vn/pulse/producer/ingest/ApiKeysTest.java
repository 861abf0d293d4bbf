package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.config.ConfigException;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;
import vn.pulse.schemas.border.CheckpointScreening;

class ApiKeysTest {

    @TempDir
    Path dir;

    @Test
    void findsTheHolderOfAKeyFromItsHashAndNothingElse() {
        ApiKeys keys = ApiKeys.load(null, IngestFixtures.inlineKeys());
        assertThat(keys.authenticate(IngestFixtures.CUSTOMS_HUU_NGHI)).hasValueSatisfying(k -> {
            assertThat(k.name()).isEqualTo("customs-huu-nghi");
            assertThat(k.role()).isEqualTo(IngestKey.Role.CUSTOMS);
            assertThat(k.codes()).containsExactly("HUU_NGHI");
        });
        assertThat(keys.authenticate(ApiKeys.hash(IngestFixtures.CUSTOMS_HUU_NGHI))).as("the hash is not a key").isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
    }

    @Test
    void createsLocalKeysOnceWithOnlyHashesInTheKeyFile() throws Exception {
        Path hashes = dir.resolve("ingest-keys.properties");
        Path plain = dir.resolve("ingest-keys.txt");
        assertThat(ApiKeys.createLocalKeys(hashes, plain)).isTrue();
        assertThat(ApiKeys.createLocalKeys(hashes, plain)).as("kept on the next start").isFalse();
        List<String> plainLines = Files.readAllLines(plain).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(plainLines).hasSize(5);
        ApiKeys keys = ApiKeys.load(hashes, "");
        assertThat(keys.size()).isEqualTo(5);
        for (String line : plainLines) {
            String[] cols = line.trim().split("\\s+");
            String key = cols[cols.length - 1];
            assertThat(key).startsWith(ApiKeys.KEY_PREFIX);
            assertThat(Files.readString(hashes)).doesNotContain(key);
            assertThat(keys.authenticate(key)).hasValueSatisfying(k -> assertThat(k.name()).isEqualTo(cols[0]));
        }
    }

    /** docs/ingest.md reads a key with {@code awk '$1=="health"{print $4}' data/ingest-keys.txt}. */
    @Test
    void theLocalKeysFileGivesEachKeyAsTheFourthFieldOfTheLineNamedAfterIt() throws Exception {
        Path hashes = dir.resolve("ingest-keys.properties");
        Path plain = dir.resolve("ingest-keys.txt");
        ApiKeys.createLocalKeys(hashes, plain);
        ApiKeys keys = ApiKeys.load(hashes, "");
        for (String name : List.of("site-178", "health", "customs-huu-nghi")) {
            List<String> fourth = Files.readAllLines(plain).stream()
                    .map(l -> l.trim().split("[ \t]+"))
                    .filter(f -> f[0].equals(name) && f.length >= 4)
                    .map(f -> f[3])
                    .toList();
            assertThat(fourth).as(name).hasSize(1);
            assertThat(keys.authenticate(fourth.get(0))).as(name)
                    .hasValueSatisfying(k -> assertThat(k.name()).isEqualTo(name));
        }
    }

    @Test
    void namesTheScopedLocalKeysAfterTheDataSetsFirstGateAndFirstUnit() throws Exception {
        GeoDataSet province = GeoDataSetLoader.load("test", Map.of(
                "dataset.properties", "id=test\nname=Test\npopulation-year=2021\n",
                "units.csv", "code,parent,level,name,name_ascii,valid_from,valid_to\nVN,,country,Việt Nam,Viet Nam,,\n"
                        + "P1,VN,province,Tỉnh Một,Tinh Mot,,\n101,P1,district,Huyện Một,Huyen Mot,,\n102,P1,district,Huyện Hai,Huyen Hai,,\n",
                "population.csv", "unit,age_group,population\n101,12-17,1\n101,18+,1\n102,12-17,1\n102,18+,1\n",
                "gates.csv", "code,name,name_ascii,kind,unit,open\nGATE_A,Cửa khẩu A,Cua khau A,MAIN,101,true\n"
                        + "GATE_B,Cửa khẩu B,Cua khau B,MAIN,102,true\n")::get);
        Path hashes = dir.resolve("ingest-keys.properties");
        assertThat(ApiKeys.createLocalKeys(hashes, dir.resolve("ingest-keys.txt"), province)).isTrue();
        assertThat(ApiKeys.load(hashes, "").keys()).extracting(IngestKey::name, k -> List.copyOf(k.codes())).containsExactlyInAnyOrder(
                tuple("customs", List.of("*")), tuple("customs-gate-a", List.of("GATE_A")), tuple("site", List.of("*")),
                tuple("site-101", List.of("101")), tuple("health", List.of("*")));
    }

    @Test
    void theShippedDataSetGivesTheDocumentedLocalKeys() throws Exception {
        Path hashes = dir.resolve("ingest-keys.properties");
        ApiKeys.createLocalKeys(hashes, dir.resolve("ingest-keys.txt"), GeoDataSetLoader.loadShipped("langson-2021"));
        assertThat(ApiKeys.load(hashes, "").keys()).extracting(IngestKey::name)
                .containsExactlyInAnyOrder("customs", "customs-huu-nghi", "site", "site-178", "health");
    }

    @Test
    void scopesKeysByRoleAndCode() {
        IngestKey huuNghi = new IngestKey("hn", IngestKey.Role.CUSTOMS, java.util.Set.of("HUU_NGHI"));
        ValidatedEvent tanThanh = new ValidatedEvent(IngestKind.CHECKPOINT_SCREENINGS, "e", "e", null, "TAN_THANH",
                new CheckpointScreening());
        assertThat(huuNghi.scopeViolation(tanThanh)).isEqualTo("key 'hn' may write only gate HUU_NGHI, not TAN_THANH");
        IngestKey allGates = new IngestKey("all", IngestKey.Role.CUSTOMS, java.util.Set.of(IngestKey.ALL));
        assertThat(allGates.scopeViolation(tanThanh)).isNull();
        IngestKey site = new IngestKey("site", IngestKey.Role.SITE, java.util.Set.of(IngestKey.ALL));
        assertThat(site.scopeViolation(tanThanh)).contains("may not write checkpoint-screenings");
        assertThat(site.mayWrite(IngestKind.VACCINE_ALLOCATIONS)).isFalse();
    }

    @Test
    void refusesMalformedEntriesNamingTheKey() {
        assertThatThrownBy(() -> ApiKeys.load(null, "x=customs|HUU_NGHI|abc")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'x'").hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> ApiKeys.load(null, "y=pilot|*|" + ApiKeys.hash("k"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown role 'pilot'");
        assertThatThrownBy(() -> ApiKeys.load(null, "z=site|*|" + ApiKeys.hash("a") + ";z=site|*|" + ApiKeys.hash("b")))
                .hasMessageContaining("used twice");
    }
}
