package dev.flinkpravega.connector.table;

import dev.flinkpravega.connector.source.PravegaDeserializationSchema;
import dev.flinkpravega.connector.source.PravegaSource;
import dev.flinkpravega.connector.source.PravegaSourceConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsSourceWatermark;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * The scan side of a Pravega table: a {@link PravegaSource} of {@link RowData}. A {@code WATERMARK}
 * clause runs inside the source readers (pushed down), and {@code SOURCE_WATERMARK()} takes the
 * watermarks from Pravega's time windows.
 */
public final class PravegaDynamicSource
        implements ScanTableSource,
                SupportsReadingMetadata,
                SupportsWatermarkPushDown,
                SupportsSourceWatermark {

    /** Format metadata keys are offered with this prefix, as the Kafka connector does. */
    static final String FORMAT_METADATA_PREFIX = "value.";

    /** The older Pravega connector's prefix of format metadata, accepted too. */
    static final String LEGACY_FORMAT_METADATA_PREFIX = "from_format.";

    private final PravegaSourceConfig config;
    private final DecodingFormat<DeserializationSchema<RowData>> decodingFormat;
    private final DataType physicalDataType;
    @Nullable private final Integer parallelism;

    /** Set by the planner through {@link #applyReadableMetadata}. */
    private DataType producedDataType;

    private List<String> connectorMetadataKeys = Collections.emptyList();

    /** The table's watermark strategy, pushed down by the planner; null for none. */
    @Nullable private WatermarkStrategy<RowData> watermarkStrategy;

    /** Set by the planner for {@code SOURCE_WATERMARK()}. */
    private boolean sourceWatermark;

    public PravegaDynamicSource(
            PravegaSourceConfig config,
            DecodingFormat<DeserializationSchema<RowData>> decodingFormat,
            DataType physicalDataType,
            @Nullable Integer parallelism) {
        this.config = config;
        this.decodingFormat = decodingFormat;
        this.physicalDataType = physicalDataType;
        this.producedDataType = physicalDataType;
        this.parallelism = parallelism;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return decodingFormat.getChangelogMode();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        DeserializationSchema<RowData> valueFormat =
                decodingFormat.createRuntimeDecoder(context, physicalDataType);
        ReadableMetadata[] metadata =
                connectorMetadataKeys.stream()
                        .map(ReadableMetadata::ofKey)
                        .toArray(ReadableMetadata[]::new);
        TypeInformation<RowData> producedType = context.createTypeInformation(producedDataType);
        PravegaDeserializationSchema<RowData> deserializer =
                new RowDataDeserializationSchema(valueFormat, metadata, producedType);
        PravegaSourceConfig sourceConfig =
                sourceWatermark ? config.toBuilder().pravegaWatermarks(true).build() : config;
        PravegaSource<RowData> source = new PravegaSource<>(sourceConfig, deserializer);
        if (watermarkStrategy == null) {
            // Without a pushed-down WATERMARK the planner's own provider does, and names the
            // operator as it names every table source (Flink 2.x keeps the name a
            // DataStreamScanProvider gives).
            return SourceProvider.of(source, parallelism);
        }
        return new PravegaScanProvider(source, watermarkStrategy, asSummaryString(), parallelism);
    }

    @Override
    public void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
        this.watermarkStrategy = watermarkStrategy;
    }

    @Override
    public void applySourceWatermark() {
        this.sourceWatermark = true;
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        Map<String, DataType> metadata = new LinkedHashMap<>();
        Map<String, DataType> format = decodingFormat.listReadableMetadata();
        format.forEach((key, type) -> metadata.put(FORMAT_METADATA_PREFIX + key, type));
        for (ReadableMetadata m : ReadableMetadata.values()) {
            metadata.put(m.key, m.dataType);
        }
        // Last, so that the planner's list of valid keys shows ours first.
        format.forEach((key, type) -> metadata.put(LEGACY_FORMAT_METADATA_PREFIX + key, type));
        for (ReadableMetadata m : ReadableMetadata.values()) {
            if (m.legacyKey != null) {
                metadata.put(m.legacyKey, m.dataType);
            }
        }
        return metadata;
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        // Format metadata comes first in the produced row (the format appends it to the physical
        // row), then the connector's, in the order the planner gave.
        List<String> formatKeys =
                metadataKeys.stream()
                        .map(PravegaDynamicSource::formatKey)
                        .filter(Objects::nonNull)
                        .collect(Collectors.toList());
        List<String> connectorKeys = new ArrayList<>(metadataKeys);
        connectorKeys.removeIf(k -> formatKey(k) != null);
        if (!formatKeys.isEmpty()) {
            decodingFormat.applyReadableMetadata(formatKeys);
        }
        this.connectorMetadataKeys = connectorKeys;
        this.producedDataType = producedDataType;
    }

    /** The format's own key of a format metadata key, or null for a connector key. */
    @Nullable
    private static String formatKey(String key) {
        if (key.startsWith(FORMAT_METADATA_PREFIX)) {
            return key.substring(FORMAT_METADATA_PREFIX.length());
        }
        if (key.startsWith(LEGACY_FORMAT_METADATA_PREFIX)) {
            return key.substring(LEGACY_FORMAT_METADATA_PREFIX.length());
        }
        return null;
    }

    @Override
    public boolean supportsMetadataProjection() {
        return false;
    }

    @Override
    public DynamicTableSource copy() {
        PravegaDynamicSource copy =
                new PravegaDynamicSource(config, decodingFormat, physicalDataType, parallelism);
        copy.producedDataType = producedDataType;
        copy.connectorMetadataKeys = connectorMetadataKeys;
        copy.watermarkStrategy = watermarkStrategy;
        copy.sourceWatermark = sourceWatermark;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Pravega(" + config.streams() + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PravegaDynamicSource)) {
            return false;
        }
        PravegaDynamicSource that = (PravegaDynamicSource) o;
        return config.equals(that.config)
                && decodingFormat.equals(that.decodingFormat)
                && physicalDataType.equals(that.physicalDataType)
                && producedDataType.equals(that.producedDataType)
                && connectorMetadataKeys.equals(that.connectorMetadataKeys)
                && Objects.equals(watermarkStrategy, that.watermarkStrategy)
                && sourceWatermark == that.sourceWatermark
                && Objects.equals(parallelism, that.parallelism);
    }

    @Override
    public int hashCode() {
        return Objects.hash(config, physicalDataType, connectorMetadataKeys);
    }
}
