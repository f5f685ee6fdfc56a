package dev.flinkpravega.connector.source.enumerator;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.annotation.Nullable;
import org.apache.flink.util.ExceptionUtils;

/**
 * Runs the enumerator's calls on its Pravega reader group on a thread of their own, one at a time,
 * and lets the caller wait for each only until a deadline.
 *
 * <p>While Pravega cannot be reached, the 0.13 client's reader-group calls block: a read of the
 * group's state for the client's connect timeout per attempt, a write of it until the client's own
 * retries (backoffs of up to 20 s) give up, which can take minutes. Made on Flink's coordinator
 * thread, such a call held up everything queued behind it there, the registration of restarted
 * readers included, so a source did not recover for minutes after Pravega was back. Here a caller
 * gives up at its deadline and the call goes on alone; while it has not returned, the next call is
 * refused at once ({@link Busy}) instead of queueing behind it.
 */
final class ReaderGroupCalls implements AutoCloseable {
    private final ExecutorService thread;

    /** The call submitted last, what it does, and when it was submitted. */
    @Nullable private volatile Future<?> current;

    private volatile String currentWhat = "";

    /** Set while a {@link #queueOnce} call waits to run. */
    private final AtomicBoolean queued = new AtomicBoolean();

    private volatile long currentSince;

    ReaderGroupCalls(String groupName) {
        this.thread =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "pravega-reader-group-calls-" + groupName);
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Whether a call submitted earlier has not returned yet. */
    boolean busy() {
        Future<?> running = current;
        return running != null && !running.isDone();
    }

    /** How long the call that has not returned yet has been running; zero when none. */
    Duration busyFor() {
        return busy() ? Duration.ofNanos(System.nanoTime() - currentSince) : Duration.ZERO;
    }

    /**
     * Submits {@code call}, unless an earlier call has not returned yet ({@link Busy}). Calls run
     * in the order of their submission.
     */
    <T> Future<T> submit(String what, Callable<T> call) throws Busy {
        if (busy()) {
            throw new Busy(currentWhat, busyFor());
        }
        return submitNow(what, call);
    }

    /**
     * Submits {@code call} once an earlier call that has not returned yet returned, waiting for
     * that at most until {@code deadlineNanos}; {@link Busy} if it did not return by then.
     */
    <T> Future<T> submitAfterCurrent(String what, Callable<T> call, long deadlineNanos)
            throws Busy, InterruptedException {
        Future<?> running = current;
        if (running != null && !running.isDone()) {
            try {
                running.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new Busy(currentWhat, busyFor());
            } catch (ExecutionException | CancellationException e) {
                // its caller handles its failure
            }
        }
        return submitNow(what, call);
    }

    private <T> Future<T> submitNow(String what, Callable<T> call) {
        Future<T> future = thread.submit(call);
        currentWhat = what;
        currentSince = System.nanoTime();
        current = future;
        return future;
    }

    /**
     * Waits for {@code future} until {@code deadlineNanos} ({@code System.nanoTime()}); its
     * exception is thrown as it is when unchecked.
     */
    static <T> T await(Future<T> future, String what, long deadlineNanos)
            throws TimeoutException, InterruptedException {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            TimeoutException timeout = new TimeoutException("Pravega did not answer while " + what);
            timeout.initCause(e);
            throw timeout;
        } catch (ExecutionException e) {
            ExceptionUtils.rethrowIfFatalError(e.getCause());
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException("Pravega call failed while " + what, e.getCause());
        }
    }

    /**
     * Queues {@code call} behind any call under way, without waiting for either; when one queued
     * this way has not run yet, it stands for this one too (so a stuck call cannot make them pile
     * up).
     */
    void queueOnce(String what, Runnable call) {
        if (queued.compareAndSet(false, true)) {
            submitNow(
                    what,
                    () -> {
                        queued.set(false);
                        call.run();
                        return null;
                    });
        }
    }

    /** {@link #submitAfterCurrent} and {@link #await}. */
    <T> T call(String what, long deadlineNanos, Callable<T> call)
            throws Busy, TimeoutException, InterruptedException {
        return await(submitAfterCurrent(what, call, deadlineNanos), what, deadlineNanos);
    }

    /** Stops the thread; a call still running is interrupted. */
    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** A call was refused because an earlier one has not returned yet. */
    static final class Busy extends Exception {
        private static final long serialVersionUID = 1L;

        Busy(String what, Duration runningFor) {
            super(
                    "an earlier call to Pravega ("
                            + what
                            + ") has not returned for "
                            + runningFor.toMillis()
                            + " ms");
        }
    }
}
