package dev.flinkpravega.connector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.source.enumerator.PravegaSplitEnumerator;
import dev.flinkpravega.connector.source.split.PravegaSplit;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupNotFoundException;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.time.Duration;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The enumerator against a real reader group: checkpoints that cannot complete, and the group's
 * deletion once every reader finished.
 */
class PravegaSplitEnumeratorITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @Test
    void aPravegaCheckpointThatDoesNotCompleteFailsInTimeAndDoesNotPileUp() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        PravegaSource<String> source =
                sourceOf(scope, "stuck")
                        .withCheckpointTimeout(Duration.ofMillis(500))
                        .withDeserializationSchema(new SimpleStringSchema())
                        .build();
        try (MockSplitEnumeratorContext<PravegaSplit> context =
                        new MockSplitEnumeratorContext<>(1);
                PravegaSplitEnumerator enumerator =
                        (PravegaSplitEnumerator) source.createEnumerator(context);
                EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig())) {
            enumerator.start();
            context.registerReader(new ReaderInfo(0, "localhost"));
            enumerator.addReader(0);
            // Online in the group but never reading: it never reaches a checkpoint's marker.
            EventStreamReader<String> stuck =
                    clients.createReader(
                            "reader-0",
                            "stuck",
                            new UTF8StringSerializer(),
                            ReaderConfig.builder().build());

            // More attempts than Pravega allows outstanding checkpoints (10): each must time
            // out with the reason, none may fail because earlier ones piled up.
            for (long checkpoint = 1; checkpoint <= 12; checkpoint++) {
                long id = checkpoint;
                assertThatThrownBy(() -> enumerator.snapshotState(id))
                        .hasMessageContaining("Pravega checkpoint 'flink-checkpoint-" + id + "'")
                        .hasMessageContaining("did not complete within 500 ms")
                        .hasMessageContaining("'scan.checkpoint.timeout'");
            }
            stuck.close();
        }
    }

    /**
     * Flink may close a job's class loader before the enumerator, so a bounded source deletes its
     * reader group as soon as every reader finished, not only in close().
     */
    @Test
    void theReaderGroupIsDeletedOnceEveryReaderFinished() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        PravegaSource<String> source =
                sourceOf(scope, "ending")
                        .withBoundedMode(BoundedMode.LATEST)
                        .withDeserializationSchema(new SimpleStringSchema())
                        .build();
        try (MockSplitEnumeratorContext<PravegaSplit> context =
                        new MockSplitEnumeratorContext<>(2);
                PravegaSplitEnumerator enumerator =
                        (PravegaSplitEnumerator) source.createEnumerator(context);
                ReaderGroupManager groups =
                        ReaderGroupManager.withScope(scope, PRAVEGA.clientConfig())) {
            enumerator.start();
            for (int subtask = 0; subtask < 2; subtask++) {
                context.registerReader(new ReaderInfo(subtask, "localhost"));
                enumerator.addReader(subtask);
            }
            enumerator.handleSourceEvent(0, new ReaderFinishedEvent());
            assertThat(groups.getReaderGroup("ending")).isNotNull();

            enumerator.handleSourceEvent(1, new ReaderFinishedEvent());

            assertThatThrownBy(() -> groups.getReaderGroup("ending"))
                    .isInstanceOf(ReaderGroupNotFoundException.class);
            // a checkpoint after the end keeps the last state instead of failing
            assertThat(enumerator.snapshotState(1)).isNotNull();
        }
    }

    /** A source of stream 's' in the given scope with a named reader group; tests add the rest. */
    private static PravegaSourceBuilder<String> sourceOf(String scope, String readerGroup) {
        return PravegaSource.<String>builder()
                .withPravegaConfig(
                        PravegaConfig.builder()
                                .controllerUri(PRAVEGA.controllerUri())
                                .defaultScope(scope)
                                .build())
                .forStream("s")
                .withReaderGroupName(readerGroup);
    }
}
