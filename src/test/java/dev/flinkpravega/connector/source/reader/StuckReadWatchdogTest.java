package dev.flinkpravega.connector.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StuckReadWatchdogTest {
    private static final long S = 1_000_000_000L;

    private final AtomicLong started = new AtomicLong();

    @Test
    void noReadIsNeverStuck() {
        StuckReadWatchdog watchdog = new StuckReadWatchdog(started::get, Duration.ofSeconds(30));
        assertThat(watchdog.overLimitNanos(1_000 * S)).isZero();
    }

    @Test
    void aReadIsStuckAfterTheControllerTimeout() {
        StuckReadWatchdog watchdog = new StuckReadWatchdog(started::get, Duration.ofSeconds(45));
        started.set(10 * S);
        assertThat(watchdog.overLimitNanos(10 * S + 45 * S)).isZero();
        assertThat(watchdog.overLimitNanos(10 * S + 46 * S)).isEqualTo(46 * S);
    }

    @Test
    void theLimitIsAtLeastThirtySeconds() {
        StuckReadWatchdog watchdog = new StuckReadWatchdog(started::get, Duration.ofSeconds(5));
        started.set(S);
        assertThat(watchdog.overLimitNanos(S + 29 * S)).isZero();
        assertThat(watchdog.overLimitNanos(S + 31 * S)).isEqualTo(31 * S);
    }

    @Test
    void aReadThatReturnedIsNotStuck() {
        StuckReadWatchdog watchdog = new StuckReadWatchdog(started::get, Duration.ofSeconds(5));
        started.set(S);
        started.set(0);
        assertThat(watchdog.overLimitNanos(1_000 * S)).isZero();
    }
}
