package dev.flinkpravega.connector.source;

import dev.flinkpravega.connector.sink.PravegaSerializationSchema;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.Serializer;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Objects;
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

    /**
     * Reads events with a Pravega client {@link Serializer}: events any Pravega application wrote
     * with that serializer come back as objects (the older Pravega connector's interoperability
     * point). The serializer must be {@link java.io.Serializable}, as Pravega's {@code
     * JavaSerializer} and {@code UTF8StringSerializer} are.
     *
     * @param producedType the type of the objects, e.g. {@code Types.STRING} or {@code
     *     TypeInformation.of(MyEvent.class)}
     * @throws IllegalArgumentException when the serializer is not serializable
     */
    static <T> PravegaDeserializationSchema<T> of(
            Serializer<T> serializer, TypeInformation<T> producedType) {
        return new PravegaSerializerSchema<>(
                PravegaSerializationSchema.checkSerializable(serializer),
                Objects.requireNonNull(producedType, "producedType"));
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

    /** A Pravega client serializer over the event's bytes. */
    final class PravegaSerializerSchema<T> implements PravegaDeserializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final Serializer<T> serializer;
        private final TypeInformation<T> producedType;

        PravegaSerializerSchema(Serializer<T> serializer, TypeInformation<T> producedType) {
            this.serializer = serializer;
            this.producedType = producedType;
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) {}

        @Override
        public void deserialize(EventRead<ByteBuffer> event, Collector<T> out) {
            // A duplicate: serializers may move the position of the buffer they read.
            T value = serializer.deserialize(event.getEvent().duplicate());
            if (value != null) {
                out.collect(value);
            }
        }

        @Override
        public TypeInformation<T> getProducedType() {
            return producedType;
        }
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
