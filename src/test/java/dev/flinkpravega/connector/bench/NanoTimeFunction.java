package dev.flinkpravega.connector.bench;

import org.apache.flink.table.functions.ScalarFunction;

/** {@code NANOS()}: System.nanoTime() of this JVM, evaluated for every row. */
public final class NanoTimeFunction extends ScalarFunction {
    private static final long serialVersionUID = 1L;

    public long eval() {
        return System.nanoTime();
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }
}
