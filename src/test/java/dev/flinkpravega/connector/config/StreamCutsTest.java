package dev.flinkpravega.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.StreamCutImpl;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link StreamCuts}. */
class StreamCutsTest {

    private static final StreamCut CUT =
            new StreamCutImpl(
                    Stream.of("analytics", "events"),
                    Map.of(
                            new Segment("analytics", "events", 0L), 10L,
                            new Segment("analytics", "events", 1L), 42L));

    @Test
    void printAndParseRoundTrip() {
        String text = StreamCuts.print(CUT);

        assertThat(text).isEqualTo(CUT.asText());
        assertThat(StreamCuts.parse(text)).isEqualTo(CUT);
        assertThat(StreamCuts.parse("  " + text + "\n")).isEqualTo(CUT);
    }

    @Test
    void unboundedCutParses() {
        assertThat(StreamCuts.parse(StreamCut.UNBOUNDED.asText())).isSameAs(StreamCut.UNBOUNDED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyTextIsRejected(String text) {
        assertThatThrownBy(() -> StreamCuts.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the stream cut is empty");
        assertThatThrownBy(() -> StreamCuts.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the stream cut is empty");
    }

    /**
     * Base64 that is not a gzip'ed stream cut fails with an unchecked exception inside Pravega, but
     * text with characters outside the base64 alphabet fails with a checked IOException that
     * Pravega throws undeclared. Both must come out as IllegalArgumentException.
     */
    @ParameterizedTest
    @ValueSource(strings = {"garbage", "AAAA", "aGVsbG8=", "not-base64!", "a b", "ünï"})
    void invalidTextIsRejectedWithIllegalArgumentException(String text) {
        assertThatThrownBy(() -> StreamCuts.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a base64 Pravega StreamCut")
                .hasCauseInstanceOf(Exception.class);
    }

    @Test
    void longInvalidTextIsAbbreviated() {
        String text = "y".repeat(100);

        assertThatThrownBy(() -> StreamCuts.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + "y".repeat(37) + "...' is not a base64 Pravega StreamCut");
    }
}
