package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.TableOptionsFixture.assertChainMentions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertSinkFails;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertSourceFails;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertValidationFailure;
import static dev.flinkpravega.connector.table.TableOptionsFixture.config;
import static dev.flinkpravega.connector.table.TableOptionsFixture.createSink;
import static dev.flinkpravega.connector.table.TableOptionsFixture.createSource;
import static dev.flinkpravega.connector.table.TableOptionsFixture.runtimeSink;
import static dev.flinkpravega.connector.table.TableOptionsFixture.runtimeSource;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sinkOptions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sourceOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flinkpravega.connector.config.StreamPolicy;
import dev.flinkpravega.connector.sink.PravegaSinkConfig;
import dev.flinkpravega.connector.source.PravegaSourceConfig;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stream policy options ({@code stream.scaling.*}, {@code stream.retention.*}) as the table
 * factory and the validators (which the catalog calls directly) check them; no Pravega server, no
 * network. Source and sink read them alike.
 */
class StreamPolicyOptionsTest {

    // ==================================================================== happy path

    @Nested
    class Accepted {

        @Test
        void noPolicyOptionAsksForNoPolicy() {
            PravegaSourceConfig source = runtimeSource(sourceOptions()).config();
            PravegaSinkConfig sink = runtimeSink(sinkOptions()).config();

            assertThat(source.requestedStreamPolicy()).isNull();
            assertThat(source.streamPolicy()).isEqualTo(StreamPolicy.DEFAULT);
            assertThat(sink.requestedStreamPolicy()).isNull();
            assertThat(sink.streamPolicy()).isEqualTo(StreamPolicy.DEFAULT);
        }

        @Test
        void minSegmentsAloneAsksForFixedSegments() {
            assertPolicy(o -> o.put("stream.scaling.min-segments", "3"), StreamPolicy.fixed(3));
        }

        @Test
        void fixedIsAccepted() {
            assertPolicy(o -> o.put("stream.scaling.policy", "fixed"), StreamPolicy.fixed(1));
        }

        @Test
        void byEventRateIsAcceptedWithDefaultScaleFactor() {
            assertPolicy(
                    o -> {
                        o.put("stream.scaling.policy", "by-event-rate");
                        o.put("stream.scaling.target-rate", "100");
                    },
                    StreamPolicy.byEventRate(100, 2, 1));
        }

        @Test
        void byDataRateIsAcceptedWithEverySetting() {
            assertPolicy(
                    o -> {
                        o.put("stream.scaling.policy", "by-data-rate");
                        o.put("stream.scaling.target-rate", "2048");
                        o.put("stream.scaling.scale-factor", "3");
                        o.put("stream.scaling.min-segments", "2");
                    },
                    StreamPolicy.byDataRate(2048, 3, 2));
        }

        @Test
        void scaleFactorIsAccepted() {
            assertPolicy(
                    o -> {
                        o.put("stream.scaling.policy", "by-event-rate");
                        o.put("stream.scaling.target-rate", "10");
                        o.put("stream.scaling.scale-factor", "4");
                    },
                    StreamPolicy.byEventRate(10, 4, 1));
        }

        @Test
        void retentionNoneIsAccepted() {
            assertPolicy(o -> o.put("stream.retention.policy", "none"), StreamPolicy.DEFAULT);
        }

        @Test
        void retentionTimeIsAccepted() {
            assertPolicy(
                    o -> {
                        o.put("stream.retention.policy", "time");
                        o.put("stream.retention.time", "7 d");
                    },
                    StreamPolicy.DEFAULT.withRetentionTime(Duration.ofDays(7)));
        }

        @Test
        void retentionSizeIsAccepted() {
            assertPolicy(
                    o -> {
                        o.put("stream.retention.policy", "size");
                        o.put("stream.retention.size", "10 gb");
                    },
                    StreamPolicy.DEFAULT.withRetentionSize(MemorySize.parse("10 gb")));
        }

        @Test
        void scalingAndRetentionTogether() {
            assertPolicy(
                    o -> {
                        o.put("stream.scaling.policy", "by-event-rate");
                        o.put("stream.scaling.target-rate", "50");
                        o.put("stream.retention.policy", "time");
                        o.put("stream.retention.time", "1 h");
                    },
                    StreamPolicy.byEventRate(50, 2, 1).withRetentionTime(Duration.ofHours(1)));
        }

        @Test
        void oldBuilderCallIsAFixedPolicy() {
            PravegaSinkConfig.Builder builder =
                    PravegaSinkConfig.builder()
                            .connection(
                                    ConnectionOptionsValidator.pravegaConfig(config(sinkOptions())))
                            .stream("results");

            assertThat(builder.createStreamIfMissing(true, 5).build().requestedStreamPolicy())
                    .isEqualTo(StreamPolicy.fixed(5));
            assertThat(builder.createStreamIfMissing(true, 5).build().minSegments()).isEqualTo(5);
        }

