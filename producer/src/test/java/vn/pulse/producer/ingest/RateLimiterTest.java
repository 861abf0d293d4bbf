package vn.pulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void givesEachKeyItsBurstThenItsRate() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(10, 20, now::get);
        assertThat(limiter.tryAcquire("a", 20)).isZero();
        assertThat(limiter.tryAcquire("a", 5)).as("seconds to wait").isEqualTo(1);
        assertThat(limiter.tryAcquire("b", 20)).as("another key's bucket").isZero();
        now.addAndGet(500_000_000L);
        assertThat(limiter.tryAcquire("a", 5)).isZero();
        assertThat(limiter.tryAcquire("a", 1)).isEqualTo(1);
        now.addAndGet(10_000_000_000L);
        assertThat(limiter.tryAcquire("a", 21)).as("never more than the burst").isEqualTo(1);
        assertThat(limiter.tryAcquire("a", 20)).isZero();
    }
}
