package dev.flinkpravega.connector.source.enumerator;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * A WARN that repeats at most once per interval; the repeats in between go to DEBUG and are counted
 * in the next WARN, so a failure every second does not flood the log. Thread-safe.
 */
final class RateLimitedWarning {
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final Logger log;
    private final long intervalNanos;
    private long lastWarnNanos;
    private boolean warned;
    private long suppressed;

    RateLimitedWarning(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs at WARN unless one was logged within the interval (then at DEBUG). */
    void warn(String message, Throwable error) {
        long repeats = admit(System.nanoTime());
        if (repeats < 0) {
            log.debug(message, error);
        } else if (repeats == 0) {
            log.warn(message, error);
        } else {
            log.warn(
                    "{} ({} more since the last warning, logged at DEBUG)",
                    message,
                    repeats,
                    error);
        }
    }

    /**
     * At {@code nowNanos}: -1 when this one goes to DEBUG, else how many went to DEBUG since the
     * last WARN.
     */
    synchronized long admit(long nowNanos) {
        if (warned && nowNanos - lastWarnNanos < intervalNanos) {
            suppressed++;
            return -1;
        }
        long repeats = suppressed;
        suppressed = 0;
        warned = true;
        lastWarnNanos = nowNanos;
        return repeats;
    }
}
