package dev.flinkpravega.connector.testutils;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * A SQL function for fault tests on a MiniCluster (one JVM): {@code seen(id, 'tag')} passes the id
 * through and counts, per tag, the rows and the distinct ids in static counters the test reads
 * while the job runs. Register it with {@code createTemporarySystemFunction("seen",
 * SeenIds.class)}.
 */
public class SeenIds extends ScalarFunction {
    private static final Map<String, AtomicLong> ROWS = new ConcurrentHashMap<>();
    private static final Map<String, Set<Integer>> IDS = new ConcurrentHashMap<>();

    /** Forgets all counts. */
    public static void reset() {
        ROWS.clear();
        IDS.clear();
    }

    /** Rows of {@code tag} passed through, by every subtask and attempt (replays count again). */
    public static long rows(String tag) {
        AtomicLong rows = ROWS.get(tag);
        return rows == null ? 0 : rows.get();
    }

    /** Distinct ids of {@code tag} passed through. */
    public static int distinctIds(String tag) {
        Set<Integer> ids = IDS.get(tag);
        return ids == null ? 0 : ids.size();
    }

    public Integer eval(Integer id, String tag) {
        ROWS.computeIfAbsent(tag, t -> new AtomicLong()).incrementAndGet();
        if (id != null) {
            IDS.computeIfAbsent(tag, t -> ConcurrentHashMap.newKeySet()).add(id);
        }
        return id;
    }
}
