package dev.flinkpravega.connector.sink.writer;

/**
 * The time a writer notes in Pravega with {@code sink.watermark-propagation}: Flink's watermark at
 * the sink, which only moves forward. Pravega's controller turns the writers' notes into the
 * stream's watermarks once per period (10 s by default), and each {@code noteTime} is a call to the
 * controller, so the non-transactional writer notes at most once a second; a transaction carries
 * the time at its checkpoint into its commit.
 */
final class WriterTime {
    /** Nothing noted yet. */
    static final long NONE = Long.MIN_VALUE;

    static final long NOTE_INTERVAL_NANOS = 1_000_000_000L;

    private long latest = NONE;
    private long noted = NONE;
    private long notedAtNanos;

    /**
     * Takes a watermark. The end of input's watermark ({@code Long.MAX_VALUE}) is not a time: it
     * would put the stream's watermark at the end of time for every later writer.
     */
    void advance(long watermark) {
        if (watermark != Long.MAX_VALUE && watermark > latest) {
            latest = watermark;
        }
    }

    /** The latest watermark taken, or {@link #NONE}. */
    long latest() {
        return latest;
    }

    /** Whether a newer time than the last noted one is waiting, and the last note is old enough. */
    boolean dueForNote(long nowNanos) {
        return latest != noted && (noted == NONE || nowNanos - notedAtNanos >= NOTE_INTERVAL_NANOS);
    }

    /** Whether a newer time than the last noted one is waiting, however recent the last note. */
    boolean unnoted() {
        return latest != noted;
    }

    void noted(long nowNanos) {
        noted = latest;
        notedAtNanos = nowNanos;
    }
}
