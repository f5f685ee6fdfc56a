package dev.flinkpravega.connector.bench;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code TAP(payload)} returns its argument and counts it on a {@link Probe}: put in front of a
 * sink, it measures how fast the sink takes rows. Internal {@code StringData} in and out, so the
 * call costs no conversion.
 */
public final class TapFunction extends ScalarFunction {
    private static final long serialVersionUID = 1L;

    private final String probeName;
    private transient Probe probe;

    TapFunction(String probeName) {
        this.probeName = probeName;
    }

    @Override
    public void open(FunctionContext context) {
        probe = Probe.get(probeName);
    }

    public @DataTypeHint(value = "STRING", bridgedTo = StringData.class) StringData eval(
            @DataTypeHint(value = "STRING", bridgedTo = StringData.class) StringData value) {
        probe.record();
        return value;
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }
}
