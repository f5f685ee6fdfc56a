package dev.flinkpravega.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pravega.client.stream.Stream;
import io.pravega.shared.NameUtils;
import java.util.function.Function;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link StreamRef}: parsing, Pravega's naming rules, equality. */
class StreamRefTest {

    private static final String MAX_NAME = "n".repeat(NameUtils.MAX_GIVEN_NAME_SIZE);

    // ------------------------------------------------------------------ parse

    @Test
    void parseUnqualifiedNameUsesTheDefaultScope() {
        StreamRef ref = StreamRef.parse("events", "analytics");

        assertThat(ref.scope()).isEqualTo("analytics");
        assertThat(ref.stream()).isEqualTo("events");
        assertThat(ref.qualifiedName()).isEqualTo("analytics/events");
        assertThat(ref).hasToString("analytics/events");
    }

    @Test
    void parseQualifiedNameIgnoresTheDefaultScope() {
        StreamRef ref = StreamRef.parse("other/events", "analytics");

        assertThat(ref.scope()).isEqualTo("other");
        assertThat(ref.stream()).isEqualTo("events");
    }

    @Test
    void parseQualifiedNameNeedsNoDefaultScope() {
        assertThat(StreamRef.parse("other/events", null))
                .isEqualTo(StreamRef.of("other", "events"));
    }

    @Test
    void parseTrimsWhitespace() {
        assertThat(StreamRef.parse("  events \t", "analytics"))
                .isEqualTo(StreamRef.of("analytics", "events"));
        assertThat(StreamRef.parse(" other/events ", "analytics"))
                .isEqualTo(StreamRef.of("other", "events"));
    }

    @Test
    void parseRejectsMoreThanOneSlash() {
        assertThatThrownBy(() -> StreamRef.parse("a/b/c", "analytics"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a/b/c' is not a stream name")
                .hasMessageContaining("'stream' or 'scope/stream'");
    }

    @Test
    void parseRejectsEmptyStreamAfterSlash() {
        assertThatThrownBy(() -> StreamRef.parse("analytics/", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the stream name is empty");
    }

    @Test
    void parseRejectsEmptyScopeBeforeSlash() {
        assertThatThrownBy(() -> StreamRef.parse("/events", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the scope name is empty");
    }

    @Test
    void parseRejectsNullAndBlankNames() {
        assertThatThrownBy(() -> StreamRef.parse(null, "analytics"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the stream name is empty");
        assertThatThrownBy(() -> StreamRef.parse("   ", "analytics"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the stream name is empty");
    }

    @Test
    void parseUnqualifiedNameWithoutDefaultScopeFails() {
        // PravegaConfig.resolve(...) gives the friendlier message for this case.
        assertThatThrownBy(() -> StreamRef.parse("events", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scope name is empty");
    }

    @Test
    void parseRejectsInvalidCharactersInScopeAndStream() {
        assertThatThrownBy(() -> StreamRef.parse("my_scope/events", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'my_scope' is not a valid Pravega scope name")
                .hasMessageContaining("letters, digits, '.' and '-'");
        assertThatThrownBy(() -> StreamRef.parse("my stream", "analytics"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'my stream' is not a valid Pravega stream name");
    }

    // ------------------------------------------------------------------ names

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "events", "Events-2024.v1", "a.b-c", "-", "."})
    void acceptsLettersDigitsDotsAndDashes(String name) {
        assertThat(StreamRef.of(name, name).stream()).isEqualTo(name);
        // Pravega itself agrees.
        assertThat(NameUtils.validateUserStreamName(name)).isEqualTo(name);
        assertThat(NameUtils.validateUserScopeName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "my_stream",
                "my stream",
                "a/b",
                "a:b",
                "a*",
                "stré",
                "_system",
                "a\tb",
                "a\nb",
                "ünïcode"
            })
    void rejectsOtherCharacters(String name) {
        assertThatThrownBy(() -> StreamRef.checkName("stream", name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "'"
                                + name
                                + "' is not a valid Pravega stream name: use only letters,"
                                + " digits, '.' and '-'");
        // Pravega itself rejects them as well: the connector is not stricter than the server.
        assertThatThrownBy(() -> NameUtils.validateUserStreamName(name))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkNameNamesWhatIsChecked() {
        assertThatThrownBy(() -> StreamRef.checkName("reader group", "rg_1"))
                .hasMessageContaining("not a valid Pravega reader group name");
        assertThatThrownBy(() -> StreamRef.checkName("scope", ""))
                .hasMessage("the scope name is empty");
        assertThatThrownBy(() -> StreamRef.checkName("scope", null))
                .hasMessage("the scope name is empty");
    }

    @Test
    void acceptsNamesUpToTheMaximumLength() {
        assertThat(MAX_NAME).hasSize(250);
        assertThat(StreamRef.of(MAX_NAME, MAX_NAME).qualifiedName())
                .isEqualTo(MAX_NAME + "/" + MAX_NAME);
        assertThat(NameUtils.validateUserStreamName(MAX_NAME)).isEqualTo(MAX_NAME);
    }

    @Test
    void rejectsNamesLongerThanTheMaximum() {
        String tooLong = MAX_NAME + "x";

        assertThatThrownBy(() -> StreamRef.of("analytics", tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the stream name '" + tooLong + "'")
                .hasMessageContaining("is longer than 250 characters");
        assertThatThrownBy(() -> StreamRef.of(tooLong, "events"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the scope name")
                .hasMessageContaining("is longer than 250 characters");
        assertThatThrownBy(() -> NameUtils.validateUserStreamName(tooLong))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lengthIsCheckedPerPartNotForTheQualifiedName() {
        StreamRef ref = StreamRef.parse(MAX_NAME + "/" + MAX_NAME, null);

        assertThat(ref.scope()).hasSize(250);
        assertThat(ref.stream()).hasSize(250);
    }

    // ------------------------------------------------------------------ value semantics

    @Test
    void equalityIsByScopeAndStream() {
        StreamRef a = StreamRef.of("analytics", "events");

        assertThat(a)
                .isEqualTo(StreamRef.parse("events", "analytics"))
                .hasSameHashCodeAs(StreamRef.parse("analytics/events", "other"))
                .isNotEqualTo(StreamRef.of("analytics", "clicks"))
                .isNotEqualTo(StreamRef.of("other", "events"))
                .isNotEqualTo("analytics/events");
    }

    @Test
    void namesAreCaseSensitive() {
        assertThat(StreamRef.of("analytics", "Events"))
                .isNotEqualTo(StreamRef.of("analytics", "events"));
    }

    @Test
    void toStreamGivesThePravegaStream() {
        Stream stream = StreamRef.of("analytics", "events").toStream();

        assertThat(stream.getScope()).isEqualTo("analytics");
        assertThat(stream.getStreamName()).isEqualTo("events");
        assertThat(stream.getScopedName()).isEqualTo("analytics/events");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        StreamRef ref = StreamRef.of("analytics", "events");

        StreamRef copy = InstantiationUtil.clone(ref);

        assertThat(copy).isEqualTo(ref).isNotSameAs(ref);
    }

    @Test
    void qualifiedNameRoundTripsThroughParse() {
        Function<StreamRef, StreamRef> roundTrip = r -> StreamRef.parse(r.qualifiedName(), "zzz");
        StreamRef ref = StreamRef.of("a.b-c", "d-e.f");

        assertThat(roundTrip.apply(ref)).isEqualTo(ref);
    }
}
