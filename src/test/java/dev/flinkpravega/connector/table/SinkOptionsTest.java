package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.TableOptionsFixture.FULL_POLICY;
import static dev.flinkpravega.connector.table.TableOptionsFixture.PHYSICAL;
import static dev.flinkpravega.connector.table.TableOptionsFixture.SCHEMA_WITH_ROUTING_KEY;
import static dev.flinkpravega.connector.table.TableOptionsFixture.SCOPE;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertChainMentions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertSinkFails;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertValidationFailure;
import static dev.flinkpravega.connector.table.TableOptionsFixture.config;
import static dev.flinkpravega.connector.table.TableOptionsFixture.createSink;
import static dev.flinkpravega.connector.table.TableOptionsFixture.createSource;
import static dev.flinkpravega.connector.table.TableOptionsFixture.fullOptions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.runtimeSink;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sinkOptions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sourceOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.sink.OnLostTransaction;
import dev.flinkpravega.connector.sink.PravegaSink;
import dev.flinkpravega.connector.sink.PravegaSinkConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.TestFormatFactory.EncodingFormatMock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sink options ({@code sink.*} and stream creation) as the table factory and {@link
 * SinkOptionsValidator} check them; no Pravega server, no network.
 */
class SinkOptionsTest {

    // ==================================================================== sink options

    @Nested
    class SinkStream {

        @Test
        void unqualifiedStreamIsAccepted() {
            assertThat(
                            runtimeSink(sinkOptions(o -> o.put("sink.stream", " results ")))
                                    .config()
                                    .stream())
                    .isEqualTo(StreamRef.of(SCOPE, "results"));
        }

        @Test
        void qualifiedStreamIsAccepted() {
            assertThat(
                            runtimeSink(sinkOptions(o -> o.put("sink.stream", "other/results")))
                                    .config()
                                    .stream())
                    .isEqualTo(StreamRef.of("other", "results"));
        }

        @Test
        void missingStreamIsRejectedWhenWriting() {
            assertSinkFails(sinkOptions(o -> o.remove("sink.stream")))
                    .hasMessage(
                            "Option 'sink.stream' is required to write to this table: the stream"
                                    + " to write, 'stream' or 'scope/stream'.");
        }

