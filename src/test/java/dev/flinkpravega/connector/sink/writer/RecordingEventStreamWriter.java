package dev.flinkpravega.connector.sink.writer;

import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A stand-in for the Pravega writer in unit tests of what the sink hands it: records every write as
 * text ("writeEvents key [e1, e2]"); completes writes at once, or holds them until told.
 */
final class RecordingEventStreamWriter implements EventStreamWriter<ByteBuffer> {
    final List<String> calls = new ArrayList<>();
    final List<String> keys = new ArrayList<>();
    final List<List<String>> events = new ArrayList<>();
    private final List<CompletableFuture<Void>> held = new ArrayList<>();
    private boolean holding;

    /** From now on, writes stay unacknowledged until {@link #acknowledgeAll()} or a failure. */
    void holdAcknowledgements() {
        holding = true;
    }

    void acknowledgeAll() {
        held.forEach(future -> future.complete(null));
        held.clear();
    }

    void failAll(Throwable error) {
        held.forEach(future -> future.completeExceptionally(error));
        held.clear();
    }

    static String text(ByteBuffer event) {
        return StandardCharsets.UTF_8.decode(event.duplicate()).toString();
    }

    @Override
    public CompletableFuture<Void> writeEvent(ByteBuffer event) {
        return record("writeEvent", null, List.of(event));
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
                batch.stream().map(RecordingEventStreamWriter::text).collect(Collectors.toList());
        calls.add(method + " " + routingKey + " " + texts);
        keys.add(routingKey);
        events.add(texts);
        if (!holding) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        held.add(future);
        return future;
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
