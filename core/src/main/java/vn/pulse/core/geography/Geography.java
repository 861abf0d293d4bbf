package vn.pulse.core.geography;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The data set this process runs with. Every service of one deployment must select the same one.
 *
 * <p>Selected by the setting {@value #KEY} (environment variable {@value #ENV}, or the Java system
 * property {@value #PROPERTY}, which wins): the id of a shipped data set ({@link #SHIPPED}) or the
 * path of a directory in the format of {@code docs/geography.md}, or several of them separated by
 * commas (one per province, merged under their country). Default: {@value #DEFAULT}.
 * The selection is read once, on first use; {@code ./pulse run --geography} sets the property
 * before anything runs. A process that embeds the services (a test) may {@linkplain #select select}
 * another data set before it starts them.
 */
public final class Geography {

    public static final String KEY = "geography.dataset";
    public static final String ENV = "PULSE_GEOGRAPHY_DATASET";
    public static final String PROPERTY = "pulse.geography.dataset";
    public static final String DEFAULT = "langson-2021";
    /** The data sets shipped with Pulse (see docs/geography.md). */
    public static final List<String> SHIPPED = List.of("langson-2021", "langson-2025");

    private static volatile GeoDataSet selected;

    private Geography() {
    }

    /** The selected data set, loaded and validated on first use. */
    public static GeoDataSet selected() {
        GeoDataSet s = selected;
        if (s == null) {
            synchronized (Geography.class) {
                s = selected;
                if (s == null) {
                    s = load(selection(System.getProperties().getProperty(PROPERTY), System.getenv()));
                    selected = s;
                }
            }
        }
        return s;
    }

    /**
     * Makes {@code dataSet} the one this process runs with, from now on ({@code Districts}, {@code Gates}
     * and the services started afterwards use it). Select before starting services, not while they run.
     */
    public static void select(GeoDataSet dataSet) {
        synchronized (Geography.class) {
            selected = java.util.Objects.requireNonNull(dataSet, "dataSet");
        }
    }

    /** What is selected: the system property, else the environment variable, else the default. */
    static String selection(String property, Map<String, String> env) {
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        String fromEnv = env.get(ENV);
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT : fromEnv.trim();
    }

    /**
     * Loads a shipped data set by id, or the one in a directory; several, separated by commas (e.g.
     * {@code langson-2021,/data/caobang}), are {@linkplain GeoDataSets#merge merged} under their country.
     */
    public static GeoDataSet load(String selection) {
        List<String> parts = Arrays.stream(selection.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
        if (parts.size() <= 1) {
            return loadOne(parts.isEmpty() ? selection.trim() : parts.get(0));
        }
        return GeoDataSets.merge(parts.stream().map(Geography::loadOne).toList());
    }

    private static GeoDataSet loadOne(String idOrDirectory) {
        if (SHIPPED.contains(idOrDirectory)) {
            return GeoDataSetLoader.loadShipped(idOrDirectory);
        }
        Path dir = Path.of(idOrDirectory);
        if (Files.isDirectory(dir)) {
            return GeoDataSetLoader.load(dir);
        }
        throw new GeoDataException(idOrDirectory, List.of(new GeoDataException.Problem(idOrDirectory, 0, null, KEY,
                "neither a shipped data set (" + String.join(", ", SHIPPED) + ") nor a directory")));
    }
}
