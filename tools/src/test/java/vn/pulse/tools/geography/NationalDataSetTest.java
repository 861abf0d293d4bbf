package vn.pulse.tools.geography;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.pulse.core.geography.AdminUnit;
import vn.pulse.core.geography.GeoDataSet;
import vn.pulse.core.geography.GeoDataSetLoader;

class NationalDataSetTest {

    @Test
    void writesAValidDataSetAtNationalScaleWhoseCountrySumsItsProvinces(@TempDir Path dir) throws Exception {
        NationalDataSet.write(dir, 7);
        GeoDataSet set = GeoDataSetLoader.load(dir);
        assertThat(set.unitsAt(AdminUnit.Level.PROVINCE)).hasSize(34);
        assertThat(set.countingUnits()).hasSize(34 * 97).allMatch(u -> u.level() == AdminUnit.Level.COMMUNE);
        assertThat(set.gates()).hasSize(100);
        assertThat(set.schematic()).isTrue();
        LocalDate day = LocalDate.of(2025, 9, 1);
        long provinces = set.unitsAt(AdminUnit.Level.PROVINCE).stream()
                .mapToLong(p -> set.population(p.code(), "18+", day).orElseThrow()).sum();
        assertThat(set.population("VN", "18+", day)).hasValue(provinces);
        // Deterministic for a seed.
        Path again = Files.createDirectories(dir.resolve("again"));
        NationalDataSet.write(again, 7);
        assertThat(Files.readString(again.resolve("population.csv"))).isEqualTo(Files.readString(dir.resolve("population.csv")));
    }
}
