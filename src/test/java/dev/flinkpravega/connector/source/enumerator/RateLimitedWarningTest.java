package dev.flinkpravega.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedWarningTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    private final RateLimitedWarning warning =
            new RateLimitedWarning(
                    LoggerFactory.getLogger(RateLimitedWarningTest.class), Duration.ofMinutes(1));

    @Test
    void theFirstIsAWarning() {
        assertThat(warning.admit(5)).isZero();
    }

    @Test
    void repeatsWithinTheIntervalAreDemotedAndCountedInTheNextWarning() {
        long start = 1_000;
        assertThat(warning.admit(start)).isZero();
        assertThat(warning.admit(start + 1)).isEqualTo(-1);
        assertThat(warning.admit(start + MINUTE - 1)).isEqualTo(-1);

        assertThat(warning.admit(start + MINUTE)).as("two demoted since").isEqualTo(2);
        assertThat(warning.admit(start + MINUTE + 1)).isEqualTo(-1);
    }
}
