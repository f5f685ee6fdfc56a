package dev.flinkpravega.connector.sink.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When events are written alone and when in batches, and when a batch goes out. Time is Flink's
 * manual test clock; acknowledgements come when the test says. Against a real Pravega: {@code
 * EventSenderITCase}.
 */
class EventSenderTest {
    private static final long LINGER = 5;

    private final RecordingEventStreamWriter writer = new RecordingEventStreamWriter();
    private final TestProcessingTimeService time = new TestProcessingTimeService();
    private final List<String> failures = new ArrayList<>();

    @BeforeEach
    void startTheClock() throws Exception {
        time.setCurrentTime(1_000);
    }

    /** Batches events once more than two are in flight. */
    private EventSender sender(long maxBatchBytes, long lingerMillis) {
        return new EventSender(
                writer,
                maxBatchBytes,
                lingerMillis,
                2,
                time,
                (events, error) -> failures.add(events + " " + error.getMessage()));
    }

    @Test
    void pendingEventsCountBatchedAndUnacknowledgedEvents() {
        writer.holdAcknowledgements();
        EventSender sender = sender(1024, LINGER);
        for (int i = 0; i < 5; i++) {
            sender.send("k", event("e" + i));
        }
        // three in flight, two batched (more than two were in flight)
        assertThat(sender.inFlight()).isEqualTo(3);
        assertThat(sender.pendingEvents()).isEqualTo(5);

        sender.writeBatches();
        assertThat(sender.pendingEvents()).isEqualTo(5);
        writer.acknowledgeAll();
        assertThat(sender.pendingEvents()).isZero();
    }

    @Test
    void withoutBatchingPendingEventsAreCountedOnlyWhenAsked() {
        writer.holdAcknowledgements();
        EventSender counting = new EventSender(writer, 1024, 0, 2, time, (n, e) -> {}, true);
        EventSender silent = new EventSender(writer, 1024, 0, 2, time, (n, e) -> {}, false);
        for (int i = 0; i < 4; i++) {
            counting.send("k", event("c" + i));
            silent.send("k", event("s" + i));
        }
        assertThat(counting.pendingEvents()).isEqualTo(4);
        assertThat(silent.pendingEvents()).isZero();

        writer.acknowledgeAll();
        assertThat(counting.pendingEvents()).isZero();
    }

    @Test
    void whilePravegaKeepsUpEveryEventIsWrittenAtOnce() {
        EventSender sender = sender(1024, LINGER);
        for (int i = 0; i < 5; i++) {
            sender.send("k", event("e" + i));
        }

        assertThat(writer.calls)
                .containsExactly(
                        "writeEvent k [e0]",
                        "writeEvent k [e1]",
                        "writeEvent k [e2]",
                        "writeEvent k [e3]",
                        "writeEvent k [e4]");
        assertThat(sender.inFlight()).isZero();
        assertThat(time.getNumActiveTimers()).isZero();
    }

    @Test
    void eventsWithoutKeyAreWrittenWithoutKey() {
        sender(1024, LINGER).send(null, event("e"));

        assertThat(writer.calls).containsExactly("writeEvent null [e]");
    }

    @Test
    void whenMoreThanTheThresholdIsInFlightEventsAreBatchedUntilTheLingerEnds() throws Exception {
        writer.holdAcknowledgements();
        EventSender sender = sender(1024, LINGER);
        sender.send("k", event("e0"));
        sender.send("k", event("e1"));
        sender.send("k", event("e2"));
        assertThat(sender.inFlight()).isEqualTo(3);

        sender.send("k", event("e3"));
        sender.send("j", event("f0"));
        sender.send("k", event("e4"));
        time.setCurrentTime(1_000 + LINGER - 1);
        assertThat(writer.calls).hasSize(3);

        time.setCurrentTime(1_000 + LINGER);
        assertThat(writer.calls)
                .containsExactly(
                        "writeEvent k [e0]",
                        "writeEvent k [e1]",
                        "writeEvent k [e2]",
                        "writeEvents k [e3, e4]",
                        "writeEvent j [f0]");
        assertThat(sender.inFlight()).isEqualTo(6);

        writer.acknowledgeAll();
        assertThat(sender.inFlight()).isZero();
        sender.send("k", event("e5"));
        assertThat(writer.calls).last().isEqualTo("writeEvent k [e5]");
    }

    @Test
    void onceOneEventIsBatchedTheNextOnesAreTooSoNoneOvertakesIt() {
        writer.holdAcknowledgements();
        EventSender sender = sender(1024, LINGER);
        for (int i = 0; i < 4; i++) {
            sender.send("k", event("e" + i));
        }
        // e3 waits in a batch; acknowledgements bring the count in flight down to zero ...
        writer.acknowledgeAll();
        sender.send("k", event("e4"));

        // ... but e4 still joins the batch instead of overtaking e3.
        sender.writeBatches();
        assertThat(writer.calls).last().isEqualTo("writeEvents k [e3, e4]");
    }

    @Test
    void aFullBatchIsWrittenBeforeItsLingerEnds() {
        writer.holdAcknowledgements();
        EventSender sender = sender(8, LINGER);
        for (int i = 0; i < 3; i++) {
            sender.send("k", event("e" + i));
        }
        sender.send("k", event("aaaa"));
        sender.send("k", event("bbbb"));

        assertThat(writer.calls).last().isEqualTo("writeEvents k [aaaa, bbbb]");
    }

    @Test
    void theLingerCountsFromTheOldestEventOfTheBatchesNowWaiting() throws Exception {
        writer.holdAcknowledgements();
        EventSender sender = sender(8, LINGER);
        for (int i = 0; i < 3; i++) {
            sender.send("k", event("e" + i));
        }
        sender.send("k", event("aaaa"));
        time.setCurrentTime(1_003);
        sender.send("k", event("bbbb")); // fills the batch: written now
        sender.send("k", event("c")); // oldest event of the next batch, at 1,003
        int before = writer.calls.size();

        time.setCurrentTime(1_000 + LINGER); // the first timer finds the newer batch not due
        assertThat(writer.calls).hasSize(before);

        time.setCurrentTime(1_003 + LINGER);
        assertThat(writer.calls).last().isEqualTo("writeEvent k [c]");
    }

    @Test
    void aZeroLingerNeverBatches() {
        writer.holdAcknowledgements();
        EventSender sender = sender(1024, 0);
        for (int i = 0; i < 10; i++) {
            sender.send("k", event("e" + i));
        }

        assertThat(writer.calls).hasSize(10).allMatch(call -> call.startsWith("writeEvent k"));
        assertThat(time.getNumActiveTimers()).isZero();
    }

    @Test
    void failedWritesAreReportedWithTheirNumberOfEvents() {
        writer.holdAcknowledgements();
        EventSender sender = sender(1024, LINGER);
        for (int i = 0; i < 5; i++) {
            sender.send("k", event("e" + i));
        }
        sender.writeBatches();

        writer.failAll(new IllegalStateException("segment gone"));

        assertThat(failures)
                .containsExactly(
                        "1 segment gone", "1 segment gone", "1 segment gone", "2 segment gone");
        assertThat(sender.inFlight()).isZero();
    }

    @Test
    void aLingerTimerAfterCloseWritesNothing() throws Exception {
        writer.holdAcknowledgements();
        EventSender sender = sender(1024, LINGER);
        for (int i = 0; i < 4; i++) {
            sender.send("k", event("e" + i));
        }
        sender.close();
        time.setCurrentTime(1_000 + LINGER);

        assertThat(writer.calls).hasSize(3);
    }

    private static ByteBuffer event(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
