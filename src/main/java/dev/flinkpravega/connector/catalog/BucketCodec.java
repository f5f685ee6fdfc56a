package dev.flinkpravega.connector.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of one key-value-table entry: every {@link StoredObject} whose name hashes to that key
 * (almost always exactly one). A leading format number lets later versions read old entries.
 */
final class BucketCodec {
    private static final int FORMAT = 1;

    private BucketCodec() {}

    static byte[] encode(List<StoredObject> objects) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(objects.size());
            for (StoredObject object : objects) {
                out.writeByte(object.kind().ordinal());
                writeString(out, object.name());
                writeString(out, object.writeId());
                out.writeLong(object.writtenAt());
                writeMap(out, object.properties());
                writeMap(out, object.attributes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<StoredObject> decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalStateException(
                        "catalog entry has format "
                                + format
                                + "; this connector reads format "
                                + FORMAT
                                + " (written by a newer connector?)");
            }
            int count = in.readInt();
            List<StoredObject> objects = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                StoredObject.Kind kind = StoredObject.Kind.values()[in.readByte()];
                String name = readString(in);
                String writeId = readString(in);
                long writtenAt = in.readLong();
                Map<String, String> properties = readMap(in);
                Map<String, String> attributes = readMap(in);
                objects.add(
                        new StoredObject(kind, name, writeId, writtenAt, properties, attributes));
            }
            return objects;
        } catch (IOException e) {
            throw new IllegalStateException("catalog entry is corrupt: " + e.getMessage(), e);
        }
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int size = in.readInt();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    // Length-prefixed UTF-8: DataOutput#writeUTF stops at 64 KB, a view's query may not.
    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
