package dev.flinkpravega.connector.table;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * A SQL function that passes ids through and throws on its first visit to each chosen id. It paces
 * rows (a pause per row) so that checkpoints complete between the injected failures.
 */
public class FailOnce extends ScalarFunction {
    private static final Set<Integer> FAIL_AT = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger FAILURES = new AtomicInteger();
    private static volatile long pauseNanos;

    /** Arms the failures and sets the pause per row (0 for none). */
    static void reset(Set<Integer> ids, long pausePerRowNanos) {
        FAIL_AT.clear();
        FAIL_AT.addAll(ids);
        FAILURES.set(0);
        pauseNanos = pausePerRowNanos;
    }

    static int failures() {
        return FAILURES.get();
    }

    public Integer eval(Integer id) {
        if (pauseNanos > 0) {
            LockSupport.parkNanos(pauseNanos);
        }
        if (id != null && FAIL_AT.remove(id)) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure at id " + id);
        }
        return id;
    }
}
