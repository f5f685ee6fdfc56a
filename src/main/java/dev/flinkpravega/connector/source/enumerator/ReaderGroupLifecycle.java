package dev.flinkpravega.connector.source.enumerator;

import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.config.StreamCuts;
import dev.flinkpravega.connector.config.StreamRef;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.ConfigMismatchException;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source's Pravega reader group from creation to deletion. {@link #createOrReset} creates it,
 * or resets one left by an earlier attempt to the enumerator's state; {@link #delete} deletes it
 * once, unless a newer enumerator took it over meanwhile ({@link ReaderGroupOwnership}).
 */
final class ReaderGroupLifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReaderGroupLifecycle.class);

    /** Deleting the group is clean-up: it must not hold up the end of a job for long. */
    private static final Duration DELETE_TIMEOUT = Duration.ofSeconds(5);

    private final PravegaAdmin admin;
    private final String scope;
    private final String name;
    private final ReaderGroupManager manager;
    @Nullable private ReaderGroup readerGroup;
    private boolean deleted;

    /** Connects for the reader groups of {@code scope}; the group itself is not touched yet. */
    ReaderGroupLifecycle(PravegaAdmin admin, String scope, String name) {
        this.admin = admin;
        this.scope = scope;
        this.name = name;
        this.manager = admin.readerGroupManager(scope);
    }

    /**
     * The reader group's configuration for {@code state}: each stream from the restored Pravega
     * checkpoint's position (with the segments Pravega left out of it, {@link
     * CompletedPredecessors}), else from its start cut, up to its end cut.
     */
    static ReaderGroupConfig configFor(
            PravegaEnumeratorState state,
            List<StreamRef> streams,
            Duration refreshInterval,
            int maxOutstandingCheckpointRequests,
            SuccessorLookup successors) {
        Map<Stream, StreamCut> checkpointPositions = Collections.emptyMap();
        if (state.checkpoint() != null) {
            checkpointPositions =
                    Checkpoint.fromBytes(ByteBuffer.wrap(state.checkpoint()))
                            .asImpl()
                            .getPositions();
        }
        ReaderGroupConfig.ReaderGroupConfigBuilder builder =
                ReaderGroupConfig.builder()
                        .disableAutomaticCheckpoints()
                        // Flink's and our internal ones may overlap briefly.
                        .maxOutstandingCheckpointRequest(maxOutstandingCheckpointRequests)
                        .groupRefreshTimeMillis(refreshInterval.toMillis());
        for (StreamRef ref : streams) {
            Stream stream = ref.toStream();
            StreamCut start = checkpointPositions.get(stream);
            if (start != null) {
                start = CompletedPredecessors.restore(start, successors);
            } else {
                String text = state.startCuts().get(ref.qualifiedName());
                start = text == null ? StreamCut.UNBOUNDED : StreamCuts.parse(text);
            }
            String endText = state.endCuts().get(ref.qualifiedName());
            StreamCut end = endText == null ? StreamCut.UNBOUNDED : StreamCuts.parse(endText);
            builder.stream(stream, start, end);
        }
        return builder.build();
    }

    /**
     * Creates the group with {@code config}, or resets an existing one to it, as the group's new
     * owner.
     */
    ReaderGroup createOrReset(ReaderGroupConfig config) {
        ReaderGroupOwnership.takeOver(
                qualifiedName(),
                this,
                () ->
                        admin.call(
                                "creating reader group '" + qualifiedName() + "'",
                                () -> {
                                    boolean created;
                                    try {
                                        created = manager.createReaderGroup(name, config);
                                    } catch (ConfigMismatchException e) {
                                        created = false;
                                    }
                                    readerGroup = manager.getReaderGroup(name);
                                    if (!created) {
                                        // Left from an earlier attempt: start over from our state.
                                        readerGroup.resetReaderGroup(config);
                                    }
                                    return null;
                                }));
        return readerGroup;
    }

    /**
     * Deletes the reader group once. A restore recreates it from the checkpoint, so nothing needs
     * it any more, unless a newer enumerator (after a failover) already took it over.
     */
    synchronized void delete() {
        if (deleted) {
            return;
        }
        deleted = true;
        if (readerGroup != null) {
            readerGroup.close();
        }
        ReaderGroupOwnership.release(
                qualifiedName(),
                this,
                () -> {
                    try {
                        admin.call(
                                "deleting reader group '" + name + "'",
                                () -> {
                                    manager.deleteReaderGroup(name);
                                    return null;
                                },
                                DELETE_TIMEOUT);
                    } catch (RuntimeException | LinkageError e) {
                        LOG.warn("Could not delete reader group {}: {}", name, e.toString());
                    }
                });
    }

    synchronized boolean isDeleted() {
        return deleted;
    }

    /** Deletes the group (if not yet) and disconnects. */
    @Override
    public void close() {
        delete();
        manager.close();
    }

    private String qualifiedName() {
        return scope + "/" + name;
    }
}
