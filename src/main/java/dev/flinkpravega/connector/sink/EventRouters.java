package dev.flinkpravega.connector.sink;

import java.util.Objects;
import org.apache.flink.types.Row;

/**
 * Ready-made {@link PravegaEventRouter}s for callers that cannot pass a Java lambda (PyFlink) and
 * for rows routed the way the table connector's {@code sink.routing-key.fields} routes them.
 */
public final class EventRouters {
    private EventRouters() {}

    /** Every event gets {@code key}: all events go to one segment, in the order written. */
    public static <T> PravegaEventRouter<T> fixed(String key) {
        Objects.requireNonNull(key, "key");
        return record -> key;
    }

    /**
     * For a stream of {@link Row}s: the values of the named fields, joined with ','; NULL counts as
     * the empty string, bytes as their base64 text. The names are looked up in the stream's {@code
     * RowTypeInfo} when the sink is added to the job, which fails there if a name is unknown or the
     * stream's records are not rows. The sink routes with a bound copy; the returned router itself
     * never changes, so it may serve several sinks of different row types.
     */
    public static PravegaEventRouter<Row> rowFields(String... fieldNames) {
        return new RowFieldsRouter(fieldNames);
    }
}
