package vn.pulse.tools.bench;

import java.util.Locale;

/** How much of the Lạng Sơn 2021 scenario rows 7 and 8 replay ({@code ./pulse bench --scenario}). */
public enum ScenarioForm {
    /** Both replays, the border's at full scale (1.37 M gate events): what {@code ./pulse run} replays. */
    FULL(1.0, true),
    /** Both replays, the border's at a tenth (as {@code LangSon2021ScenarioIT}); the vaccination replay is always whole. */
    TENTH(0.1, true),
    /** CI smoke form: only the border replay, at 0.5 % (about 7,000 records): its trade totals do not depend on the scale. */
    SMOKE(0.005, false);

    private final double borderScale;
    private final boolean vaccination;

    ScenarioForm(double borderScale, boolean vaccination) {
        this.borderScale = borderScale;
        this.vaccination = vaccination;
    }

    public double borderScale() {
        return borderScale;
    }

    /** Whether the vaccination replay (1.17 M records, not scalable: its totals are the report's) runs. */
    public boolean vaccination() {
        return vaccination;
    }

    String describe() {
        return (vaccination ? "both domains" : "border only, smoke form") + ", border at scale " + borderScale;
    }

    /** The option's spelling: {@code full}, {@code tenth}, {@code smoke}. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