        @Test
        void missingStreamIsFineWhenOnlyReading() {
            assertThat(createSource(sourceOptions())).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"re_sults", "a/b/c", "other/", "", "my scope/results"})
        void invalidStreamIsRejected(String stream) {
            assertSinkFails(sinkOptions(o -> o.put("sink.stream", stream)))
                    .hasMessageContaining(
                            "Invalid value '" + stream + "' for option 'sink.stream'");
        }
    }

    @Nested
    class SinkDeliveryGuarantee {

        @ParameterizedTest
        @ValueSource(strings = {"at-least-once", "none", "NONE", "exactly-once"})
        void supportedGuaranteeIsAccepted(String value) {
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("sink.delivery-guarantee", value)));

            assertThat(sink.config().deliveryGuarantee().toString()).isEqualToIgnoringCase(value);
        }

        @Test
        void transactionTimeoutIsParsed() {
            PravegaSink<RowData> sink =
                    runtimeSink(
                            sinkOptions(
                                    o -> {
                                        o.put("sink.delivery-guarantee", "exactly-once");
                                        o.put("sink.transaction-timeout", "2 min");
                                    }));

            assertThat(sink.config().transactionTimeout()).isEqualTo(Duration.ofMinutes(2));
        }

        @Test
        void transactionTimeoutDefaultsToTheControllersMaximum() {
            assertThat(runtimeSink(sinkOptions(o -> {})).config().transactionTimeout())
                    .isEqualTo(Duration.ofMillis(599_999));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0 ms", "9999 ms"})
        void transactionTimeoutBelowPravegasShortestLeaseIsRejected(String value) {
            assertSinkFails(
                            sinkOptions(
                                    o -> {
                                        o.put("sink.delivery-guarantee", "exactly-once");
                                        o.put("sink.transaction-timeout", value);
                                    }))
                    .hasMessageContaining("for option 'sink.transaction-timeout': it must be at")
                    .hasMessageContaining("least '10 s', the shortest lease Pravega grants.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"none", "at-least-once"})
        void transactionOptionsWithoutExactlyOnceAreRejected(String guarantee) {
            for (String[] option :
                    new String[][] {
                        {"sink.transaction-timeout", "2 min"}, {"sink.on-lost-transaction", "fail"}
                    }) {
                assertSinkFails(
                                sinkOptions(
                                        o -> {
                                            o.put("sink.delivery-guarantee", guarantee);
                                            o.put(option[0], option[1]);
                                        }))
                        .hasMessage(
                                "Option '"
                                        + option[0]
                                        + "' applies only with 'sink.delivery-guarantee' ="
                                        + " 'exactly-once' (Pravega transactions), not with '"
                                        + guarantee
                                        + "'. Remove the option or use 'exactly-once'.");
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"continue", "fail"})
        void onLostTransactionIsParsed(String value) {
            PravegaSink<RowData> sink =
                    runtimeSink(
                            sinkOptions(
                                    o -> {
                                        o.put("sink.delivery-guarantee", "exactly-once");
                                        o.put("sink.on-lost-transaction", value);
                                    }));

            assertThat(sink.config().onLostTransaction().toString()).isEqualTo(value);
        }

        @Test
        void onLostTransactionDefaultsToContinue() {
            assertThat(
                            runtimeSink(
                                            sinkOptions(
                                                    o ->
                                                            o.put(
                                                                    "sink.delivery-guarantee",
                                                                    "exactly-once")))
                                    .config()
                                    .onLostTransaction())
                    .isEqualTo(OnLostTransaction.CONTINUE);
        }

        @Test
        void unknownOnLostTransactionIsRejectedListingTheValidValues() {
            Map<String, String> options =
                    sinkOptions(
                            o -> {
                                o.put("sink.delivery-guarantee", "exactly-once");
                                o.put("sink.on-lost-transaction", "ignore");
                            });
            Throwable thrown = catchThrowable(() -> createSink(options));

            assertValidationFailure(thrown)
                    .hasMessageContaining("Invalid value for option 'sink.on-lost-transaction'");
            assertChainMentions(thrown, "continue", "fail");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ages", "-1 min"})
        void unparsableTransactionTimeoutIsRejected(String value) {
            assertSinkFails(
                            sinkOptions(
                                    o -> {
                                        o.put("sink.delivery-guarantee", "exactly-once");
                                        o.put("sink.transaction-timeout", value);
                                    }))
                    .hasMessageContaining("Invalid value for option 'sink.transaction-timeout'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"sometimes", "at_least_once", "exactly_once"})
        void invalidGuaranteeIsRejectedListingTheValidOnes(String value) {
            Map<String, String> options = sinkOptions(o -> o.put("sink.delivery-guarantee", value));
            Throwable thrown = catchThrowable(() -> createSink(options));

            assertValidationFailure(thrown)
                    .hasMessageContaining("Invalid value for option 'sink.delivery-guarantee'");
            assertChainMentions(thrown, "at-least-once", "none");
        }
    }

    @Nested
    class SinkBatching {

        @Test
        void defaultsBatchUpTo64KiBFor5Ms() {
            PravegaSink<RowData> sink = runtimeSink(sinkOptions(o -> {}));

            assertThat(sink.config().batchSize()).isEqualTo(MemorySize.parse("64 kb"));
            assertThat(sink.config().batchLinger()).isEqualTo(Duration.ofMillis(5));
        }

        @ParameterizedTest
        @CsvSource({"1 b, 1", "16 kb, 16384", "8 mb, 8388608"})
        void sizeIsParsed(String value, long bytes) {
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("sink.batch.size", value)));

            assertThat(sink.config().batchSize().getBytes()).isEqualTo(bytes);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0 b", "9 mb", "1 gb"})
        void sizeOutsideOneByteTo8MiBIsRejected(String value) {
            assertSinkFails(sinkOptions(o -> o.put("sink.batch.size", value)))
                    .hasMessageContaining("for option 'sink.batch.size'")
                    .hasMessageContaining("between '1 b' and '8 mb'");
        }

        @Test
        void sizeThatIsNoSizeIsRejected() {
            Throwable thrown =
                    catchThrowable(
                            () -> createSink(sinkOptions(o -> o.put("sink.batch.size", "big"))));

            assertValidationFailure(thrown).hasMessageContaining("'sink.batch.size'");
            assertChainMentions(thrown, "big");
        }

        @ParameterizedTest
        @CsvSource({"0 ms, 0", "1 ms, 1", "2 s, 2000"})
        void lingerIsParsed(String value, long millis) {
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("sink.batch.linger", value)));

            assertThat(sink.config().batchLinger()).isEqualTo(Duration.ofMillis(millis));
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1 ms", "soon"})
        void negativeOrUnreadableLingerIsRejected(String value) {
            assertSinkFails(sinkOptions(o -> o.put("sink.batch.linger", value)))
                    .hasMessageContaining("'sink.batch.linger'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"sink.batch.size", "sink.batch.linger"})
        void batchingWithExactlyOnceIsRejected(String key) {
            assertSinkFails(
                            sinkOptions(
                                    o -> {
                                        o.put("sink.delivery-guarantee", "exactly-once");
                                        o.put(key, key.endsWith("size") ? "1 mb" : "10 ms");
                                    }))
                    .hasMessageContaining("Option '" + key + "' applies only with")
                    .hasMessageContaining("'none' or 'at-least-once'");
        }

        @Test
        void exactlyOnceWithoutBatchingOptionsIsAccepted() {
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("sink.delivery-guarantee", "exactly-once")));

            assertThat(sink.config().deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        }
    }

    @Nested
    class RoutingKey {

        @Test
        void physicalColumnsAreAccepted() {
            PravegaDynamicSink sink =
                    createSink(sinkOptions(o -> o.put("sink.routing-key.fields", "region;id")));

            assertThat(sink)
                    .isEqualTo(
                            new PravegaDynamicSink(
                                    PravegaSinkConfig.builder()
                                            .connection(
                                                    PravegaConfig.builder()
                                                            .controllerUri("tcp://localhost:9090")
                                                            .defaultScope(SCOPE)
                                                            .controllerTimeout(
                                                                    Duration.ofSeconds(30))
                                                            .build())
                                            .stream(StreamRef.of(SCOPE, "results"))
                                            .deliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                            .transactionTimeout(Duration.ofMillis(599_999))
                                            .batching(
                                                    MemorySize.parse("64 kb"), Duration.ofMillis(5))
                                            .build(),
                                    List.of("region", "id"),
                                    new EncodingFormatMock(","),
                                    PHYSICAL,
                                    null));
            assertThat(runtimeSink(sink).eventRouter()).isNotNull();
        }

        @Test
        void unknownColumnIsRejected() {
            assertSinkFails(sinkOptions(o -> o.put("sink.routing-key.fields", "region;country")))
                    .hasMessage(
                            "Invalid value 'region;country' for option 'sink.routing-key.fields':"
                                    + " 'country' is not a physical column; valid columns: 'id',"
                                    + " 'name', 'region'.");
        }

        @Test
        void columnNamesAreCaseSensitive() {
            assertSinkFails(sinkOptions(o -> o.put("sink.routing-key.fields", "Region")))
                    .hasMessageContaining("'Region' is not a physical column");
        }

        @Test
        void metadataColumnIsNotAPhysicalColumn() {
            Map<String, String> options = sinkOptions(o -> o.put("sink.routing-key.fields", "rk"));

            assertValidationFailure(
                            catchThrowable(() -> createSink(SCHEMA_WITH_ROUTING_KEY, options)))
                    .hasMessageContaining("'rk' is not a physical column");
        }

        @Test
        void routingKeyMetadataColumnAloneIsAccepted() {
            PravegaDynamicSink sink = createSink(SCHEMA_WITH_ROUTING_KEY, sinkOptions());

            assertThat(sink.listWritableMetadata()).containsOnlyKeys("routing-key");
            sink.applyWritableMetadata(
                    List.of("routing-key"), SCHEMA_WITH_ROUTING_KEY.toSinkRowDataType());
            assertThat(runtimeSink(sink).eventRouter()).isNotNull();
        }

        @Test
        void routingKeyMetadataColumnTogetherWithFieldsIsRejected() {
            PravegaDynamicSink sink =
                    createSink(
                            SCHEMA_WITH_ROUTING_KEY,
                            sinkOptions(o -> o.put("sink.routing-key.fields", "name")));

            Throwable thrown =
                    catchThrowable(
                            () ->
                                    sink.applyWritableMetadata(
                                            List.of("routing-key"),
                                            SCHEMA_WITH_ROUTING_KEY.toSinkRowDataType()));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "The table has a 'routing-key' metadata column and option"
                                    + " 'sink.routing-key.fields'; use one of them to choose the"
                                    + " routing key.");
        }

        @Test
        void fieldsWithoutMetadataColumnAreAccepted() {
            PravegaDynamicSink sink =
                    createSink(sinkOptions(o -> o.put("sink.routing-key.fields", "name")));

            sink.applyWritableMetadata(List.of(), PHYSICAL);

            assertThat(runtimeSink(sink).eventRouter()).isNotNull();
        }
    }

    // ==================================================================== stream options

    /** The {@code stream.*} options as the sink sees them; the source's are in ScanOptionsTest. */
    @Nested
    class StreamCreation {

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "stream.create-if-missing|maybe|'true' or 'false'",
                    "stream.scaling.min-segments|two|a whole number"
                })
        void catalogStyleValidationOfAnUnparsableValueIsAValidationException(
                String key, String value, String expected) {
            // The catalog checks stored options without the factory's own type check.
            Map<String, String> options = sinkOptions(o -> o.put(key, value));

            Throwable thrown =
                    catchThrowable(
                            () ->
                                    SinkOptionsValidator.sinkConfig(
                                            config(options),
                                            ConnectionOptionsValidator.pravegaConfig(
                                                    config(options))));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage("Invalid value for option '" + key + "': use " + expected + ".");
        }

        @Test
        void createIfMissingIsAccepted() {
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("stream.create-if-missing", "TRUE")));

            assertThat(sink.config().createStreamIfMissing()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"yes", "1", "on?"})
        void nonBooleanCreateIfMissingIsRejected(String value) {
            assertSinkFails(sinkOptions(o -> o.put("stream.create-if-missing", value)))
                    .hasMessageContaining("Invalid value for option 'stream.create-if-missing'");
        }

        @Test
        void minSegmentsIsAccepted() {
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("stream.scaling.min-segments", "3")));

            assertThat(sink.config().minSegments()).isEqualTo(3);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1"})
        void nonPositiveMinSegmentsIsRejected(String value) {
            assertSinkFails(sinkOptions(o -> o.put("stream.scaling.min-segments", value)))
                    .hasMessage(
                            "Invalid value '"
                                    + value
                                    + "' for option 'stream.scaling.min-segments': it must be at"
                                    + " least 1.");
        }

        @Test
        void unparsableMinSegmentsIsRejected() {
            assertSinkFails(sinkOptions(o -> o.put("stream.scaling.min-segments", "two")))
                    .hasMessageContaining("Invalid value for option 'stream.scaling.min-segments'");
        }
    }

    // ==================================================================== validator, directly

    /**
     * {@link SinkOptionsValidator} is also called without the factory (the catalog does); then its
     * own messages, not Flink's, report unparsable values.
     */
    @Nested
    class ValidatorDirectly {

        @Test
        void deliveryGuaranteeMessageListsTheValidValuesQuoted() {
            Map<String, String> options =
                    sinkOptions(o -> o.put("sink.delivery-guarantee", "maybe"));

            Throwable thrown = catchThrowable(() -> sinkConfig(options));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Invalid value for option 'sink.delivery-guarantee'")
                    .hasMessageContaining("'at-least-once'")
                    .hasMessageContaining("'none'");
        }

        @Test
        void unparsableBatchSizeNamesTheFormat() {
            Map<String, String> options = sinkOptions(o -> o.put("sink.batch.size", "big"));

            Throwable thrown = catchThrowable(() -> sinkConfig(options));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "Invalid value for option 'sink.batch.size': use a size such as"
                                    + " '64 kb' or '1 mb'.");
        }

        @Test
        void unparsableLingerNamesTheFormat() {
            Map<String, String> options = sinkOptions(o -> o.put("sink.batch.linger", "soon"));

            Throwable thrown = catchThrowable(() -> sinkConfig(options));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "Invalid value for option 'sink.batch.linger': use a duration such as"
                                    + " '30 s' or '500 ms'.");
        }

        @Test
        void validOptionsGiveTheSinkConfig() {
            Map<String, String> options = fullOptions();
            PravegaSinkConfig sink = sinkConfig(options);
            List<String> routingKeyFields =
                    SinkOptionsValidator.routingKeyFields(
                            config(options), List.of("id", "name", "region"));

            assertThat(sink.connection().defaultScope()).isEqualTo(SCOPE);
            assertThat(sink.stream()).isEqualTo(StreamRef.of("other", "results"));
            assertThat(sink.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.NONE);
            assertThat(sink.batchSize()).isEqualTo(MemorySize.parse("1 mb"));
            assertThat(sink.batchLinger()).isEqualTo(Duration.ofMillis(20));
            assertThat(routingKeyFields).containsExactly("name", "region");
            assertThat(sink.createStreamIfMissing()).isTrue();
            assertThat(sink.minSegments()).isEqualTo(4);
            assertThat(sink.requestedStreamPolicy()).isEqualTo(FULL_POLICY);
        }

        @Test
        void minimalOptionsGiveTheDefaults() {
            Map<String, String> options = sinkOptions();
            PravegaSinkConfig sink = sinkConfig(options);

            assertThat(sink.stream()).isEqualTo(StreamRef.of(SCOPE, "results"));
            assertThat(sink.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
            assertThat(sink.transactionTimeout()).isEqualTo(Duration.ofMillis(599_999));
            assertThat(sink.batchSize()).isEqualTo(MemorySize.parse("64 kb"));
            assertThat(sink.batchLinger()).isEqualTo(Duration.ofMillis(5));
            assertThat(sink.createStreamIfMissing()).isFalse();
            assertThat(sink.minSegments()).isEqualTo(1);
            assertThat(sink.requestedStreamPolicy()).isNull();
            assertThat(SinkOptionsValidator.routingKeyFields(config(options), List.of("id")))
                    .isEmpty();
        }

        @Test
        void routingKeyFieldsAreCheckedAgainstTheGivenColumns() {
            Map<String, String> options =
                    sinkOptions(o -> o.put("sink.routing-key.fields", "name"));

            Throwable thrown =
                    catchThrowable(
                            () ->
                                    SinkOptionsValidator.routingKeyFields(
                                            config(options), List.of("id")));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "Invalid value 'name' for option 'sink.routing-key.fields': 'name' is"
                                    + " not a physical column; valid columns: 'id'.");
        }

        private PravegaSinkConfig sinkConfig(Map<String, String> options) {
            return SinkOptionsValidator.sinkConfig(
                    config(options), ConnectionOptionsValidator.pravegaConfig(config(options)));
        }
    }

    @Nested
    class WatermarkPropagationAndMetrics {

        @Test
        void defaultsAreNoPropagationAndMetricsOn() {
            PravegaSinkConfig config = runtimeSink(sinkOptions()).config();
            assertThat(config.watermarkPropagation()).isFalse();
            assertThat(config.pravegaMetrics()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"none", "at-least-once", "exactly-once"})
        void watermarkPropagationWorksWithEveryGuarantee(String guarantee) {
            PravegaSinkConfig config =
                    runtimeSink(
                                    sinkOptions(
                                            o -> {
                                                o.put("sink.watermark-propagation", "true");
                                                o.put("sink.delivery-guarantee", guarantee);
                                            }))
                            .config();
            assertThat(config.watermarkPropagation()).isTrue();
        }

        @Test
        void metricsCanBeTurnedOff() {
            assertThat(
                            runtimeSink(sinkOptions(o -> o.put("sink.pravega-metrics", "false")))
                                    .config()
                                    .pravegaMetrics())
                    .isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"sink.watermark-propagation", "sink.pravega-metrics"})
        void notABooleanIsRejected(String key) {
            Throwable thrown =
                    catchThrowable(() -> createSink(sinkOptions(o -> o.put(key, "yes please"))));
            assertChainMentions(thrown, key, "yes please");
        }
    }
}
