package dev.flinkpravega.connector.source.enumerator;

import java.util.HashMap;
import java.util.Map;

/**
 * Which enumerator of this JobManager owns a reader group. On a global failover Flink closes the
 * old enumerator asynchronously while the new one already starts; without this, the old one's
 * clean-up could delete the group the new one has just set up.
 */
final class ReaderGroupOwnership {
    private static final Map<String, Object> OWNERS = new HashMap<>();

    private ReaderGroupOwnership() {}

    /** Runs {@code setUp} as the new owner of the group, excluding any clean-up of it. */
    static void takeOver(String group, Object owner, Runnable setUp) {
        synchronized (OWNERS) {
            OWNERS.put(group, owner);
            setUp.run();
        }
    }

    /** Runs {@code cleanUp} only if {@code owner} still owns the group, then releases it. */
    static void release(String group, Object owner, Runnable cleanUp) {
        synchronized (OWNERS) {
            if (OWNERS.get(group) == owner) {
                OWNERS.remove(group);
                cleanUp.run();
            }
        }
    }
}
