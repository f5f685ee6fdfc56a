package dev.flinkpravega.connector.sink.committer;

import dev.flinkpravega.connector.config.StreamRef;
import java.io.IOException;
import java.util.UUID;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializer of {@link PravegaCommittable}. */
public final class PravegaCommittableSerializer
        implements SimpleVersionedSerializer<PravegaCommittable> {
    public static final PravegaCommittableSerializer INSTANCE = new PravegaCommittableSerializer();

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(PravegaCommittable committable) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(committable.stream().scope());
        out.writeUTF(committable.stream().stream());
        out.writeLong(committable.transactionId().getMostSignificantBits());
        out.writeLong(committable.transactionId().getLeastSignificantBits());
        return out.getCopyOfBuffer();
    }

    @Override
    public PravegaCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("unknown PravegaCommittable serializer version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        StreamRef stream = StreamRef.of(in.readUTF(), in.readUTF());
        return new PravegaCommittable(stream, new UUID(in.readLong(), in.readLong()));
    }
}
