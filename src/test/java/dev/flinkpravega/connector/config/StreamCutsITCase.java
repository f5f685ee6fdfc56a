package dev.flinkpravega.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link StreamCuts#currentTail} and {@link StreamCuts#currentHead} on a real Pravega. */
class StreamCutsITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @Test
    void tailMovesWithWritesAndHeadStays() {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "events", 2);
        PravegaConfig config = config(scope);
        String emptyTail = StreamCuts.currentTail(config, "events");
        String head = StreamCuts.currentHead(config, scope + "/events");

        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "events", List.of("a", "b", "c"));
        String tail = StreamCuts.currentTail(config, "events");

        assertThat(emptyTail).isEqualTo(head);
        assertThat(tail)
                .isNotEqualTo(emptyTail)
                .isEqualTo(
                        StreamCuts.print(
                                PravegaTestData.tail(PRAVEGA.streamManager(), scope, "events")));
        assertThat(StreamCuts.currentHead(config, "events")).isEqualTo(head);
    }

    @Test
    void missingStreamIsNamed() {
        String scope = PRAVEGA.scope();

        assertThatThrownBy(() -> StreamCuts.currentTail(config(scope), "nothing"))
                .isInstanceOf(MissingStreamException.class)
                .hasMessageStartingWith("Stream '" + scope + "/nothing' does not exist");
    }

    private static PravegaConfig config(String scope) {
        return PravegaConfig.builder()
                .controllerUri(PRAVEGA.controllerUri())
                .defaultScope(scope)
                .controllerTimeout(Duration.ofSeconds(20))
                .build();
    }
}
