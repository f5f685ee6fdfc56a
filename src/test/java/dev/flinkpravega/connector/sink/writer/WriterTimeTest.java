package dev.flinkpravega.connector.sink.writer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriterTimeTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void onlyMovesForward() {
        WriterTime time = new WriterTime();
        assertThat(time.latest()).isEqualTo(WriterTime.NONE);
        time.advance(100);
        time.advance(50);
        assertThat(time.latest()).isEqualTo(100);
    }

    @Test
    void theEndOfInputWatermarkIsNotATime() {
        WriterTime time = new WriterTime();
        time.advance(100);
        time.advance(Long.MAX_VALUE);
        assertThat(time.latest()).isEqualTo(100);
    }

    @Test
    void notesAtMostOnceASecondButNeverLosesTheLatest() {
        WriterTime time = new WriterTime();
        assertThat(time.dueForNote(0)).isFalse(); // nothing to note yet
        time.advance(100);
        assertThat(time.dueForNote(0)).isTrue();
        time.noted(0);
        time.advance(200);
        assertThat(time.dueForNote(SECOND / 2)).isFalse();
        assertThat(time.unnoted()).isTrue();
        assertThat(time.dueForNote(SECOND)).isTrue();
        time.noted(SECOND);
        assertThat(time.unnoted()).isFalse();
        assertThat(time.dueForNote(5 * SECOND)).isFalse(); // nothing new
    }
}
