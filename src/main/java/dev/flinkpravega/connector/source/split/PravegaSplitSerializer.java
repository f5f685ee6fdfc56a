package dev.flinkpravega.connector.source.split;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializer of {@link PravegaSplit}. */
public final class PravegaSplitSerializer implements SimpleVersionedSerializer<PravegaSplit> {
    public static final PravegaSplitSerializer INSTANCE = new PravegaSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PravegaSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(split.readerGroupScope());
        out.writeUTF(split.readerGroupName());
        out.writeInt(split.subtaskId());
        return out.getCopyOfBuffer();
    }

    @Override
    public PravegaSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown PravegaSplit serializer version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        return new PravegaSplit(in.readUTF(), in.readUTF(), in.readInt());
    }
}
