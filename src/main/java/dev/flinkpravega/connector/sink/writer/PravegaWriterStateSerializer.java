package dev.flinkpravega.connector.sink.writer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializer of {@link PravegaWriterState}. */
public final class PravegaWriterStateSerializer
        implements SimpleVersionedSerializer<PravegaWriterState> {
    public static final PravegaWriterStateSerializer INSTANCE = new PravegaWriterStateSerializer();

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(PravegaWriterState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(state.openTransactions().size());
        for (UUID id : state.openTransactions()) {
            out.writeLong(id.getMostSignificantBits());
            out.writeLong(id.getLeastSignificantBits());
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public PravegaWriterState deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("unknown PravegaWriterState serializer version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int count = in.readInt();
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(new UUID(in.readLong(), in.readLong()));
        }
        return new PravegaWriterState(ids);
    }
}
