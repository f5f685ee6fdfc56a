package dev.flinkpravega.connector.sink;

import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

/**
 * Routing key from named fields of a {@link Row}, as the user names them. It cannot route by
 * itself: rows that come from PyFlink carry no field names of their own, so the names become
 * positions in {@link #bind(TypeInformation)}, which {@link PravegaSink} calls with the type of its
 * input stream. Binding returns a new router and leaves this one as it is, so that one router can
 * serve sinks of different row types.
 */
final class RowFieldsRouter implements PravegaEventRouter<Row> {
    private static final long serialVersionUID = 1L;

    private final String[] fieldNames;

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

    /**
     * The router of rows of {@code inputType}: the named fields at their positions in it.
     *
     * @throws IllegalArgumentException if the type is not a row type or lacks a named field
     */
    PravegaEventRouter<Row> bind(TypeInformation<?> inputType) {
        if (!(inputType instanceof RowTypeInfo)) {
            throw new IllegalArgumentException(
                    this
                            + " need a stream of rows with named fields, but the stream's type is "
                            + inputType);
        }
        List<String> available = Arrays.asList(((RowTypeInfo) inputType).getFieldNames());
        int[] positions = new int[fieldNames.length];
        for (int i = 0; i < fieldNames.length; i++) {
            positions[i] = available.indexOf(fieldNames[i]);
            if (positions[i] < 0) {
                throw new IllegalArgumentException(
                        "routing key field '"
                                + fieldNames[i]
                                + "' is not a field of the stream's rows; fields: "
                                + available);
            }
        }
        return new Bound(positions);
    }

    /** Only a bound copy routes; reaching this means the sink never saw its input type. */
    @Override
    public String getRoutingKey(Row row) {
        throw new IllegalStateException(this + " were never bound");
    }

    @Override
    public String toString() {
        return "routing key fields " + Arrays.toString(fieldNames);
    }

    /** The fields at fixed positions of the row. */
    private static final class Bound extends JoinedFieldsRouter<Row> {
        private static final long serialVersionUID = 1L;

        private final int[] positions;

        Bound(int[] positions) {
            this.positions = positions;
        }

        @Override
        protected int fieldCount() {
            return positions.length;
        }

        @Override
        protected Object field(Row row, int i) {
            return row.getField(positions[i]);
        }

        /** Equal copies route every row alike. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Bound && Arrays.equals(positions, ((Bound) o).positions);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(positions);
        }
    }
}
