package dev.flinkpravega.connector.sink.writer;

import dev.flinkpravega.connector.sink.committer.PravegaCommittable;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;

/**
 * The writer {@code PravegaSink} creates: an {@link EventWriter} for {@code none} and {@code
 * at-least-once}, a {@link TransactionalEventWriter} for {@code exactly-once}. Both are committing
 * and stateful, so that the sink's topology (writer, then committer) is the same for every
 * guarantee; only the transactional one ever has committables or state.
 */
public interface PravegaSinkWriter<T>
        extends CommittingSinkWriter<T, PravegaCommittable>,
                StatefulSinkWriter<T, PravegaWriterState> {}
