package dev.flinkpravega.connector.table;

import dev.flinkpravega.connector.source.PravegaDeserializationSchema;
import io.pravega.client.stream.EventRead;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.util.Collector;

/**
 * Decodes an event with the table's format and appends the connector's metadata columns (in the
 * order the planner asked for them) to every row the format produces.
 */
final class RowDataDeserializationSchema implements PravegaDeserializationSchema<RowData> {
    private static final long serialVersionUID = 1L;

    private final DeserializationSchema<RowData> valueFormat;
    private final ReadableMetadata[] metadata;
    private final TypeInformation<RowData> producedType;
    private transient MetadataAppender appender;

    RowDataDeserializationSchema(
            DeserializationSchema<RowData> valueFormat,
            ReadableMetadata[] metadata,
            TypeInformation<RowData> producedType) {
        this.valueFormat = valueFormat;
        this.metadata = metadata;
        this.producedType = producedType;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        valueFormat.open(context);
        appender = new MetadataAppender(metadata);
    }

    @Override
    public void deserialize(EventRead<ByteBuffer> event, Collector<RowData> out)
            throws IOException {
        byte[] bytes = PravegaDeserializationSchema.bytesOf(event.getEvent());
        if (metadata.length == 0) {
            valueFormat.deserialize(bytes, out);
            return;
        }
        appender.event = event;
        appender.out = out;
        valueFormat.deserialize(bytes, appender);
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }

    /** Joins each physical row with the metadata of the current event. */
    private static final class MetadataAppender implements Collector<RowData> {
        private final ReadableMetadata[] metadata;
        EventRead<ByteBuffer> event;
        Collector<RowData> out;

        MetadataAppender(ReadableMetadata[] metadata) {
            this.metadata = metadata;
        }

        @Override
        public void collect(RowData physical) {
            GenericRowData meta = new GenericRowData(physical.getRowKind(), metadata.length);
            for (int i = 0; i < metadata.length; i++) {
                meta.setField(i, metadata[i].read(event));
            }
            JoinedRowData joined = new JoinedRowData(physical.getRowKind(), physical, meta);
            out.collect(joined);
        }

        @Override
        public void close() {}
    }
}
