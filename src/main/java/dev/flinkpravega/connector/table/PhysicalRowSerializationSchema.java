package dev.flinkpravega.connector.table;

import java.util.stream.IntStream;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.ProjectedRowData;

/** Serializes only the physical columns of a row that also carries metadata columns. */
final class PhysicalRowSerializationSchema implements SerializationSchema<RowData> {
    private static final long serialVersionUID = 1L;

    private final SerializationSchema<RowData> valueFormat;
    private final int physicalArity;
    private transient ProjectedRowData projection;

    PhysicalRowSerializationSchema(SerializationSchema<RowData> valueFormat, int physicalArity) {
        this.valueFormat = valueFormat;
        this.physicalArity = physicalArity;
    }

    @Override
    public void open(InitializationContext context) throws Exception {
        valueFormat.open(context);
        projection = ProjectedRowData.from(IntStream.range(0, physicalArity).toArray());
    }

    @Override
    public byte[] serialize(RowData row) {
        return valueFormat.serialize(projection.replaceRow(row));
    }
}
