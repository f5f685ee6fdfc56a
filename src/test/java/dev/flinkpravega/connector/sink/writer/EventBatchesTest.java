package dev.flinkpravega.connector.sink.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * How events are grouped into Pravega writes. The Pravega writer here only records the calls; that
 * the events of a batch come back from a real Pravega one by one is in {@code
 * PravegaTableSinkITCase}.
 */
class EventBatchesTest {
    private final RecordingWriter writer = new RecordingWriter();
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

    private static String text(ByteBuffer event) {
        return StandardCharsets.UTF_8.decode(event.duplicate()).toString();
    }

    /** Records the writes it is asked for and completes them at once. */
    private static final class RecordingWriter implements EventStreamWriter<ByteBuffer> {
        final List<String> calls = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        final List<List<String>> events = new ArrayList<>();

        @Override
        public CompletableFuture<Void> writeEvent(ByteBuffer event) {
            throw new AssertionError("events always get a routing key");
        }

        @Override
        public CompletableFuture<Void> writeEvent(String routingKey, ByteBuffer event) {
            return record("writeEvent", routingKey, List.of(event));
        }

        @Override
        public CompletableFuture<Void> writeEvents(String routingKey, List<ByteBuffer> batch) {
            return record("writeEvents", routingKey, batch);
        }

        private CompletableFuture<Void> record(
                String method, String routingKey, List<ByteBuffer> batch) {
            List<String> texts =
                    batch.stream().map(EventBatchesTest::text).collect(Collectors.toList());
            calls.add(method + " " + routingKey + " " + texts);
            keys.add(routingKey);
            events.add(texts);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void noteTime(long timestamp) {}

        @Override
        public EventWriterConfig getConfig() {
            return EventWriterConfig.builder().build();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
