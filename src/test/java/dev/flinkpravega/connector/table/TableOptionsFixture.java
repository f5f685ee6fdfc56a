package dev.flinkpravega.connector.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flinkpravega.connector.config.StreamPolicy;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.sink.PravegaSink;
import dev.flinkpravega.connector.source.PravegaSource;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.StreamCutImpl;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.utils.FactoryMocks;
import org.apache.flink.table.runtime.connector.sink.SinkRuntimeProviderContext;
import org.apache.flink.table.runtime.connector.source.ScanRuntimeProviderContext;
import org.apache.flink.table.types.DataType;
import org.apache.flink.util.ExceptionUtils;
import org.assertj.core.api.AbstractThrowableAssert;

/**
 * Schemas, option maps and helpers shared by the unit tests of {@link PravegaDynamicTableFactory}
 * and of the option validators: tables are created through {@link FactoryMocks} with Flink's test
 * format, without a Pravega server or network.
 */
final class TableOptionsFixture {

    private TableOptionsFixture() {}

    static final ResolvedSchema SCHEMA =
            ResolvedSchema.of(
                    Column.physical("id", DataTypes.BIGINT()),
                    Column.physical("name", DataTypes.STRING()),
                    Column.physical("region", DataTypes.STRING()));

    /** Same physical columns plus a writable 'routing-key' metadata column. */
    static final ResolvedSchema SCHEMA_WITH_ROUTING_KEY =
            ResolvedSchema.of(
                    Column.physical("id", DataTypes.BIGINT()),
                    Column.physical("name", DataTypes.STRING()),
                    Column.physical("region", DataTypes.STRING()),
                    Column.metadata("rk", DataTypes.STRING(), "routing-key", false));

    static final DataType PHYSICAL = SCHEMA.toPhysicalRowDataType();

    static final String SCOPE = "analytics";
    static final String PASSWORD = "s3cr3t-Pa55w0rd-e1a9";
    static final String TOKEN = "t0k3n-4f1b2c7d9e";

    static final String CUT_EVENTS_START = cut(SCOPE, "events", 10L);
    static final String CUT_EVENTS_END = cut(SCOPE, "events", 100L);
    static final String CUT_CLICKS_START = cut("other", "clicks", 20L);
    static final String CUT_CLICKS_END = cut("other", "clicks", 200L);

    /** The stream policy of {@link #fullOptions()}. */
    static final StreamPolicy FULL_POLICY =
            StreamPolicy.byDataRate(512, 3, 4).withRetentionSize(MemorySize.parse("10 gb"));

    static final StreamRef EVENTS = StreamRef.of(SCOPE, "events");
    static final StreamRef CLICKS = StreamRef.of("other", "clicks");

    /** A valid base64 stream cut of one segment, built offline. */
    static String cut(String scope, String stream, long offset) {
        return new StreamCutImpl(
                        Stream.of(scope, stream), Map.of(new Segment(scope, stream, 0L), offset))
                .asText();
    }

    /** The options every table needs. */
    static Map<String, String> baseOptions() {
        Map<String, String> options = new HashMap<>();
        options.put("connector", "pravega");
        options.put("controller-uri", "tcp://localhost:9090");
        options.put("scope", SCOPE);
        options.put("format", "test-format");
        options.put("test-format.delimiter", ",");
        return options;
    }

    static Map<String, String> sourceOptions() {
        Map<String, String> options = baseOptions();
        options.put("scan.streams", "events");
        return options;
    }

    static Map<String, String> sinkOptions() {
        Map<String, String> options = baseOptions();
        options.put("sink.stream", "results");
        return options;
    }

    static Map<String, String> sourceOptions(Consumer<Map<String, String>> change) {
        Map<String, String> options = sourceOptions();
        change.accept(options);
        return options;
    }

    static Map<String, String> sinkOptions(Consumer<Map<String, String>> change) {
        Map<String, String> options = sinkOptions();
        change.accept(options);
        return options;
    }

