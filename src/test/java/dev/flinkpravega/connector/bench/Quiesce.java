package dev.flinkpravega.connector.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits, before each measurement, until the JVM has collected garbage and the in-process Pravega
 * has finished the background work of the run before (moving data to its storage tier, completing
 * transactions, deleting streams): otherwise that work runs on the same two cores as the next
 * figure, whichever it is, and spreads the figures far more than the code does.
 */
final class Quiesce {
    /** Calm: the whole JVM uses less than this share of one core. */
    private static final double CALM_CORE_SHARE = 0.10;

    private static final Duration WINDOW = Duration.ofMillis(300);

    private Quiesce() {}

    /** Gives up (and says so) after {@code limit}; a zero limit returns at once. */
    static void await(Duration limit) {
        if (limit.isZero()) {
            return;
        }
        long start = System.nanoTime();
        System.gc();
        OperatingSystemMXBean os =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        while (System.nanoTime() - start < limit.toNanos()) {
            long cpuBefore = os.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            LockSupport.parkNanos(WINDOW.toNanos());
            double share =
                    (double) (os.getProcessCpuTime() - cpuBefore)
                            / (System.nanoTime() - wallBefore);
            if (share < CALM_CORE_SHARE) {
                return;
            }
        }
        System.out.println("  (the JVM did not calm down within " + limit.toSeconds() + " s)");
    }
}
