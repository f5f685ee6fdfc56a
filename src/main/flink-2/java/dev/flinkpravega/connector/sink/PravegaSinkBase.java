package dev.flinkpravega.connector.sink;

import org.apache.flink.api.connector.sink2.Sink;

/**
 * Flink 2.x shim: nothing to add, {@code createWriter(WriterInitContext)} is the only entry point.
 * See the Flink 1.x variant of this class. Internal, not an API.
 */
public abstract class PravegaSinkBase<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
}
