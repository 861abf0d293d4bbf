package vn.pulse.producer.ingest;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per API key, counted in events (a batch of 100 costs 100 tokens): a key may
 * write {@code ratePerSecond} events per second on average and {@code burst} at once.
 */
public final class RateLimiter {

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double ratePerSecond, double burst, LongSupplier nanoTime) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be positive and burst at least 1");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /**
     * Takes {@code events} tokens from {@code key}'s bucket. Returns 0 if they were taken, or else the
     * seconds (at least 1) until they would be available; nothing is taken then.
     */
    public long tryAcquire(String key, int events) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoTime.getAsLong()));
        synchronized (bucket) {
            long now = nanoTime.getAsLong();
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) / 1e9 * ratePerSecond);
            bucket.updated = now;
            if (bucket.tokens >= events) {
                bucket.tokens -= events;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((events - bucket.tokens) / ratePerSecond));
        }
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
