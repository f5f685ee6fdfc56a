package dev.flinkpravega.connector.table;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.source.PravegaSource;
import dev.flinkpravega.connector.source.PravegaSourceBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/** The scan side of a Pravega table: a {@link PravegaSource} of {@link RowData}. */
public final class PravegaDynamicSource implements ScanTableSource, SupportsReadingMetadata {

    /** Format metadata keys are offered with this prefix, as the Kafka connector does. */
    static final String FORMAT_METADATA_PREFIX = "value.";

    private final PravegaConfig pravegaConfig;
    private final ScanSettings settings;
    private final DecodingFormat<DeserializationSchema<RowData>> decodingFormat;
    private final DataType physicalDataType;
    @Nullable private final Integer parallelism;

    /** Set by the planner through {@link #applyReadableMetadata}. */
    private DataType producedDataType;

    private List<String> connectorMetadataKeys = Collections.emptyList();

    public PravegaDynamicSource(
            PravegaConfig pravegaConfig,
            ScanSettings settings,
            DecodingFormat<DeserializationSchema<RowData>> decodingFormat,
            DataType physicalDataType,
            @Nullable Integer parallelism) {
        this.pravegaConfig = pravegaConfig;
        this.settings = settings;
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
        PravegaSourceBuilder<RowData> builder =
                PravegaSource.<RowData>builder()
                        .withPravegaConfig(pravegaConfig)
                        .withDeserializationSchema(
                                new RowDataDeserializationSchema(
                                        valueFormat, metadata, producedType))
                        .withStartupMode(settings.startupMode)
                        .withBoundedMode(settings.boundedMode)
                        .withEventReadTimeout(settings.eventReadTimeout)
                        .withCheckpointTimeout(settings.checkpointTimeout)
                        .withReaderGroupRefreshInterval(settings.readerGroupRefreshInterval)
                        .withCreateStreamsIfMissing(settings.createIfMissing, settings.minSegments);
        settings.streams.forEach(builder::forStream);
        settings.startCuts.forEach(builder::withStartStreamCut);
        settings.endCuts.forEach(builder::withEndStreamCut);
        if (settings.readerGroupName != null) {
            builder.withReaderGroupName(settings.readerGroupName);
        }
        return SourceProvider.of(builder.build(), parallelism);
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        Map<String, DataType> metadata = new LinkedHashMap<>();
        decodingFormat
                .listReadableMetadata()
                .forEach((key, type) -> metadata.put(FORMAT_METADATA_PREFIX + key, type));
        for (ReadableMetadata m : ReadableMetadata.values()) {
            metadata.put(m.key, m.dataType);
        }
        return metadata;
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        // Format metadata comes first in the produced row (the format appends it to the physical
        // row), then the connector's, in the order the planner gave.
        List<String> formatKeys =
                metadataKeys.stream()
                        .filter(k -> k.startsWith(FORMAT_METADATA_PREFIX))
                        .map(k -> k.substring(FORMAT_METADATA_PREFIX.length()))
                        .collect(Collectors.toList());
        List<String> connectorKeys = new ArrayList<>(metadataKeys);
        connectorKeys.removeIf(k -> k.startsWith(FORMAT_METADATA_PREFIX));
        if (!formatKeys.isEmpty()) {
            decodingFormat.applyReadableMetadata(formatKeys);
        }
        this.connectorMetadataKeys = connectorKeys;
        this.producedDataType = producedDataType;
    }

    @Override
    public boolean supportsMetadataProjection() {
        return false;
    }

    @Override
    public DynamicTableSource copy() {
        PravegaDynamicSource copy =
                new PravegaDynamicSource(
                        pravegaConfig, settings, decodingFormat, physicalDataType, parallelism);
        copy.producedDataType = producedDataType;
        copy.connectorMetadataKeys = connectorMetadataKeys;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Pravega(" + settings.streams + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PravegaDynamicSource)) {
            return false;
        }
        PravegaDynamicSource that = (PravegaDynamicSource) o;
        return pravegaConfig.equals(that.pravegaConfig)
                && settings.equals(that.settings)
                && decodingFormat.equals(that.decodingFormat)
                && physicalDataType.equals(that.physicalDataType)
                && producedDataType.equals(that.producedDataType)
                && connectorMetadataKeys.equals(that.connectorMetadataKeys)
                && Objects.equals(parallelism, that.parallelism);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pravegaConfig, settings, physicalDataType, connectorMetadataKeys);
    }
}
