package dev.flinkpravega.connector.source.reader;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A bounded queue between the fetch thread (producer) and the task thread (consumer) with the
 * availability future that {@code SourceReader#isAvailable()} needs. The producer blocks when the
 * queue is full, which is how back-pressure reaches Pravega.
 */
final class Handover<E> {
    private static final CompletableFuture<Void> AVAILABLE =
            CompletableFuture.completedFuture(null);

    private final ArrayDeque<E> queue = new ArrayDeque<>();
    private final int capacity;
    private CompletableFuture<Void> available = new CompletableFuture<>();

    private boolean closed;

    Handover(int capacity) {
        this.capacity = capacity;
    }

    /** Adds an element, waiting while the queue is full; false when closed meanwhile. */
    boolean put(E element) throws InterruptedException {
        CompletableFuture<Void> toComplete;
        synchronized (this) {
            while (queue.size() >= capacity && !closed) {
                wait();
            }
            if (closed) {
                return false;
            }
            queue.add(element);
            toComplete = available;
        }
        // Completed outside the lock: completion runs the task's callbacks.
        toComplete.complete(null);
        return true;
    }

    /** The next element, or null when there is none now. */
    synchronized E poll() {
        E element = queue.poll();
        if (element != null && queue.size() == capacity - 1) {
            notifyAll();
        }
        return element;
    }

    /** A future that completes when an element may be there. */
    synchronized CompletableFuture<Void> available() {
        if (!queue.isEmpty() || closed) {
            return AVAILABLE;
        }
        if (available.isDone()) {
            available = new CompletableFuture<>();
        }
        return available;
    }

    /** Wakes up both sides for good. */
    void close() {
        CompletableFuture<Void> toComplete;
        synchronized (this) {
            closed = true;
            notifyAll();
            toComplete = available;
        }
        toComplete.complete(null);
    }
}
