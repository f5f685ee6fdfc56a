package dev.flinkpravega.connector.testutils;

import io.pravega.client.admin.ReaderGroupManager;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for a condition with a deadline, polling every 50 ms. */
public final class Await {
    private Await() {}

    /**
     * Polls {@code condition} (exceptions count as false) until true; fails after {@code timeout}.
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, what, condition, () -> "");
    }

    /**
     * As {@link #until(Duration, String, BooleanSupplier)}; on a timeout the message ends with what
     * {@code context} says then (for example the states of the jobs involved), since a CI log often
     * shows no more than the failure's first line.
     */
    public static void until(
            Duration timeout, String what, BooleanSupplier condition, Supplier<String> context) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        String suffix = context.get();
        AssertionError error =
                new AssertionError(
                        "timed out after "
                                + timeout
                                + " waiting for "
                                + what
                                + (suffix.isEmpty() ? "" : " (" + suffix + ")"));
        if (last != null) {
            error.initCause(last);
        }
        throw error;
    }

    /** Waits until the reader group exists and has a reader online (its job is reading). */
    public static void onlineReader(ReaderGroupManager groups, String readerGroup) {
        until(
                Duration.ofSeconds(60),
                "a reader of reader group " + readerGroup,
                () -> !groups.getReaderGroup(readerGroup).getOnlineReaders().isEmpty());
    }
}
