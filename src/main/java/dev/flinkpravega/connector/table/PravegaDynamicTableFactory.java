package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.PravegaConnectorOptions.*;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.sink.PravegaSinkConfig;
import dev.flinkpravega.connector.source.PravegaSourceConfig;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code 'connector' = 'pravega'}: validates the DDL options (see {@link
 * ConnectionOptionsValidator}, {@link ScanOptionsValidator}, {@link SinkOptionsValidator}) and
 * creates the table's source or sink with the format found by factory discovery.
 */
public final class PravegaDynamicTableFactory
        implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    public static final String IDENTIFIER = "pravega";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return new HashSet<>(Arrays.asList(CONTROLLER_URI, SCOPE, FactoryUtil.FORMAT));
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options =
                new HashSet<>(
                        Arrays.asList(
                                CONTROLLER_TIMEOUT,
                                SCAN_STREAMS,
                                SCAN_STARTUP_MODE,
                                SCAN_STARTUP_STREAM_CUTS,
                                SCAN_BOUNDED_MODE,
                                SCAN_BOUNDED_STREAM_CUTS,
                                SCAN_READER_GROUP_NAME,
                                SCAN_READER_GROUP_REFRESH_INTERVAL,
                                SCAN_EVENT_READ_TIMEOUT,
                                SCAN_CHECKPOINT_TIMEOUT,
                                SCAN_CHECKPOINT_TOLERABLE_TIMEOUTS,
                                SCAN_READER_GROUP_MAX_OUTSTANDING_CHECKPOINT_REQUEST,
                                SCAN_PRAVEGA_METRICS,
                                SCAN_PARALLELISM,
                                SINK_STREAM,
                                SINK_DELIVERY_GUARANTEE,
                                SINK_TRANSACTION_TIMEOUT,
                                SINK_ON_LOST_TRANSACTION,
                                SINK_ROUTING_KEY_FIELDS,
                                SINK_BATCH_SIZE,
                                SINK_BATCH_LINGER,
                                SINK_WATERMARK_PROPAGATION,
                                SINK_PRAVEGA_METRICS,
                                SINK_PARALLELISM,
                                STREAM_CREATE_IF_MISSING));
        options.addAll(PravegaConnectorOptions.STREAM_POLICY_OPTIONS);
        options.addAll(SECURITY_OPTIONS);
        options.addAll(LegacyOptions.options());
        return options;
    }

    @Override
    public Set<ConfigOption<?>> forwardOptions() {
        // Options that do not change the plan's shape; a compiled plan may pick up new values.
        Set<ConfigOption<?>> options =
                new HashSet<>(
                        Arrays.asList(
                                CONTROLLER_URI,
                                CONTROLLER_TIMEOUT,
                                SCAN_EVENT_READ_TIMEOUT,
                                SCAN_CHECKPOINT_TIMEOUT,
                                SCAN_CHECKPOINT_TOLERABLE_TIMEOUTS,
                                SCAN_READER_GROUP_REFRESH_INTERVAL));
        options.addAll(SECURITY_OPTIONS);
        return options;
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        DecodingFormat<DeserializationSchema<RowData>> format =
                helper.discoverDecodingFormat(
                        DeserializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validate();
        ReadableConfig options = LegacyOptions.translate(helper.getOptions());
        PravegaConfig connection = ConnectionOptionsValidator.pravegaConfig(options);
        PravegaSourceConfig config = ScanOptionsValidator.sourceConfig(options, connection);
        DataType physical = context.getPhysicalRowDataType();
        return new PravegaDynamicSource(
                config, format, physical, options.getOptional(SCAN_PARALLELISM).orElse(null));
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        EncodingFormat<SerializationSchema<RowData>> format =
                helper.discoverEncodingFormat(SerializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validate();
        ReadableConfig options = LegacyOptions.translate(helper.getOptions());
        PravegaConfig connection = ConnectionOptionsValidator.pravegaConfig(options);
        DataType physical = context.getPhysicalRowDataType();
        PravegaSinkConfig config = SinkOptionsValidator.sinkConfig(options, connection);
        List<String> routingKeyFields =
                SinkOptionsValidator.routingKeyFields(
                        options, ((RowType) physical.getLogicalType()).getFieldNames());
        return new PravegaDynamicSink(
                config,
                routingKeyFields,
                format,
                physical,
                options.getOptional(SINK_PARALLELISM).orElse(null));
    }
}
