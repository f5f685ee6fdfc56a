package dev.flinkpravega.connector.table;

import io.pravega.client.stream.EventRead;
import java.nio.ByteBuffer;
import javax.annotation.Nullable;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;

/** Metadata of a Pravega event that a table can read as {@code METADATA} columns. */
enum ReadableMetadata {
    /**
     * The event pointer's bytes: re-read the event later with {@code EventStreamReader#fetchEvent}.
     */
    EVENT_POINTER("event-pointer", "event_pointer", DataTypes.BYTES().notNull()) {
        @Override
        Object read(EventRead<ByteBuffer> event) {
            ByteBuffer bytes = event.getEventPointer().toBytes();
            byte[] array = new byte[bytes.remaining()];
            bytes.get(array);
            return array;
        }
    },
    /** {@code scope/stream} the event was read from. */
    STREAM("stream", null, DataTypes.STRING().notNull()) {
        @Override
        Object read(EventRead<ByteBuffer> event) {
            return StringData.fromString(event.getEventPointer().getStream().getScopedName());
        }
    };

    final String key;

    /** The older Pravega connector's key, accepted too (its DDL keeps working), or null. */
    @Nullable final String legacyKey;

    final DataType dataType;

    ReadableMetadata(String key, @Nullable String legacyKey, DataType dataType) {
        this.key = key;
        this.legacyKey = legacyKey;
        this.dataType = dataType;
    }

    /** The value in Flink's internal representation. */
    abstract Object read(EventRead<ByteBuffer> event);

    static ReadableMetadata ofKey(String key) {
        for (ReadableMetadata m : values()) {
            if (m.key.equals(key) || key.equals(m.legacyKey)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metadata key " + key);
    }
}
