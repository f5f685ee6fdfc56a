package dev.flinkpravega.connector.source.enumerator;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializer of {@link PravegaEnumeratorState}. */
public final class PravegaEnumeratorStateSerializer
        implements SimpleVersionedSerializer<PravegaEnumeratorState> {
    public static final PravegaEnumeratorStateSerializer INSTANCE =
            new PravegaEnumeratorStateSerializer();

    /** 2 added the finished subtasks; 1 is still read (no subtask finished). */
    private static final int VERSION = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PravegaEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeUTF(state.readerGroupScope());
        out.writeUTF(state.readerGroupName());
        writeMap(out, state.startCuts());
        writeMap(out, state.endCuts());
        byte[] checkpoint = state.checkpoint();
        out.writeInt(checkpoint == null ? -1 : checkpoint.length);
        if (checkpoint != null) {
            out.write(checkpoint);
        }
        out.writeInt(state.finishedSubtasks().size());
        for (int subtask : state.finishedSubtasks()) {
            out.writeInt(subtask);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public PravegaEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1 && version != 2) {
            throw new IOException("unknown PravegaEnumeratorState serializer version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String scope = in.readUTF();
        String name = in.readUTF();
        Map<String, String> start = readMap(in);
        Map<String, String> end = readMap(in);
        int length = in.readInt();
        byte[] checkpoint = null;
        if (length >= 0) {
            checkpoint = new byte[length];
            in.readFully(checkpoint);
        }
        Set<Integer> finished = new TreeSet<>();
        if (version >= 2) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                finished.add(in.readInt());
            }
        }
        return new PravegaEnumeratorState(scope, name, start, end, checkpoint, finished);
    }

    private static void writeMap(DataOutputSerializer out, Map<String, String> map)
            throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.writeUTF(e.getKey());
            // Stream cuts of many segments can exceed writeUTF's 64 KiB limit.
            byte[] value = e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(value.length);
            out.write(value);
        }
    }

    private static Map<String, String> readMap(DataInputDeserializer in) throws IOException {
        int size = in.readInt();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            String key = in.readUTF();
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            map.put(key, new String(value, java.nio.charset.StandardCharsets.UTF_8));
        }
        return map;
    }
}
