package vn.pulse.api.alerts;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.pulse.schemas.border.AlertStatus;
import vn.pulse.schemas.border.CongestionAlert;
import vn.pulse.schemas.border.CongestionKind;

/** Every alert episode's latest state, as read from {@code alerts.state.v1}; thread-safe. */
public final class AlertsView {

    private final Map<String, CongestionAlert> episodes = new ConcurrentHashMap<>();

    /** Applies one record of the alert-state topic ({@code null} forgets the episode). */
    public void apply(String alertId, CongestionAlert state) {
        if (alertId == null) {
            return;
        }
        if (state == null) {
            episodes.remove(alertId);
        } else {
            episodes.put(alertId, state);
        }
    }

    /**
     * Alert episodes, most recently raised first.
     *
     * @param active {@code true}: raised and not cleared; {@code false}: cleared; {@code null}: all
     */
    public List<Alert> alerts(Boolean active) {
        return episodes.values().stream()
                .filter(a -> active == null || active == (a.getStatus() == AlertStatus.RAISED))
                .sorted(Comparator.comparing(CongestionAlert::getRaisedAt).reversed()
                        .thenComparing(CongestionAlert::getAlertId))
                .map(Alert::of)
                .toList();
    }

    /** The open alerts of one gate. */
    public List<Alert> openAt(String gateCode) {
        return alerts(true).stream().filter(a -> a.gateCode().equals(gateCode)).toList();
    }

    /**
     * The alerts of one gate that were open at {@code at} (raised before it, not cleared by then), as
     * they stood then: {@code RAISED}, active, not cleared. Their {@code value} and {@code peakValue}
     * are the episode's latest (the alert states keep no history of them).
     */
    public List<Alert> openAt(String gateCode, Instant at) {
        return episodes.values().stream()
                .filter(a -> a.getGateCode().equals(gateCode) && a.getRaisedAt().isBefore(at)
                        && (a.getClearedAt() == null || !a.getClearedAt().isBefore(at)))
                .sorted(Comparator.comparing(CongestionAlert::getRaisedAt).reversed().thenComparing(CongestionAlert::getAlertId))
                .map(Alert::of)
                .map(a -> new Alert(a.id(), a.gateCode(), a.kind(), AlertStatus.RAISED.name(), true, a.raisedAt(), null,
                        a.value(), a.peakValue(), a.raiseThreshold(), a.clearThreshold(), a.unit(), a.message(), null, null))
                .toList();
    }

    /**
     * One alert episode as the API shows it: a gate's congestion alert, or a vaccine stock-out alert
     * ({@code kind} {@code STOCK_OUT}, no gate; {@code stockHolder} and {@code vaccineProduct} say whose
     * stock of what, and are {@code null} for a congestion alert).
     *
     * @param unit        {@code vehicles} for a backlog alert, {@code minutes} for a wait alert, {@code days} (of stock) for a stock-out alert
     * @param stockHolder a district code, or {@code province} for the province's own stock
     */
    public record Alert(String id, String gateCode, String kind, String status, boolean active, Instant raisedAt,
                        Instant clearedAt, long value, long peakValue, long raiseThreshold, long clearThreshold,
                        String unit, String message, String stockHolder, String vaccineProduct) {

        static Alert of(CongestionAlert a) {
            return new Alert(a.getAlertId(), a.getGateCode(), a.getKind().name(), a.getStatus().name(),
                    a.getStatus() == AlertStatus.RAISED, a.getRaisedAt(), a.getClearedAt(), a.getValue(),
                    a.getPeakValue(), a.getRaiseThreshold(), a.getClearThreshold(),
                    a.getKind() == CongestionKind.BACKLOG ? "vehicles" : "minutes", a.getMessage(), null, null);
        }
    }

    /** Alerts kept elsewhere that {@code /alerts} lists with the congestion alerts (the vaccine stock-out alerts). */
    @FunctionalInterface
    public interface Source {

        /** @param active {@code true}: open; {@code false}: cleared; {@code null}: all */
        List<Alert> alerts(Boolean active);
    }
}
