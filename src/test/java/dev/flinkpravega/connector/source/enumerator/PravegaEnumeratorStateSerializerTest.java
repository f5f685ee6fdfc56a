package dev.flinkpravega.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The enumerator state's bytes: this version round trips, and version 1 states still load. */
class PravegaEnumeratorStateSerializerTest {

    private static final PravegaEnumeratorStateSerializer SERIALIZER =
            PravegaEnumeratorStateSerializer.INSTANCE;

    @Test
    void aStateRoundTripsWithItsFinishedSubtasks() throws IOException {
        PravegaEnumeratorState state =
                new PravegaEnumeratorState(
                        "s",
                        "group",
                        Map.of("s/a", "start"),
                        Map.of("s/a", "end"),
                        new byte[] {1, 2, 3},
                        Set.of(2, 0));

        PravegaEnumeratorState read =
                SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(state));

        assertThat(SERIALIZER.getVersion()).isEqualTo(2);
        assertThat(read.readerGroupScope()).isEqualTo("s");
        assertThat(read.readerGroupName()).isEqualTo("group");
        assertThat(read.startCuts()).containsExactly(Map.entry("s/a", "start"));
        assertThat(read.endCuts()).containsExactly(Map.entry("s/a", "end"));
        assertThat(read.checkpoint()).containsExactly(1, 2, 3);
        assertThat(read.finishedSubtasks()).containsExactly(0, 2);
    }

    /** The layout version 1 wrote (before finished subtasks were kept). */
    @Test
    void aVersionOneStateLoadsWithNoFinishedSubtask() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF("s");
        out.writeUTF("group");
        out.writeInt(1);
        out.writeUTF("s/a");
        byte[] cut = "start".getBytes(StandardCharsets.UTF_8);
        out.writeInt(cut.length);
        out.write(cut);
        out.writeInt(0); // no end cuts
        out.writeInt(-1); // no checkpoint yet

        PravegaEnumeratorState read = SERIALIZER.deserialize(1, out.getCopyOfBuffer());

        assertThat(read.readerGroupName()).isEqualTo("group");
        assertThat(read.startCuts()).containsExactly(Map.entry("s/a", "start"));
        assertThat(read.checkpoint()).isNull();
        assertThat(read.finishedSubtasks()).isEmpty();
    }

    @Test
    void anUnknownVersionIsRefused() {
        assertThatThrownBy(() -> SERIALIZER.deserialize(3, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 3");
    }
}
