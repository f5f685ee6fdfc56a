package dev.flinkpravega.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End detection from the positions of real reader-group checkpoints: a Pravega 0.13 reader that
 * read to an end cut inside open segments keeps them, at the end cut's offsets.
 */
class EndOfDataDetectorITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @Test
    void aCheckpointShowsTheEndOnlyOnceEverythingUpToTheEndCutIsRead() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 2);
        List<String> beforeEnd = List.of("a", "b", "c", "d", "e", "f");
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "s", beforeEnd);
        StreamCut end = PravegaTestData.tail(PRAVEGA.streamManager(), scope, "s");
        // past the end cut: never read, and no reason not to end
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "s", List.of("x", "y"));
        EndOfDataDetector detector = new EndOfDataDetector(List.of(end));

        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try (ReaderGroupManager groups =
                        ReaderGroupManager.withScope(scope, PRAVEGA.clientConfig());
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig())) {
            groups.createReaderGroup(
                    "g",
                    RecordingReader.groupConfig(Stream.of(scope, "s"), StreamCut.UNBOUNDED, end));
            try (ReaderGroup group = groups.getReaderGroup("g");
                    RecordingReader reader = new RecordingReader(clients, "r", "g")) {
                reader.readEvents(2);
                Checkpoint early = checkpoint(group, reader, "early", executor);

                assertThat(detector.isAtEnd(early)).isFalse();

                reader.readUntil(() -> reader.events().size() == beforeEnd.size(), "the end");
                assertThat(reader.readFor(Duration.ofMillis(500))).isEmpty();
                Checkpoint last = checkpoint(group, reader, "last", executor);

                assertThat(reader.events()).containsExactlyInAnyOrderElementsOf(beforeEnd);
                assertThat(detector.isAtEnd(last)).isTrue();
            } finally {
                groups.deleteReaderGroup("g");
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static Checkpoint checkpoint(
            ReaderGroup group,
            RecordingReader reader,
            String name,
            ScheduledExecutorService executor)
            throws Exception {
        CompletableFuture<Checkpoint> checkpoint = group.initiateCheckpoint(name, executor);
        // Not a wait for a condition: the reader must not read past the events the test puts
        // before the marker, and it sees the marker only after refreshing the group's state
        // (every 100 ms); reading at once, it would read further events first (tried: the
        // checkpoint then lies past them and the assertions fail).
        Thread.sleep(500);
        assertThat(reader.readToMarker()).isEqualTo(name);
        reader.readUntil(checkpoint::isDone, "checkpoint " + name + " to complete");
        return checkpoint.get();
    }
}
