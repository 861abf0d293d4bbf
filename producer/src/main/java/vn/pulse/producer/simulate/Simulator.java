package vn.pulse.producer.simulate;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import vn.pulse.producer.ingest.EventValidator;
import vn.pulse.producer.ingest.EventWriter;
import vn.pulse.producer.ingest.ValidatedEvent;

/**
 * Sends {@link SimulatedTraffic} at a steady rate for a duration: every 100 ms the slots due so
 * far are generated, validated with the gateway's validator and written with its writer (so the
 * simulator measures the same write path the gateway uses, without HTTP). Prints the achieved rate.
 */
public final class Simulator {

    /** What a run did. */
    public record Result(long slots, long written, long invalid, long notWritten, double seconds) {
        public double achievedRate() {
            return written / Math.max(seconds, 1e-3);
        }
    }

    private final SimulatedTraffic traffic;
    private final EventValidator validator;
    private final Function<List<ValidatedEvent>, List<EventWriter.Outcome>> writer;
    private final PrintWriter out;

    public Simulator(SimulatedTraffic traffic, EventValidator validator,
                     Function<List<ValidatedEvent>, List<EventWriter.Outcome>> writer, PrintWriter out) {
        this.traffic = traffic;
        this.validator = validator;
        this.writer = writer;
        this.out = out;
    }

    /** Runs for {@code duration} at {@code rate} slots per second; returns early if interrupted. */
    public Result run(double rate, Duration duration) {
        long total = (long) Math.floor(rate * duration.toNanos() / 1e9);
        long started = System.nanoTime();
        long lastReport = started;
        long written = 0;
        long invalid = 0;
        long notWritten = 0;
        while (traffic.slots() < total && !Thread.currentThread().isInterrupted()) {
            long elapsed = System.nanoTime() - started;
            long due = Math.min(total, (long) Math.floor(rate * elapsed / 1e9) + 1);
            List<ValidatedEvent> batch = new ArrayList<>();
            while (traffic.slots() < due) {
                for (SimulatedTraffic.Event e : traffic.next()) {
                    EventValidator.Result r = validator.validate(e.kind(), e.body(), "$", false);
                    if (r.valid()) {
                        batch.add(r.event());
                    } else {
                        invalid++;
                        if (invalid == 1) {
                            out.println("simulated event refused (a simulator bug): " + r.errors());
                        }
                    }
                }
            }
            if (!batch.isEmpty()) {
                for (EventWriter.Outcome o : writer.apply(batch)) {
                    if (o.written()) {
                        written++;
                    } else {
                        notWritten++;
                    }
                }
            }
            long now = System.nanoTime();
            if (now - lastReport >= 5_000_000_000L) {
                lastReport = now;
                out.printf("... %d events written (%.0f/s), simulated time %s%n", written, written / ((now - started) / 1e9),
                        traffic.timeOf(traffic.slots()));
                out.flush();
            }
            long nextSlotAt = started + (long) (traffic.slots() / rate * 1e9);
            long sleepNanos = Math.min(100_000_000L, nextSlotAt - System.nanoTime());
            if (sleepNanos > 0 && traffic.slots() < total) {
                try {
                    Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        Result result = new Result(traffic.slots(), written, invalid, notWritten, (System.nanoTime() - started) / 1e9);
        out.printf("%d events written in %.1f s: %.0f events/s achieved (requested %.0f slots/s; %d not written, %d invalid)%n",
                result.written(), result.seconds(), result.achievedRate(), rate, result.notWritten(), result.invalid());
        out.flush();
        return result;
    }
}
