package dev.flinkpravega.connector.sink;

import java.util.Base64;

/**
 * A routing key made of field values joined with ','; NULL is the empty string, bytes are their
 * base64 text, anything else its {@code toString()}. The DataStream routers of rows and the table
 * connector's {@code sink.routing-key.fields} share it, so that both give a row the same key.
 *
 * @param <T> the record type; subclasses say how many fields there are and how to read one
 */
public abstract class JoinedFieldsRouter<T> implements PravegaEventRouter<T> {
    private static final long serialVersionUID = 1L;

    /** The number of key fields. */
    protected abstract int fieldCount();

    /** The value of key field {@code i} of {@code record}, or null. */
    protected abstract Object field(T record, int i);

    @Override
    public String getRoutingKey(T record) {
        int count = fieldCount();
        if (count == 1) {
            return text(field(record, 0));
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                key.append(',');
            }
            key.append(text(field(record, i)));
        }
        return key.toString();
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof byte[]) {
            return Base64.getEncoder().encodeToString((byte[]) value);
        }
        return value.toString();
    }
}
