package dev.flinkpravega.connector.sink.committer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.StreamRef;
import java.io.IOException;
import java.util.UUID;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PravegaCommittableSerializerTest {
    private static final StreamRef STREAM = StreamRef.of("scope", "orders");
    private static final UUID TXN = UUID.fromString("7b0e4c2e-7f0e-4c52-9d7a-2f1de8f0a001");
    private final PravegaCommittableSerializer serializer = PravegaCommittableSerializer.INSTANCE;

    @Test
    void roundTripKeepsTheWriterTime() throws IOException {
        PravegaCommittable committable =
                new PravegaCommittable(STREAM, TXN, 4L, 1_700_000_000_123L);

        PravegaCommittable read =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(committable));

        assertThat(read).isEqualTo(committable);
        assertThat(read.writerTime()).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void roundTripWithoutATime() throws IOException {
        PravegaCommittable committable = new PravegaCommittable(STREAM, TXN, 0L);

        PravegaCommittable read =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(committable));

        assertThat(read.writerTime()).isEqualTo(PravegaCommittable.NO_TIME);
        assertThat(read).isEqualTo(committable);
    }

    @Test
    void versionTwoStatesLoadWithoutATime() throws IOException {
        DataOutputSerializer v2 = new DataOutputSerializer(64);
        v2.writeUTF("scope");
        v2.writeUTF("orders");
        v2.writeLong(TXN.getMostSignificantBits());
        v2.writeLong(TXN.getLeastSignificantBits());
        v2.writeLong(9L);

        PravegaCommittable read = serializer.deserialize(2, v2.getCopyOfBuffer());

        assertThat(read).isEqualTo(new PravegaCommittable(STREAM, TXN, 9L));
        assertThat(read.writerTime()).isEqualTo(PravegaCommittable.NO_TIME);
    }

    @Test
    void unknownVersionIsRefused() {
        assertThatThrownBy(() -> serializer.deserialize(4, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 4");
    }
}
