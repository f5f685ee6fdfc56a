package dev.flinkpravega.connector.source;

import java.util.OptionalLong;

/**
 * Names of the Pravega reader-group checkpoints the enumerator starts for Flink checkpoints, so
 * that a reader that meets a checkpoint marker knows which Flink checkpoint to induce.
 */
public final class PravegaCheckpoints {
    private static final String PREFIX = "flink-checkpoint-";

    private PravegaCheckpoints() {}

    public static String name(long checkpointId) {
        return PREFIX + checkpointId;
    }

    /** Name of the {@code n}-th internal checkpoint, which no Flink checkpoint follows. */
    public static String internalName(long n) {
        return "internal-" + n;
    }

    /** The Flink checkpoint id of a marker name, or empty for markers not started by us. */
    public static OptionalLong checkpointId(String name) {
        if (name == null || !name.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(name.substring(PREFIX.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
