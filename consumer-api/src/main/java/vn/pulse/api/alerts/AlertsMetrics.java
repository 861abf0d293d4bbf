package vn.pulse.api.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import vn.pulse.core.reference.Gate;
import vn.pulse.core.reference.Gates;
import vn.pulse.schemas.border.CongestionKind;

/**
 * {@code pulse_alerts_open{gate,kind}}: congestion alerts raised and not yet cleared, per gate and
 * kind ({@code BACKLOG}, {@code WAIT_P90}), as the API's read model has them.
 */
final class AlertsMetrics {

    private AlertsMetrics() {
    }

    static void bind(AlertsView view, MeterRegistry registry) {
        for (Gate gate : Gates.ALL) {
            for (CongestionKind kind : CongestionKind.values()) {
                Gauge.builder("pulse.alerts.open", view, v -> v.openAt(gate.code()).stream()
                                .filter(a -> a.kind().equals(kind.name())).count())
                        .description("Congestion alerts open").tag("gate", gate.code()).tag("kind", kind.name())
                        .strongReference(true).register(registry);
            }
        }
    }
}
