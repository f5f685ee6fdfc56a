package dev.flinkpravega.connector.sink;

import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

/**
 * Routing key from named fields of a {@link Row}. The names become positions in {@link
 * #bind(TypeInformation)}, which {@link PravegaSink} calls with the type of its input stream: rows
 * that come from PyFlink carry no field names of their own.
 */
final class RowFieldsRouter extends JoinedFieldsRouter<Row> {
    private static final long serialVersionUID = 1L;

    private final String[] fieldNames;
    private int[] positions;

    RowFieldsRouter(String[] fieldNames) {
        if (fieldNames == null || fieldNames.length == 0) {
            throw new IllegalArgumentException("name at least one routing key field");
        }
        for (String name : fieldNames) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a routing key field name is empty");
            }
        }
        this.fieldNames = fieldNames.clone();
    }

    /** Resolves the field names against the sink's input type. */
    void bind(TypeInformation<?> inputType) {
        if (!(inputType instanceof RowTypeInfo)) {
            throw new IllegalArgumentException(
                    "routing key fields "
                            + Arrays.toString(fieldNames)
                            + " need a stream of rows with named fields, but the stream's type is "
                            + inputType);
        }
        RowTypeInfo rowType = (RowTypeInfo) inputType;
        List<String> available = Arrays.asList(rowType.getFieldNames());
        int[] resolved = new int[fieldNames.length];
        for (int i = 0; i < fieldNames.length; i++) {
            resolved[i] = available.indexOf(fieldNames[i]);
            if (resolved[i] < 0) {
                throw new IllegalArgumentException(
                        "routing key field '"
                                + fieldNames[i]
                                + "' is not a field of the stream's rows; fields: "
                                + available);
            }
        }
        this.positions = resolved;
    }

    @Override
    protected int fieldCount() {
        return positions().length;
    }

    @Override
    protected Object field(Row row, int i) {
        return row.getField(positions[i]);
    }

    private int[] positions() {
        if (positions == null) {
            throw new IllegalStateException(
                    "routing key fields " + Arrays.toString(fieldNames) + " were never bound");
        }
        return positions;
    }
}
