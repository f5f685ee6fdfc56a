package dev.flinkpravega.connector.sink;

import io.pravega.client.stream.Serializer;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.util.InstantiationUtil;

/**
 * A Flink {@link SerializationSchema} that writes records with a Pravega client {@link Serializer},
 * so that a job writes the bytes any Pravega application using that serializer reads (the older
 * Pravega connector's interoperability point). Read them back in Flink with {@link
 * dev.flinkpravega.connector.source.PravegaDeserializationSchema#of(Serializer,
 * org.apache.flink.api.common.typeinfo.TypeInformation)}.
 */
public final class PravegaSerializationSchema<T> implements SerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final Serializer<T> serializer;

    private PravegaSerializationSchema(Serializer<T> serializer) {
        this.serializer = serializer;
    }

    /**
     * @param serializer a Pravega serializer that is also {@link Serializable} (as Pravega's {@code
     *     JavaSerializer} and {@code UTF8StringSerializer} are), since the job ships it to its
     *     tasks
     * @throws IllegalArgumentException when it is not serializable
     */
    public static <T> PravegaSerializationSchema<T> of(Serializer<T> serializer) {
        return new PravegaSerializationSchema<>(checkSerializable(serializer));
    }

    @Override
    public byte[] serialize(T element) {
        ByteBuffer bytes = serializer.serialize(element);
        if (bytes.hasArray()
                && bytes.arrayOffset() == 0
                && bytes.position() == 0
                && bytes.remaining() == bytes.array().length) {
            return bytes.array();
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return copy;
    }

    /** {@code serializer} if a job can ship it to its tasks. */
    public static <S> S checkSerializable(S serializer) {
        Objects.requireNonNull(serializer, "serializer");
        if (!(serializer instanceof Serializable)
                || !InstantiationUtil.isSerializable(serializer)) {
            throw new IllegalArgumentException(
                    "The Pravega serializer "
                            + serializer.getClass().getName()
                            + " is not java.io.Serializable, so a Flink job cannot ship it to its"
                            + " tasks; make it Serializable (Pravega's JavaSerializer and"
                            + " UTF8StringSerializer are).");
        }
        return serializer;
    }
}
