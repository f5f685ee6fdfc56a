package dev.flinkpravega.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsecutiveTimeoutsTest {

    @Test
    void withNoneTolerableTheFirstTimeoutFails() {
        ConsecutiveTimeouts timeouts = new ConsecutiveTimeouts(0);

        assertThat(timeouts.timedOut()).isTrue();
    }

    @Test
    void theTimeoutAfterTheTolerableOnesFails() {
        ConsecutiveTimeouts timeouts = new ConsecutiveTimeouts(2);

        assertThat(timeouts.timedOut()).isFalse();
        assertThat(timeouts.timedOut()).isFalse();
        assertThat(timeouts.timedOut()).isTrue();
        assertThat(timeouts.count()).isEqualTo(3);
    }

    @Test
    void aCompletedCheckpointResetsTheCount() {
        ConsecutiveTimeouts timeouts = new ConsecutiveTimeouts(1);
        assertThat(timeouts.timedOut()).isFalse();

        timeouts.completed();

        assertThat(timeouts.count()).isZero();
        assertThat(timeouts.timedOut()).as("first in a new row").isFalse();
        assertThat(timeouts.timedOut()).isTrue();
    }

    @Test
    void aNegativeToleranceIsRefused() {
        assertThatThrownBy(() -> new ConsecutiveTimeouts(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
