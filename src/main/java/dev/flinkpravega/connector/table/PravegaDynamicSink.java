package dev.flinkpravega.connector.table;

import dev.flinkpravega.connector.sink.PravegaEventRouter;
import dev.flinkpravega.connector.sink.PravegaSink;
import dev.flinkpravega.connector.sink.PravegaSinkConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.sink.abilities.SupportsWritingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/** The write side of a Pravega table: a {@link PravegaSink} of {@link RowData}. */
public final class PravegaDynamicSink implements DynamicTableSink, SupportsWritingMetadata {

    /** Writable metadata: the routing key of each row. */
    static final String ROUTING_KEY_METADATA = "routing-key";

    private final PravegaSinkConfig config;

    /** Columns whose values form the routing key ('sink.routing-key.fields'); may be empty. */
    private final List<String> routingKeyFields;

    private final EncodingFormat<SerializationSchema<RowData>> encodingFormat;
    private final DataType physicalDataType;
    @Nullable private final Integer parallelism;
    private List<String> metadataKeys = Collections.emptyList();

    public PravegaDynamicSink(
            PravegaSinkConfig config,
            List<String> routingKeyFields,
            EncodingFormat<SerializationSchema<RowData>> encodingFormat,
            DataType physicalDataType,
            @Nullable Integer parallelism) {
        this.config = config;
        this.routingKeyFields = Collections.unmodifiableList(new ArrayList<>(routingKeyFields));
        this.encodingFormat = encodingFormat;
        this.physicalDataType = physicalDataType;
        this.parallelism = parallelism;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return encodingFormat.getChangelogMode();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        SerializationSchema<RowData> valueFormat =
                encodingFormat.createRuntimeEncoder(context, physicalDataType);
        RowType physicalType = (RowType) physicalDataType.getLogicalType();
        int physicalArity = physicalType.getFieldCount();
        SerializationSchema<RowData> serializer =
                metadataKeys.isEmpty()
                        ? valueFormat
                        : new PhysicalRowSerializationSchema(valueFormat, physicalArity);
        PravegaEventRouter<RowData> router = null;
        if (metadataKeys.contains(ROUTING_KEY_METADATA)) {
            router =
                    RowDataRoutingKey.fromMetadataColumn(
                            physicalArity + metadataKeys.indexOf(ROUTING_KEY_METADATA));
        } else if (!routingKeyFields.isEmpty()) {
            List<Integer> positions = new ArrayList<>();
            List<LogicalType> types = new ArrayList<>();
            for (String field : routingKeyFields) {
                int position = physicalType.getFieldIndex(field);
                positions.add(position);
                types.add(physicalType.getTypeAt(position));
            }
            router = RowDataRoutingKey.fromFields(positions, types);
        }
        return SinkV2Provider.of(new PravegaSink<>(config, serializer, router), parallelism);
    }

    @Override
    public Map<String, DataType> listWritableMetadata() {
        Map<String, DataType> metadata = new LinkedHashMap<>();
        metadata.put(ROUTING_KEY_METADATA, DataTypes.STRING().nullable());
        return metadata;
    }

    @Override
    public void applyWritableMetadata(List<String> metadataKeys, DataType consumedDataType) {
        if (metadataKeys.contains(ROUTING_KEY_METADATA) && !routingKeyFields.isEmpty()) {
            throw new ValidationException(
                    "The table has a '"
                            + ROUTING_KEY_METADATA
                            + "' metadata column and option '"
                            + PravegaConnectorOptions.SINK_ROUTING_KEY_FIELDS.key()
                            + "'; use one of them to choose the routing key.");
        }
        this.metadataKeys = metadataKeys;
    }

    @Override
    public DynamicTableSink copy() {
        PravegaDynamicSink copy =
                new PravegaDynamicSink(
                        config, routingKeyFields, encodingFormat, physicalDataType, parallelism);
        copy.metadataKeys = metadataKeys;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Pravega(" + config.stream() + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PravegaDynamicSink)) {
            return false;
        }
        PravegaDynamicSink that = (PravegaDynamicSink) o;
        return config.equals(that.config)
                && routingKeyFields.equals(that.routingKeyFields)
                && encodingFormat.equals(that.encodingFormat)
                && physicalDataType.equals(that.physicalDataType)
                && metadataKeys.equals(that.metadataKeys)
                && Objects.equals(parallelism, that.parallelism);
    }

    @Override
    public int hashCode() {
        return Objects.hash(config, physicalDataType, metadataKeys);
    }
}
