package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.TableOptionsFixture.CLICKS;
import static dev.flinkpravega.connector.table.TableOptionsFixture.CUT_CLICKS_END;
import static dev.flinkpravega.connector.table.TableOptionsFixture.CUT_CLICKS_START;
import static dev.flinkpravega.connector.table.TableOptionsFixture.CUT_EVENTS_END;
import static dev.flinkpravega.connector.table.TableOptionsFixture.CUT_EVENTS_START;
import static dev.flinkpravega.connector.table.TableOptionsFixture.EVENTS;
import static dev.flinkpravega.connector.table.TableOptionsFixture.FULL_POLICY;
import static dev.flinkpravega.connector.table.TableOptionsFixture.SCOPE;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertChainMentions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertSourceFails;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertValidationFailure;
import static dev.flinkpravega.connector.table.TableOptionsFixture.config;
import static dev.flinkpravega.connector.table.TableOptionsFixture.createSink;
import static dev.flinkpravega.connector.table.TableOptionsFixture.createSource;
import static dev.flinkpravega.connector.table.TableOptionsFixture.cut;
import static dev.flinkpravega.connector.table.TableOptionsFixture.fullOptions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.runtimeSource;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sinkOptions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sourceOptions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sourceProvider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.StartupMode;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.source.PravegaSource;
import dev.flinkpravega.connector.source.PravegaSourceConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The source options ({@code scan.*} and stream creation) as the table factory and {@link
 * ScanOptionsValidator} check them; no Pravega server, no network.
 */
class ScanOptionsTest {

    // ==================================================================== source options

    @Nested
    class ScanStreams {

        @Test
        void unqualifiedAndQualifiedStreamsAreAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(o -> o.put("scan.streams", "events; other/clicks")));

