package dev.flinkpravega.connector.bench;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.types.Row;

/** Rows {@code (sent BIGINT, payload STRING)}, {@code sent} being System.nanoTime() at creation. */
final class TimestampedRows implements GeneratorFunction<Long, Row> {
    private static final long serialVersionUID = 1L;
    static final TypeInformation<Row> TYPE =
            Types.ROW_NAMED(new String[] {"sent", "payload"}, Types.LONG, Types.STRING);

    private final int size;
    private transient Payloads payloads;

    TimestampedRows(int size) {
        this.size = size;
    }

    @Override
    public void open(SourceReaderContext context) {
        payloads = new Payloads(size);
    }

    @Override
    public Row map(Long index) {
        return Row.of(System.nanoTime(), payloads.text(index));
    }
}
