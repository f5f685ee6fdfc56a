package dev.flinkpravega.connector.sink.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How events are grouped into Pravega writes. The Pravega writer here only records the calls; that
 * the events of a batch come back from a real Pravega one by one is in {@code EventSenderITCase}.
 */
class EventBatchesTest {
    private final RecordingEventStreamWriter writer = new RecordingEventStreamWriter();
    private final List<Integer> completedBatchSizes = new ArrayList<>();

    private EventBatches batches(long maxBytes) {
        return new EventBatches(
                writer, maxBytes, events -> (ignored, error) -> completedBatchSizes.add(events));
    }

    @Test
    void eventsOfOneKeyGoInOneWriteInTheirOrder() {
        EventBatches batches = batches(1024);
        batches.add("a", event("1"));
        batches.add("a", event("2"));
        batches.add("a", event("3"));

        assertThat(writer.calls).isEmpty();
        batches.writeAll();

        assertThat(writer.calls).containsExactly("writeEvents a [1, 2, 3]");
        assertThat(completedBatchSizes).containsExactly(3);
        assertThat(batches.isEmpty()).isTrue();
    }

    @Test
    void eachKeyGetsItsOwnWriteInTheOrderItsFirstEventCame() {
        EventBatches batches = batches(1024);
        batches.add("b", event("b1"));
        batches.add("a", event("a1"));
        batches.add("b", event("b2"));
        batches.add("c", event("c1"));
        batches.writeAll();

        assertThat(writer.calls)
                .containsExactly(
                        "writeEvents b [b1, b2]", "writeEvent a [a1]", "writeEvent c [c1]");
    }

    @Test
    void eventsWithoutKeyShareOneWriteUnderARandomKey() {
        EventBatches batches = batches(1024);
        batches.add(null, event("1"));
        batches.add(null, event("2"));
        batches.writeAll();
        batches.add(null, event("3"));
        batches.add(null, event("4"));
        batches.writeAll();

        assertThat(writer.keys).hasSize(2).doesNotContainNull();
        assertThat(writer.keys.get(0)).isNotEqualTo(writer.keys.get(1));
        assertThat(writer.events).containsExactly(List.of("1", "2"), List.of("3", "4"));
    }

    @Test
    void batchesAreWrittenAsSoonAsTheyHoldTheMaximum() {
        EventBatches batches = batches(10);
        batches.add("a", event("12345"));
        batches.add("b", event("1234"));
        assertThat(writer.calls).isEmpty();

        batches.add("a", event("6"));

        assertThat(writer.calls).containsExactly("writeEvents a [12345, 6]", "writeEvent b [1234]");
        assertThat(batches.isEmpty()).isTrue();
    }

    @Test
    void anEventThatDoesNotFitMakesTheOthersGoFirst() {
        EventBatches batches = batches(10);
        batches.add("a", event("123456"));
        batches.add("a", event("78901"));

        assertThat(writer.calls).containsExactly("writeEvent a [123456]");
        batches.writeAll();
        assertThat(writer.calls).containsExactly("writeEvent a [123456]", "writeEvent a [78901]");
    }

    @Test
    void anEventLargerThanTheMaximumIsWrittenAlone() {
        EventBatches batches = batches(4);
        batches.add("a", event("1"));
        batches.add("a", event("too large"));

        assertThat(writer.calls).containsExactly("writeEvent a [1]", "writeEvent a [too large]");
        assertThat(batches.isEmpty()).isTrue();
    }

    @Test
    void writingNothingCallsNothing() {
        EventBatches batches = batches(1024);
        batches.writeAll();

        assertThat(writer.calls).isEmpty();
        assertThat(batches.isEmpty()).isTrue();
    }

    private static ByteBuffer event(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