        /** Source, sink and the validators called directly all read the same policy. */
        private void assertPolicy(Consumer<Map<String, String>> change, StreamPolicy expected) {
            assertThat(runtimeSource(sourceOptions(change)).config().requestedStreamPolicy())
                    .isEqualTo(expected);
            assertThat(runtimeSink(sinkOptions(change)).config().requestedStreamPolicy())
                    .isEqualTo(expected);
            assertThat(StreamCreationOptions.requestedPolicy(config(sourceOptions(change))))
                    .isEqualTo(expected);
            assertThat(runtimeSink(sinkOptions(change)).config().streamPolicy())
                    .isEqualTo(expected);
        }
    }

    // ==================================================================== bad values

    @Nested
    class Refused {

        @Test
        void unknownScalingPolicyListsTheValidValues() {
            assertEnumRefused(
                    "stream.scaling.policy",
                    "auto",
                    "Invalid value for option 'stream.scaling.policy'. Valid values: 'fixed',"
                            + " 'by-event-rate', 'by-data-rate'.",
                    "fixed",
                    "by-event-rate",
                    "by-data-rate");
        }

        @Test
        void unknownRetentionPolicyListsTheValidValues() {
            assertEnumRefused(
                    "stream.retention.policy",
                    "forever",
                    "Invalid value for option 'stream.retention.policy'. Valid values: 'none',"
                            + " 'time', 'size'.",
                    "none",
                    "time",
                    "size");
        }

