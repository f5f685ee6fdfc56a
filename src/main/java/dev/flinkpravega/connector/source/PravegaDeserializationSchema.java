package dev.flinkpravega.connector.source;

import io.pravega.client.stream.EventRead;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

/**
 * Turns one Pravega event into zero or more records. It sees the whole {@link EventRead}, so that
 * it can add metadata such as the event pointer and the stream; {@link #of(DeserializationSchema)}
 * adapts any Flink {@link DeserializationSchema}.
 */
public interface PravegaDeserializationSchema<T> extends Serializable, ResultTypeQueryable<T> {

    /** Called once per reader before the first event; opens wrapped schemas. */
    void open(DeserializationSchema.InitializationContext context) throws Exception;

    /**
     * Deserializes one event. Emitting nothing skips the event (formats do so when told to ignore
     * parse errors).
     */
    void deserialize(EventRead<ByteBuffer> event, Collector<T> out) throws IOException;

    /** Adapts a Flink {@link DeserializationSchema} that reads the event's bytes. */
    static <T> PravegaDeserializationSchema<T> of(DeserializationSchema<T> schema) {
        return new ValueOnlyDeserializationSchema<>(schema);
    }

    /** The event's bytes as an array, without a copy where the buffer is a whole array. */
    static byte[] bytesOf(ByteBuffer buffer) {
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** A Flink schema over the event's bytes only. */
    final class ValueOnlyDeserializationSchema<T> implements PravegaDeserializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final DeserializationSchema<T> schema;

        ValueOnlyDeserializationSchema(DeserializationSchema<T> schema) {
            this.schema = schema;
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) throws Exception {
            schema.open(context);
        }

        @Override
        public void deserialize(EventRead<ByteBuffer> event, Collector<T> out) throws IOException {
            schema.deserialize(bytesOf(event.getEvent()), out);
        }

        @Override
        public TypeInformation<T> getProducedType() {
            return schema.getProducedType();
        }
    }
}
