package dev.flinkpravega.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A plain Pravega reader of a test's reader group that stands in for a source reader: it records
 * the events and the checkpoint markers it reads. A marker is passed (this reader's part of the
 * checkpoint done) by the read after it.
 */
final class RecordingReader implements AutoCloseable {
    private static final long READ_MS = 50;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventStreamReader<String> reader;
    private final List<String> events = new ArrayList<>();
    private final List<String> markers = new ArrayList<>();

    RecordingReader(EventStreamClientFactory clients, String readerId, String readerGroup) {
        this.reader =
                clients.createReader(
                        readerId,
                        readerGroup,
                        new UTF8StringSerializer(),
                        ReaderConfig.builder().build());
    }

    /** A config for test groups: refreshed every 100 ms, no automatic checkpoints. */
    static ReaderGroupConfig groupConfig(Stream stream, StreamCut start, StreamCut end) {
        return ReaderGroupConfig.builder()
                .disableAutomaticCheckpoints()
                .groupRefreshTimeMillis(100)
                .stream(stream, start, end)
                .build();
    }

    List<String> events() {
        return events;
    }

    List<String> markers() {
        return markers;
    }

    /** Reads until {@code count} more events were read. */
    List<String> readEvents(int count) {
        int before = events.size();
        readUntil(() -> events.size() >= before + count, "" + count + " events");
        return new ArrayList<>(events.subList(before, events.size()));
    }

    /** Reads until the next checkpoint marker and returns its name (not yet passed). */
    String readToMarker() {
        int before = markers.size();
        readUntil(() -> markers.size() > before, "a checkpoint marker");
        return markers.get(before);
    }

    /** Reads until {@code condition} holds, failing after a while. */
    void readUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("reading until " + what).isLessThan(deadline);
            readOnce();
        }
    }

    /** Reads for {@code duration}; returns the markers read meanwhile. */
    List<String> readFor(Duration duration) {
        int before = markers.size();
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            readOnce();
        }
        return new ArrayList<>(markers.subList(before, markers.size()));
    }

    private void readOnce() {
        EventRead<String> read = reader.readNextEvent(READ_MS);
        if (read.isCheckpoint()) {
            markers.add(read.getCheckpointName());
        } else if (read.getEvent() != null) {
            events.add(read.getEvent());
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
