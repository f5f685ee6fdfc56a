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

    /**
     * 2 added the checkpoint after which the transaction took rows, 3 the writer's time to note
     * with the commit.
     */
    @Override
    public int getVersion() {
        return 3;
    }

    @Override
    public byte[] serialize(PravegaCommittable committable) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(committable.stream().scope());
        out.writeUTF(committable.stream().stream());
        out.writeLong(committable.transactionId().getMostSignificantBits());
        out.writeLong(committable.transactionId().getLeastSignificantBits());
        out.writeLong(committable.afterCheckpoint());
        out.writeLong(committable.writerTime());
        return out.getCopyOfBuffer();
    }

    @Override
    public PravegaCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > 3) {
            throw new IOException("unknown PravegaCommittable serializer version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        StreamRef stream = StreamRef.of(in.readUTF(), in.readUTF());
        UUID transactionId = new UUID(in.readLong(), in.readLong());
        long afterCheckpoint = version >= 2 ? in.readLong() : 0L;
        long writerTime = version >= 3 ? in.readLong() : PravegaCommittable.NO_TIME;
        return new PravegaCommittable(stream, transactionId, afterCheckpoint, writerTime);
    }
}