    /** A table with every option set to a non-default value, readable and writable. */
    static Map<String, String> fullOptions() {
        Map<String, String> options = new HashMap<>();
        options.put("connector", "pravega");
        options.put("controller-uri", "tls://controller.example.com:9443");
        options.put("scope", SCOPE);
        options.put("controller.timeout", "45 s");
        options.put("scan.streams", "events;other/clicks");
        options.put("scan.startup.mode", "stream-cut");
        options.put("scan.startup.stream-cuts", CUT_EVENTS_START + ";" + CUT_CLICKS_START);
        options.put("scan.bounded.mode", "stream-cut");
        options.put("scan.bounded.stream-cuts", CUT_EVENTS_END + ";" + CUT_CLICKS_END);
        options.put("scan.reader-group.name", "my-group.1");
        options.put("scan.reader-group.refresh-interval", "5 s");
        options.put("scan.event-read.timeout", "250 ms");
        options.put("scan.checkpoint.timeout", "7 s");
        options.put("scan.parallelism", "3");
        options.put("sink.stream", "other/results");
        options.put("sink.delivery-guarantee", "none");
        options.put("sink.routing-key.fields", "name;region");
        options.put("sink.batch.size", "1 mb");
        options.put("sink.batch.linger", "20 ms");
        options.put("sink.parallelism", "2");
        options.put("stream.create-if-missing", "true");
        options.put("stream.scaling.min-segments", "4");
        options.put("stream.scaling.policy", "by-data-rate");
        options.put("stream.scaling.target-rate", "512");
        options.put("stream.scaling.scale-factor", "3");
        options.put("stream.retention.policy", "size");
        options.put("stream.retention.size", "10 gb");
        options.put("security.username", "alice");
        options.put("security.password", PASSWORD);
        options.put("security.trust-store", "/etc/pravega/ca.pem");
        options.put("security.validate-hostname", "false");
        options.put("format", "test-format");
        options.put("test-format.delimiter", "|");
        options.put("test-format.fail-on-missing", "true");
        return options;
    }

    static PravegaDynamicSource createSource(Map<String, String> options) {
        return createSource(SCHEMA, options);
    }

    static PravegaDynamicSource createSource(ResolvedSchema schema, Map<String, String> options) {
        DynamicTableSource source = FactoryMocks.createTableSource(schema, options);
        assertThat(source).isInstanceOf(PravegaDynamicSource.class);
        return (PravegaDynamicSource) source;
    }

    static PravegaDynamicSink createSink(Map<String, String> options) {
        return createSink(SCHEMA, options);
    }

    static PravegaDynamicSink createSink(ResolvedSchema schema, Map<String, String> options) {
        DynamicTableSink sink = FactoryMocks.createTableSink(schema, options);
        assertThat(sink).isInstanceOf(PravegaDynamicSink.class);
        return (PravegaDynamicSink) sink;
    }

    static SourceProvider sourceProvider(PravegaDynamicSource source) {
        ScanTableSource.ScanRuntimeProvider provider =
                source.getScanRuntimeProvider(ScanRuntimeProviderContext.INSTANCE);
        assertThat(provider).isInstanceOf(SourceProvider.class);
        return (SourceProvider) provider;
    }

    /** The runtime source the table creates, with the settings the options gave. */
    @SuppressWarnings("unchecked")
    static PravegaSource<RowData> runtimeSource(Map<String, String> options) {
        return (PravegaSource<RowData>) sourceProvider(createSource(options)).createSource();
    }

    static SinkV2Provider sinkProvider(PravegaDynamicSink sink) {
        DynamicTableSink.SinkRuntimeProvider provider =
                sink.getSinkRuntimeProvider(new SinkRuntimeProviderContext(false));
        assertThat(provider).isInstanceOf(SinkV2Provider.class);
        return (SinkV2Provider) provider;
    }

    /** The runtime sink the table creates, with the settings the options gave. */
    @SuppressWarnings("unchecked")
    static PravegaSink<RowData> runtimeSink(PravegaDynamicSink sink) {
        return (PravegaSink<RowData>) sinkProvider(sink).createSink();
    }

    static PravegaSink<RowData> runtimeSink(Map<String, String> options) {
        return runtimeSink(createSink(options));
    }

    /**
     * Creating a source with these options fails with a {@link ValidationException}; returns an
     * assertion on the innermost {@link ValidationException} of the cause chain (Flink wraps the
     * factory's exception into "Unable to create a source for reading table ...").
     */
    static AbstractThrowableAssert<?, ? extends Throwable> assertSourceFails(
            Map<String, String> options) {
        return assertValidationFailure(catchThrowable(() -> createSource(options)));
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertSinkFails(
            Map<String, String> options) {
        return assertValidationFailure(catchThrowable(() -> createSink(options)));
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertValidationFailure(
            Throwable thrown) {
        assertThat(thrown).isInstanceOf(ValidationException.class);
        ValidationException innermost = null;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ValidationException) {
                innermost = (ValidationException) t;
            }
        }
        return assertThat(innermost);
    }

    /** Every fragment appears in the message of some exception of the cause chain. */
    static void assertChainMentions(Throwable thrown, String... fragments) {
        assertThat(thrown).isNotNull();
        for (String fragment : fragments) {
            assertThat(ExceptionUtils.findThrowableWithMessage(thrown, fragment))
                    .as("an exception in the chain mentions \"%s\"", fragment)
                    .isPresent();
        }
    }

    /** All messages of the cause chain, joined. */
    static String allMessages(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    /** The options as the validators see them when called directly (as the catalog does). */
    static Configuration config(Map<String, String> options) {
        return Configuration.fromMap(options);
    }
}
