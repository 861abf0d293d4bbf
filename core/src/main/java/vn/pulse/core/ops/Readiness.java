package vn.pulse.core.ops;

/**
 * Whether a service can do its job right now, and if not, why. Readiness reflects real state
 * (Streams RUNNING, read model caught up), never just "the process is up".
 *
 * @param ready  whether requests can be served
 * @param reason a short human explanation, shown by {@code /health/ready}
 */
public record Readiness(boolean ready, String reason) {

    public static Readiness ready(String reason) {
        return new Readiness(true, reason);
    }

    public static Readiness notReady(String reason) {
        return new Readiness(false, reason);
    }
}
