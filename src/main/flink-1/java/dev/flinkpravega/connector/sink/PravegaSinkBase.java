package dev.flinkpravega.connector.sink;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Flink 1.x shim: {@code Sink#createWriter(InitContext)} is abstract in Flink 1.20 and gone in 2.x.
 * Flink 1.20 itself calls {@code createWriter(WriterInitContext)}, which the sink implements; this
 * old entry point only exists to satisfy the compiler. Internal, not an API.
 */
public abstract class PravegaSinkBase<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) throws IOException {
        throw new UnsupportedOperationException(
                "PravegaSink needs createWriter(WriterInitContext), which Flink 1.19+ calls");
    }
}