        /**
         * Through the factory, Flink's own check words the failure and lists the values in its
         * cause; the validator called directly (as the catalog does) lists them itself.
         */
        private void assertEnumRefused(
                String key, String value, String validatorMessage, String... valid) {
            Map<String, String> source = sourceOptions(o -> o.put(key, value));
            Map<String, String> sink = sinkOptions(o -> o.put(key, value));
            for (Throwable thrown :
                    new Throwable[] {
                        catchThrowable(() -> createSource(source)),
                        catchThrowable(() -> createSink(sink))
                    }) {
                assertValidationFailure(thrown)
                        .hasMessageContaining("Invalid value for option '" + key + "'");
                assertChainMentions(thrown, valid);
            }
            assertThat(catchThrowable(() -> StreamCreationOptions.policy(config(sink))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(validatorMessage);
        }

        @Test
        void byEventRateWithoutTargetRate() {
            assertRefused(
                    o -> o.put("stream.scaling.policy", "by-event-rate"),
                    "'stream.scaling.policy' = 'by-event-rate' needs option"
                            + " 'stream.scaling.target-rate': events per second per segment, a"
                            + " whole number of at least 1.");
        }

        @Test
        void byDataRateWithoutTargetRate() {
            assertRefused(
                    o -> o.put("stream.scaling.policy", "by-data-rate"),
                    "'stream.scaling.policy' = 'by-data-rate' needs option"
                            + " 'stream.scaling.target-rate': KiB per second per segment, a"
                            + " whole number of at least 1.");
        }

        @Test
        void targetRateWithFixed() {
            String message =
                    "Option 'stream.scaling.target-rate' is only used with"
                            + " 'stream.scaling.policy' = 'by-event-rate' or 'by-data-rate'; set"
                            + " such a policy or remove the option.";
            assertRefused(o -> o.put("stream.scaling.target-rate", "100"), message);
            assertRefused(
                    o -> {
                        o.put("stream.scaling.policy", "fixed");
                        o.put("stream.scaling.target-rate", "100");
                    },
                    message);
        }

        @Test
        void scaleFactorWithFixed() {
            assertRefused(
                    o -> o.put("stream.scaling.scale-factor", "2"),
                    "Option 'stream.scaling.scale-factor' is only used with"
                            + " 'stream.scaling.policy' = 'by-event-rate' or 'by-data-rate'; set"
                            + " such a policy or remove the option.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-5"})
        void nonPositiveTargetRate(String value) {
            assertRefused(
                    byEventRate(value),
                    "Invalid value '"
                            + value
                            + "' for option 'stream.scaling.target-rate': it must be at least 1"
                            + " (events per second per segment).");
        }

        @Test
        void unparsableTargetRate() {
            assertRefusedMentioning(
                    byEventRate("fast"), "Invalid value for option 'stream.scaling.target-rate'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "0", "-2"})
        void scaleFactorBelowTwo(String value) {
            assertRefused(
                    byEventRate("100").andThen(o -> o.put("stream.scaling.scale-factor", value)),
                    "Invalid value '"
                            + value
                            + "' for option 'stream.scaling.scale-factor': it must be at least 2:"
                            + " a split divides one segment into this many.");
        }

        @Test
        void unparsableScaleFactor() {
            assertRefusedMentioning(
                    byEventRate("100").andThen(o -> o.put("stream.scaling.scale-factor", "two")),
                    "Invalid value for option 'stream.scaling.scale-factor'");
        }

        @Test
        void minSegmentsBelowOneWithARatePolicy() {
            assertRefused(
                    byEventRate("100").andThen(o -> o.put("stream.scaling.min-segments", "0")),
                    "Invalid value '0' for option 'stream.scaling.min-segments': it must be at"
                            + " least 1.");
        }

        @Test
        void retentionTimeWithoutPolicyTime() {
            String message =
                    "Option 'stream.retention.time' is only used with"
                            + " 'stream.retention.policy' = 'time'; set such a policy or remove"
                            + " the option.";
            assertRefused(o -> o.put("stream.retention.time", "7 d"), message);
            assertRefused(
                    o -> {
                        o.put("stream.retention.policy", "size");
                        o.put("stream.retention.size", "1 gb");
                        o.put("stream.retention.time", "7 d");
                    },
                    message);
        }

        @Test
        void retentionSizeWithoutPolicySize() {
            String message =
                    "Option 'stream.retention.size' is only used with"
                            + " 'stream.retention.policy' = 'size'; set such a policy or remove"
                            + " the option.";
            assertRefused(o -> o.put("stream.retention.size", "1 gb"), message);
            assertRefused(
                    o -> {
                        o.put("stream.retention.policy", "time");
                        o.put("stream.retention.time", "7 d");
                        o.put("stream.retention.size", "1 gb");
                    },
                    message);
        }

        @Test
        void policyTimeWithoutRetentionTime() {
            assertRefused(
                    o -> o.put("stream.retention.policy", "time"),
                    "'stream.retention.policy' = 'time' needs option 'stream.retention.time':"
                            + " how long events are kept, e.g. '7 d'.");
        }

        @Test
        void policySizeWithoutRetentionSize() {
            assertRefused(
                    o -> o.put("stream.retention.policy", "size"),
                    "'stream.retention.policy' = 'size' needs option 'stream.retention.size':"
                            + " how much the stream keeps, e.g. '10 gb'.");
        }

        @Test
        void nonPositiveRetentionTime() {
            assertRefused(
                    retention("time", "stream.retention.time", "0 s"),
                    "Invalid value 'PT0S' for option 'stream.retention.time': it must be a"
                            + " positive duration.");
        }

        @Test
        void unparsableRetentionTime() {
            assertRefusedMentioning(
                    retention("time", "stream.retention.time", "a week"),
                    "Invalid value for option 'stream.retention.time'");
        }

        @Test
        void zeroRetentionSize() {
            assertRefused(
                    retention("size", "stream.retention.size", "0 b"),
                    "Invalid value '0 bytes' for option 'stream.retention.size': it must be at"
                            + " least '1 b'.");
        }

        @Test
        void unparsableRetentionSize() {
            assertRefusedMentioning(
                    retention("size", "stream.retention.size", "huge"),
                    "Invalid value for option 'stream.retention.size'");
        }

        @Test
        void unparsableValueWithFixedIsStillNamedByTheValidator() {
            // The catalog calls the validator without Flink's own type check first.
            Throwable thrown =
                    catchThrowable(
                            () ->
                                    StreamCreationOptions.requestedPolicy(
                                            config(
                                                    sourceOptions(
                                                            o ->
                                                                    o.put(
                                                                            "stream.scaling.target-rate",
                                                                            "fast")))));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("'stream.scaling.target-rate' is only used with");
        }

        private Consumer<Map<String, String>> byEventRate(String targetRate) {
            return o -> {
                o.put("stream.scaling.policy", "by-event-rate");
                o.put("stream.scaling.target-rate", targetRate);
            };
        }

        private Consumer<Map<String, String>> retention(String policy, String key, String value) {
            return o -> {
                o.put("stream.retention.policy", policy);
                o.put(key, value);
            };
        }

        /**
         * Source and sink fail with exactly {@code message}, and so does the validator called as
         * the catalog calls it.
         */
        private void assertRefused(Consumer<Map<String, String>> change, String message) {
            assertSourceFails(sourceOptions(change)).hasMessage(message);
            assertSinkFails(sinkOptions(change)).hasMessage(message);
            assertThat(
                            catchThrowable(
                                    () ->
                                            StreamCreationOptions.requestedPolicy(
                                                    config(sinkOptions(change)))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(message);
        }

        /** Unparsable values: Flink's factory words them first; the validator names the key. */
        private void assertRefusedMentioning(Consumer<Map<String, String>> change, String text) {
            assertSourceFails(sourceOptions(change)).hasMessageContaining(text);
            assertSinkFails(sinkOptions(change)).hasMessageContaining(text);
            assertThat(
                            catchThrowable(
                                    () ->
                                            StreamCreationOptions.requestedPolicy(
                                                    config(sinkOptions(change)))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining(text);
        }
    }
}
