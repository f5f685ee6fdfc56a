package dev.flinkpravega.connector.table;

import dev.flinkpravega.connector.sink.PravegaEventRouter;
import java.util.Base64;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/** Routing keys for table rows: from key columns, or from a {@code routing-key} metadata column. */
final class RowDataRoutingKey {
    private RowDataRoutingKey() {}

    /** Joins the string forms of the key columns with ','; NULL is the empty string. */
    static PravegaEventRouter<RowData> fromFields(
            List<Integer> positions, List<LogicalType> types) {
        RowData.FieldGetter[] getters = new RowData.FieldGetter[positions.size()];
        boolean[] binary = new boolean[positions.size()];
        for (int i = 0; i < getters.length; i++) {
            LogicalType type = types.get(i);
            getters[i] = RowData.createFieldGetter(type, positions.get(i));
            binary[i] =
                    type.getTypeRoot() == LogicalTypeRoot.BINARY
                            || type.getTypeRoot() == LogicalTypeRoot.VARBINARY;
        }
        return new FieldsRouter(getters, binary);
    }

    /** The value of a STRING metadata column; NULL lets Pravega choose the segment. */
    static PravegaEventRouter<RowData> fromMetadataColumn(int position) {
        return row -> row.isNullAt(position) ? null : row.getString(position).toString();
    }

    private static final class FieldsRouter implements PravegaEventRouter<RowData> {
        private static final long serialVersionUID = 1L;
        private final RowData.FieldGetter[] getters;
        private final boolean[] binary;

        FieldsRouter(RowData.FieldGetter[] getters, boolean[] binary) {
            this.getters = getters;
            this.binary = binary;
        }

        @Override
        public String getRoutingKey(RowData row) {
            if (getters.length == 1) {
                return text(0, row);
            }
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < getters.length; i++) {
                if (i > 0) {
                    key.append(',');
                }
                key.append(text(i, row));
            }
            return key.toString();
        }

        private String text(int i, RowData row) {
            Object value = getters[i].getFieldOrNull(row);
            if (value == null) {
                return "";
            }
            return binary[i]
                    ? Base64.getEncoder().encodeToString((byte[]) value)
                    : value.toString();
        }
    }
}