            assertThat(source.config().streams()).containsExactly(EVENTS, CLICKS);
        }

        @Test
        void missingStreamsIsRejectedWhenReading() {
            assertSourceFails(sourceOptions(o -> o.remove("scan.streams")))
                    .hasMessage(
                            "Option 'scan.streams' is required to read from this table: the"
                                    + " streams to read, ';'-separated, each 'stream' or"
                                    + " 'scope/stream'.");
        }

        @Test
        void missingStreamsIsFineWhenOnlyWriting() {
            assertThat(createSink(sinkOptions())).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ";", " "})
        void emptyStreamsIsRejected(String streams) {
            assertSourceFails(sourceOptions(o -> o.put("scan.streams", streams)))
                    .hasMessageContaining("for option 'scan.streams'");
        }

        @Test
        void emptyStreamListMessage() {
            assertSourceFails(sourceOptions(o -> o.put("scan.streams", "")))
                    .hasMessage(
                            "Invalid value '' for option 'scan.streams': name at least one"
                                    + " stream.");
        }

        @Test
        void emptyEntriesAtTheEndsAreIgnored() {
            // Flink's list parsing drops empty first and last entries.
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("scan.streams", ";events;")));

            assertThat(source.config().streams()).containsExactly(EVENTS);
        }

        @ParameterizedTest
        @ValueSource(strings = {"bad_name", "events;bad name", "a/b/c", "events;;clicks", "scope/"})
        void invalidStreamNameIsRejected(String streams) {
            assertSourceFails(sourceOptions(o -> o.put("scan.streams", streams)))
                    .hasMessageContaining("for option 'scan.streams'");
        }

        @Test
        void invalidStreamNameMessageNamesTheRule() {
            assertSourceFails(sourceOptions(o -> o.put("scan.streams", "events;my_stream")))
                    .hasMessage(
                            "Invalid value 'my_stream' for option 'scan.streams': 'my_stream' is"
                                    + " not a valid Pravega stream name: use only letters, digits,"
                                    + " '.' and '-'.");
        }

        @Test
        void invalidScopePartIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("scan.streams", "my_scope/events")))
                    .hasMessageContaining("for option 'scan.streams'")
                    .hasMessageContaining("not a valid Pravega scope name");
        }

        @ParameterizedTest
        @ValueSource(strings = {"events;events", "events;analytics/events", "a/x;clicks;a/x"})
        void streamListedTwiceIsRejected(String streams) {
            assertSourceFails(sourceOptions(o -> o.put("scan.streams", streams)))
                    .hasMessageContaining("for option 'scan.streams'")
                    .hasMessageContaining("is listed twice");
        }

        @Test
        void sameStreamNameInTwoScopesIsNotADuplicate() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("scan.streams", "events;other/events")));

            assertThat(source.config().streams())
                    .containsExactly(EVENTS, StreamRef.of("other", "events"));
        }
    }

    @Nested
    class StartupModeOption {

        @Test
        void latestIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("scan.startup.mode", "latest")));

            assertThat(source.config().startupMode()).isEqualTo(StartupMode.LATEST);
        }

        @Test
        void earliestIsAcceptedInAnyCase() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("scan.startup.mode", "EARLIEST")));

            assertThat(source.config().startupMode()).isEqualTo(StartupMode.EARLIEST);
        }

        @Test
        void streamCutWithCutsIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.startup.mode", "stream-cut");
                                        o.put("scan.startup.stream-cuts", CUT_EVENTS_START);
                                    }));

            assertThat(source.config().startupMode()).isEqualTo(StartupMode.STREAM_CUT);
            assertThat(source.config().startStreamCuts())
                    .containsExactly(Map.entry(EVENTS, CUT_EVENTS_START));
        }

        @ParameterizedTest
        @ValueSource(strings = {"newest", "stream_cut", "timestamp", ""})
        void invalidModeIsRejectedListingTheValidOnes(String mode) {
            Map<String, String> options = sourceOptions(o -> o.put("scan.startup.mode", mode));
            Throwable thrown = catchThrowable(() -> createSource(options));

            assertValidationFailure(thrown)
                    .hasMessageContaining("Invalid value for option 'scan.startup.mode'");
            assertChainMentions(thrown, "earliest", "latest", "stream-cut");
        }

        @Test
        void streamCutModeWithoutCutsIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("scan.startup.mode", "stream-cut")))
                    .hasMessage(
                            "'scan.startup.mode' = 'stream-cut' needs option"
                                    + " 'scan.startup.stream-cuts': one base64 stream cut per"
                                    + " stream of 'scan.streams', ';'-separated, in the same"
                                    + " order.");
        }
    }

    @Nested
    class StartupStreamCuts {

        @Test
        void oneCutPerStreamInOrderIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.streams", "events;other/clicks");
                                        o.put("scan.startup.mode", "stream-cut");
                                        o.put(
                                                "scan.startup.stream-cuts",
                                                " " + CUT_EVENTS_START + " ; " + CUT_CLICKS_START);
                                    }));

            assertThat(source.config().startStreamCuts())
                    .containsExactly(
                            Map.entry(EVENTS, CUT_EVENTS_START),
                            Map.entry(CLICKS, CUT_CLICKS_START));
        }

        @ParameterizedTest
        @ValueSource(strings = {"earliest", "latest"})
        void cutsWithoutStreamCutModeAreRejected(String mode) {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.startup.mode", mode);
                                        o.put("scan.startup.stream-cuts", CUT_EVENTS_START);
                                    }))
                    .hasMessage(
                            "Option 'scan.startup.stream-cuts' is only used with"
                                    + " 'scan.startup.mode' = 'stream-cut'; set that mode or"
                                    + " remove the option.");
        }

        @Test
        void cutsWithDefaultModeAreRejected() {
            assertSourceFails(
                            sourceOptions(o -> o.put("scan.startup.stream-cuts", CUT_EVENTS_START)))
                    .hasMessageContaining("'scan.startup.stream-cuts' is only used with");
        }

        @Test
        void fewerCutsThanStreamsAreRejected() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.streams", "events;other/clicks");
                                        o.put("scan.startup.mode", "stream-cut");
                                        o.put("scan.startup.stream-cuts", CUT_EVENTS_START);
                                    }))
                    .hasMessage(
                            "Option 'scan.startup.stream-cuts' has 1 stream cut(s) but"
                                    + " 'scan.streams' names 2 stream(s); give exactly one cut per"
                                    + " stream, in the same order.");
        }

        @Test
        void moreCutsThanStreamsAreRejected() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.startup.mode", "stream-cut");
                                        o.put(
                                                "scan.startup.stream-cuts",
                                                CUT_EVENTS_START + ";" + CUT_EVENTS_START);
                                    }))
                    .hasMessageContaining("has 2 stream cut(s) but 'scan.streams' names 1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"not-base64!", "aGVsbG8gd29ybGQ=", "AAAA"})
        void invalidCutIsRejected(String cut) {
            Map<String, String> options =
                    sourceOptions(
                            o -> {
                                o.put("scan.streams", "events;other/clicks");
                                o.put("scan.startup.mode", "stream-cut");
                                o.put("scan.startup.stream-cuts", CUT_EVENTS_START + ";" + cut);
                            });

            assertSourceFails(options)
                    .hasMessageStartingWith(
                            "Option 'scan.startup.stream-cuts': cut 2 (for stream"
                                    + " 'other/clicks') is invalid: ")
                    .hasMessageContaining("is not a base64 Pravega StreamCut");
        }

        @Test
        void longInvalidCutIsAbbreviatedInTheMessage() {
            String cut = "x".repeat(500);

            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.startup.mode", "stream-cut");
                                        o.put("scan.startup.stream-cuts", cut);
                                    }))
                    .hasMessageContaining("'" + "x".repeat(37) + "...'")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("x".repeat(41)));
        }

        @Test
        void cutOfAnotherStreamIsRejected() {
            // Both cuts are valid, but given in the wrong order.
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.streams", "events;other/clicks");
                                        o.put("scan.startup.mode", "stream-cut");
                                        o.put(
                                                "scan.startup.stream-cuts",
                                                CUT_CLICKS_START + ";" + CUT_EVENTS_START);
                                    }))
                    .hasMessage(
                            "Option 'scan.startup.stream-cuts': cut 1 (for stream"
                                    + " 'analytics/events') is a stream cut of stream"
                                    + " 'other/clicks'; give the cuts in the order of"
                                    + " 'scan.streams'.");
        }
    }

    @Nested
    class BoundedModeOption {

        @Test
        void latestIsAcceptedAndMakesTheSourceBounded() {
            Map<String, String> options = sourceOptions(o -> o.put("scan.bounded.mode", "latest"));
            SourceProvider provider = sourceProvider(createSource(options));
            PravegaSource<?> source = (PravegaSource<?>) provider.createSource();

            assertThat(source.config().boundedMode()).isEqualTo(BoundedMode.LATEST);
            assertThat(source.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
            assertThat(provider.isBounded()).isTrue();
        }

        @Test
        void unboundedIsAccepted() {
            Map<String, String> options =
                    sourceOptions(o -> o.put("scan.bounded.mode", "unbounded"));
            SourceProvider provider = sourceProvider(createSource(options));

            assertThat(((PravegaSource<?>) provider.createSource()).config().boundedMode())
                    .isEqualTo(BoundedMode.UNBOUNDED);
            assertThat(provider.isBounded()).isFalse();
        }

        @Test
        void streamCutWithCutsIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.bounded.mode", "stream-cut");
                                        o.put("scan.bounded.stream-cuts", CUT_EVENTS_END);
                                    }));

            assertThat(source.config().boundedMode()).isEqualTo(BoundedMode.STREAM_CUT);
            assertThat(source.config().endStreamCuts())
                    .containsExactly(Map.entry(EVENTS, CUT_EVENTS_END));
            assertThat(source.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"forever", "earliest", "bounded"})
        void invalidModeIsRejectedListingTheValidOnes(String mode) {
            Map<String, String> options = sourceOptions(o -> o.put("scan.bounded.mode", mode));
            Throwable thrown = catchThrowable(() -> createSource(options));

            assertValidationFailure(thrown)
                    .hasMessageContaining("Invalid value for option 'scan.bounded.mode'");
            assertChainMentions(thrown, "unbounded", "latest", "stream-cut");
        }

        @Test
        void streamCutModeWithoutCutsIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("scan.bounded.mode", "stream-cut")))
                    .hasMessageContaining("'scan.bounded.mode' = 'stream-cut' needs option")
                    .hasMessageContaining("'scan.bounded.stream-cuts'");
        }
    }

    @Nested
    class BoundedStreamCuts {

        @Test
        void oneCutPerStreamInOrderIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.streams", "other/clicks;events");
                                        o.put("scan.bounded.mode", "stream-cut");
                                        o.put(
                                                "scan.bounded.stream-cuts",
                                                CUT_CLICKS_END + ";" + CUT_EVENTS_END);
                                    }));

            assertThat(source.config().endStreamCuts())
                    .containsExactly(
                            Map.entry(CLICKS, CUT_CLICKS_END), Map.entry(EVENTS, CUT_EVENTS_END));
        }

        @ParameterizedTest
        @ValueSource(strings = {"unbounded", "latest"})
        void cutsWithoutStreamCutModeAreRejected(String mode) {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.bounded.mode", mode);
                                        o.put("scan.bounded.stream-cuts", CUT_EVENTS_END);
                                    }))
                    .hasMessage(
                            "Option 'scan.bounded.stream-cuts' is only used with"
                                    + " 'scan.bounded.mode' = 'stream-cut'; set that mode or"
                                    + " remove the option.");
        }

        @Test
        void cutCountMustMatchStreamCount() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.streams", "events;other/clicks");
                                        o.put("scan.bounded.mode", "stream-cut");
                                        o.put("scan.bounded.stream-cuts", CUT_EVENTS_END);
                                    }))
                    .hasMessageContaining("Option 'scan.bounded.stream-cuts' has 1 stream cut(s)")
                    .hasMessageContaining("'scan.streams' names 2 stream(s)");
        }

        @Test
        void invalidCutIsRejected() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.bounded.mode", "stream-cut");
                                        o.put("scan.bounded.stream-cuts", "garbage");
                                    }))
                    .hasMessageContaining(
                            "Option 'scan.bounded.stream-cuts': cut 1 (for stream"
                                    + " 'analytics/events') is invalid")
                    .hasMessageContaining("'garbage' is not a base64 Pravega StreamCut");
        }

        @Test
        void cutOfAnotherStreamIsRejected() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.bounded.mode", "stream-cut");
                                        o.put("scan.bounded.stream-cuts", CUT_CLICKS_END);
                                    }))
                    .hasMessage(
                            "Option 'scan.bounded.stream-cuts': cut 1 (for stream"
                                    + " 'analytics/events') is a stream cut of stream"
                                    + " 'other/clicks'; give the cuts in the order of"
                                    + " 'scan.streams'.");
        }
    }

    @Nested
    class ReaderGroupName {

        @Test
        void validNameIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("scan.reader-group.name", "rg-1.a")));

            assertThat(source.config().readerGroupName()).isEqualTo("rg-1.a");
            assertThat(source.config().readerGroupScope()).isEqualTo(SCOPE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"rg_1", "rg 1", "analytics/rg"})
        void invalidNameIsRejected(String name) {
            assertSourceFails(sourceOptions(o -> o.put("scan.reader-group.name", name)))
                    .hasMessage(
                            "Invalid value '"
                                    + name
                                    + "' for option 'scan.reader-group.name': '"
                                    + name
                                    + "' is not a valid Pravega reader group name: use only"
                                    + " letters, digits, '.' and '-'.");
        }

        @Test
        void emptyNameIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("scan.reader-group.name", "")))
                    .hasMessageContaining("for option 'scan.reader-group.name'")
                    .hasMessageContaining("the reader group name is empty");
        }
    }

    /** The three positive-duration options of the source. */
    @Nested
    class SourceDurations {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "scan.reader-group.refresh-interval",
                    "scan.event-read.timeout",
                    "scan.checkpoint.timeout"
                })
        void positiveDurationIsAccepted(String key) {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put(key, "1234 ms")));

            Duration actual;
            switch (key) {
                case "scan.reader-group.refresh-interval":
                    actual = source.config().readerGroupRefreshInterval();
                    break;
                case "scan.event-read.timeout":
                    actual = source.config().eventReadTimeout();
                    break;
                default:
                    actual = source.config().checkpointTimeout();
            }
            assertThat(actual).isEqualTo(Duration.ofMillis(1234));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "scan.reader-group.refresh-interval",
                    "scan.event-read.timeout",
                    "scan.checkpoint.timeout"
                })
        void zeroDurationIsRejected(String key) {
            assertSourceFails(sourceOptions(o -> o.put(key, "0 s")))
                    .hasMessage(
                            "Invalid value 'PT0S' for option '"
                                    + key
                                    + "': it must be a positive duration.");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "scan.reader-group.refresh-interval",
                    "scan.event-read.timeout",
                    "scan.checkpoint.timeout"
                })
        void unparsableDurationIsRejected(String key) {
            Map<String, String> options = sourceOptions(o -> o.put(key, "a while"));
            Throwable thrown = catchThrowable(() -> createSource(options));

            assertValidationFailure(thrown)
                    .hasMessageContaining("Invalid value for option '" + key + "'");
        }
    }

    @Nested
    class TolerableCheckpointTimeouts {

        @Test
        void aCountIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(o -> o.put("scan.checkpoint.tolerable-timeouts", "3")));

            assertThat(source.config().tolerableCheckpointTimeouts()).isEqualTo(3);
        }

        @Test
        void theDefaultToleratesNone() {
            assertThat(runtimeSource(sourceOptions()).config().tolerableCheckpointTimeouts())
                    .isZero();
        }

        @Test
        void aNegativeCountIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("scan.checkpoint.tolerable-timeouts", "-1")))
                    .hasMessage(
                            "Invalid value '-1' for option 'scan.checkpoint.tolerable-timeouts':"
                                    + " use a whole number, 0 or more.");
        }

        @Test
        void anUnparsableCountIsRejected() {
            Map<String, String> options =
                    sourceOptions(o -> o.put("scan.checkpoint.tolerable-timeouts", "some"));
            Throwable thrown = catchThrowable(() -> createSource(options));

            assertValidationFailure(thrown)
                    .hasMessageContaining(
                            "Invalid value for option 'scan.checkpoint.tolerable-timeouts'");
        }
    }

    // ==================================================================== stream options

    /** The {@code stream.*} options as the source sees them; the sink's are in SinkOptionsTest. */
    @Nested
    class StreamCreation {

        @Test
        void createIfMissingIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("stream.create-if-missing", "true")));

            assertThat(source.config().createStreamsIfMissing()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"yes", "1", "on?"})
        void nonBooleanCreateIfMissingIsRejected(String value) {
            Map<String, String> options =
                    sourceOptions(o -> o.put("stream.create-if-missing", value));

            assertSourceFails(options)
                    .hasMessageContaining("Invalid value for option 'stream.create-if-missing'");
        }

        @Test
        void minSegmentsIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("stream.scaling.min-segments", "8")));

            assertThat(source.config().minSegments()).isEqualTo(8);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1"})
        void nonPositiveMinSegmentsIsRejected(String value) {
            assertSourceFails(sourceOptions(o -> o.put("stream.scaling.min-segments", value)))
                    .hasMessage(
                            "Invalid value '"
                                    + value
                                    + "' for option 'stream.scaling.min-segments': it must be at"
                                    + " least 1.");
        }

        @Test
        void unparsableMinSegmentsIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("stream.scaling.min-segments", "two")))
                    .hasMessageContaining("Invalid value for option 'stream.scaling.min-segments'");
        }
    }

    // ==================================================================== validator, directly

    /**
     * {@link ScanOptionsValidator} is also called without the factory (the catalog does); then its
     * own messages, not Flink's, report unparsable values.
     */
    @Nested
    class ValidatorDirectly {

        @Test
        void enumValueListsTheValidValuesQuoted() {
            Configuration options = config(Map.of("scan.startup.mode", "newest"));

            Throwable thrown =
                    catchThrowable(
                            () ->
                                    OptionValues.enumValue(
                                            options,
                                            PravegaConnectorOptions.SCAN_STARTUP_MODE,
                                            StartupMode.values()));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "Invalid value for option 'scan.startup.mode'. Valid values:"
                                    + " 'earliest', 'latest', 'stream-cut'.");
        }

        @Test
        void startupModeMessageListsTheValidValuesQuoted() {
            Map<String, String> options = sourceOptions(o -> o.put("scan.startup.mode", "newest"));

            Throwable thrown = catchThrowable(() -> sourceConfig(options));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "Invalid value for option 'scan.startup.mode'. Valid values:"
                                    + " 'earliest', 'latest', 'stream-cut'.");
        }

        @Test
        void boundedModeMessageListsTheValidValuesQuoted() {
            Map<String, String> options = sourceOptions(o -> o.put("scan.bounded.mode", "never"));

            Throwable thrown = catchThrowable(() -> sourceConfig(options));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "Invalid value for option 'scan.bounded.mode'. Valid values:"
                                    + " 'unbounded', 'latest', 'stream-cut'.");
        }

        @Test
        void unparsableDurationNamesTheFormat() {
            Map<String, String> options =
                    sourceOptions(o -> o.put("scan.checkpoint.timeout", "a while"));

            Throwable thrown = catchThrowable(() -> sourceConfig(options));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "Invalid value for option 'scan.checkpoint.timeout': use a duration"
                                    + " such as '30 s' or '500 ms'.");
        }

        @Test
        void validOptionsGiveTheSourceConfig() {
            PravegaSourceConfig scan = sourceConfig(fullOptions());

            assertThat(scan.connection().defaultScope()).isEqualTo(SCOPE);
            assertThat(scan.streams()).containsExactly(EVENTS, CLICKS);
            assertThat(scan.startupMode()).isEqualTo(StartupMode.STREAM_CUT);
            assertThat(scan.startStreamCuts())
                    .containsExactly(
                            Map.entry(EVENTS, CUT_EVENTS_START),
                            Map.entry(CLICKS, CUT_CLICKS_START));
            assertThat(scan.boundedMode()).isEqualTo(BoundedMode.STREAM_CUT);
            assertThat(scan.endStreamCuts())
                    .containsExactly(
                            Map.entry(EVENTS, CUT_EVENTS_END), Map.entry(CLICKS, CUT_CLICKS_END));
            assertThat(scan.readerGroupName()).isEqualTo("my-group.1");
            assertThat(scan.readerGroupScope()).isEqualTo(SCOPE);
            assertThat(scan.eventReadTimeout()).isEqualTo(Duration.ofMillis(250));
            assertThat(scan.checkpointTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(scan.readerGroupRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(scan.createStreamsIfMissing()).isTrue();
            assertThat(scan.minSegments()).isEqualTo(4);
            assertThat(scan.requestedStreamPolicy()).isEqualTo(FULL_POLICY);
        }

        @Test
        void minimalOptionsGiveTheDefaults() {
            PravegaSourceConfig scan = sourceConfig(sourceOptions());

            assertThat(scan.streams()).containsExactly(EVENTS);
            assertThat(scan.startupMode()).isEqualTo(StartupMode.EARLIEST);
            assertThat(scan.boundedMode()).isEqualTo(BoundedMode.UNBOUNDED);
            // No name here: the source draws a random one (see the factory test).
            assertThat(scan.readerGroupName()).isNull();
            assertThat(scan.eventReadTimeout()).isEqualTo(Duration.ofSeconds(1));
            assertThat(scan.checkpointTimeout()).isEqualTo(Duration.ofMinutes(5));
            assertThat(scan.readerGroupRefreshInterval()).isEqualTo(Duration.ofSeconds(3));
            assertThat(scan.createStreamsIfMissing()).isFalse();
            assertThat(scan.minSegments()).isEqualTo(1);
            assertThat(scan.requestedStreamPolicy()).isNull();
        }

        private PravegaSourceConfig sourceConfig(Map<String, String> options) {
            return ScanOptionsValidator.sourceConfig(
                    config(options), ConnectionOptionsValidator.pravegaConfig(config(options)));
        }
    }

    @Nested
    class MaxOutstandingCheckpointRequests {

        @Test
        void defaultIsTen() {
            assertThat(runtimeSource(sourceOptions()).config().maxOutstandingCheckpointRequests())
                    .isEqualTo(10);
        }

        @ParameterizedTest
        @ValueSource(strings = {"2", "3", "50"})
        void twoOrMoreIsAccepted(String value) {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(
                                    o ->
                                            o.put(
                                                    "scan.reader-group.max-outstanding-checkpoint-request",
                                                    value)));
            assertThat(source.config().maxOutstandingCheckpointRequests())
                    .isEqualTo(Integer.parseInt(value));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "0", "-3"})
        void fewerThanTwoIsRejected(String value) {
            assertSourceFails(
                            sourceOptions(
                                    o ->
                                            o.put(
                                                    "scan.reader-group.max-outstanding-checkpoint-request",
                                                    value)))
                    .hasMessageContaining(
                            "Invalid value '"
                                    + value
                                    + "' for option"
                                    + " 'scan.reader-group.max-outstanding-checkpoint-request':"
                                    + " use 2 or more");
        }

        @Test
        void notANumberIsRejected() {
            Throwable thrown =
                    catchThrowable(
                            () ->
                                    createSource(
                                            sourceOptions(
                                                    o ->
                                                            o.put(
                                                                    "scan.reader-group.max-outstanding-checkpoint-request",
                                                                    "many"))));
            assertChainMentions(
                    thrown, "scan.reader-group.max-outstanding-checkpoint-request", "many");
        }
    }

    @Nested
    class PravegaMetrics {

        @Test
        void onByDefault() {
            assertThat(runtimeSource(sourceOptions()).config().pravegaMetrics()).isTrue();
        }

        @Test
        void falseTurnsThemOff() {
            assertThat(
                            runtimeSource(
                                            sourceOptions(
                                                    o -> o.put("scan.pravega-metrics", "false")))
                                    .config()
                                    .pravegaMetrics())
                    .isFalse();
        }

        @Test
        void notABooleanIsRejected() {
            Throwable thrown =
                    catchThrowable(
                            () ->
                                    createSource(
                                            sourceOptions(
                                                    o -> o.put("scan.pravega-metrics", "maybe"))));
            assertChainMentions(thrown, "scan.pravega-metrics", "maybe");
        }
    }
}
