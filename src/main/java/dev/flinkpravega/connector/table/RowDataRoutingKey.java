package dev.flinkpravega.connector.table;

import dev.flinkpravega.connector.sink.JoinedFieldsRouter;
import dev.flinkpravega.connector.sink.PravegaEventRouter;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;

/** Routing keys for table rows: from key columns, or from a {@code routing-key} metadata column. */
final class RowDataRoutingKey {
    private RowDataRoutingKey() {}

    /** Joins the string forms of the key columns with ','; NULL is the empty string. */
    static PravegaEventRouter<RowData> fromFields(
            List<Integer> positions, List<LogicalType> types) {
        RowData.FieldGetter[] getters = new RowData.FieldGetter[positions.size()];
        for (int i = 0; i < getters.length; i++) {
            getters[i] = RowData.createFieldGetter(types.get(i), positions.get(i));
        }
        return new FieldsRouter(getters);
    }

    /** The value of a STRING metadata column; NULL lets Pravega choose the segment. */
    static PravegaEventRouter<RowData> fromMetadataColumn(int position) {
        return row -> row.isNullAt(position) ? null : row.getString(position).toString();
    }

    /** BINARY and VARBINARY getters give {@code byte[]}, which the key shows as base64. */
    private static final class FieldsRouter extends JoinedFieldsRouter<RowData> {
        private static final long serialVersionUID = 1L;
        private final RowData.FieldGetter[] getters;

        FieldsRouter(RowData.FieldGetter[] getters) {
            this.getters = getters;
        }

        @Override
        protected int fieldCount() {
            return getters.length;
        }

        @Override
        protected Object field(RowData row, int i) {
            return getters[i].getFieldOrNull(row);
        }
    }
}
