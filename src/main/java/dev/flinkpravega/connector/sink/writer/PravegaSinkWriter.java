package dev.flinkpravega.connector.sink.writer;

import dev.flinkpravega.connector.sink.committer.PravegaCommittable;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;

/** What the sink's writers are: Flink hands their committables to the committer, always. */
public interface PravegaSinkWriter<T>
        extends CommittingSinkWriter<T, PravegaCommittable>,
                StatefulSinkWriter<T, PravegaWriterState> {}
