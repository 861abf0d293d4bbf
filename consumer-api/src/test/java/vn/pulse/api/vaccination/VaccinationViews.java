package vn.pulse.api.vaccination;

/** The vaccination module over a view filled by a test of another package (the situation report). */
public final class VaccinationViews {

    private VaccinationViews() {
    }

    public static VaccinationApi api(VaccinationView view) {
        return VaccinationApi.over(view);
    }
}
