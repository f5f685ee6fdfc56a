package dev.flinkpravega.connector.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The meeting of the fetch thread and the task thread at a Flink checkpoint's marker. Calls named
 * "fetch thread" in the comments stand in for {@link EventFetcher}, the others for the task thread
 * in {@link PravegaSourceReader}.
 */
class MarkerHandshakeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MarkerHandshake handshake = new MarkerHandshake();

    /** The fetch thread read marker {@code n}, the task thread took it and paused. */
    private void pausedAt(long checkpointId) {
        handshake.markerRead(checkpointId);
        handshake.pauseAt(checkpointId);
    }

    @Test
    void notPausedBeforeAnyMarker() {
        assertThat(handshake.isPaused()).isFalse();
        assertThat(handshake.holdsOutput()).isFalse();
        assertThatCode(() -> handshake.onSnapshotState(1)).doesNotThrowAnyException();
    }

    @Test
    void pausesAtTheMarkerUntilThatCheckpointIsSnapshotted() {
        pausedAt(5);
        CompletableFuture<Void> available = handshake.pauseEndsOrNewerMarker();
        assertThat(handshake.holdsOutput()).isTrue();

        // an older checkpoint's barrier does not end the pause
        handshake.onSnapshotState(4);
        assertThat(handshake.holdsOutput()).isTrue();
        assertThat(available).isNotDone();

        handshake.onSnapshotState(5);

        assertThat(available).isDone();
        assertThat(handshake.isPaused()).isFalse();
        assertThat(handshake.holdsOutput()).isFalse();
    }

    @Test
    void anAbortedCheckpointEndsThePause() {
        pausedAt(5);
        CompletableFuture<Void> available = handshake.pauseEndsOrNewerMarker();

        handshake.onCheckpointAborted(4);
        assertThat(handshake.holdsOutput()).isTrue();

        handshake.onCheckpointAborted(5);

        assertThat(available).isDone();
        assertThat(handshake.holdsOutput()).isFalse();
    }

    /**
     * A checkpoint the enumerator gave up on (a back-pressured reader did not reach its marker in
     * time) is aborted while that reader's task thread still emits the events before the marker.
     * Its barrier never comes, so the reader must not pause at the marker once it gets there.
     */
    @Test
    void anAbortBeforeTheTaskThreadReachedTheMarkerMeansNoPauseThere() throws Exception {
        Thread fetch = fetchThreadAtMarker(5);
        fetch.start();
        awaitWaiting(fetch);

        handshake.onCheckpointAborted(5);
        handshake.pauseAt(5);

        assertThat(handshake.holdsOutput()).isFalse();
        assertThat(handshake.isPaused()).isFalse();
        fetch.join(WAIT.toMillis());
        assertThat(fetch.isAlive()).as("the fetch thread reads on").isFalse();
        // a later checkpoint pauses as usual
        pausedAt(6);
        assertThat(handshake.holdsOutput()).isTrue();
    }

    @Test
    void aNewerMarkerGivesTheOlderCheckpointUpAndItIsDeclinedIfItStillArrives() throws Exception {
        pausedAt(5);
        CompletableFuture<Void> available = handshake.pauseEndsOrNewerMarker();

        Thread fetch = new Thread(() -> handshake.markerRead(6));
        fetch.start();
        fetch.join(WAIT.toMillis());

        available.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(handshake.isPaused()).as("given up only when the task thread looks").isTrue();
        assertThat(handshake.holdsOutput()).isFalse();
        assertThat(handshake.isPaused()).isFalse();
        assertThatThrownBy(() -> handshake.onSnapshotState(5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Checkpoint 5 reached the Pravega reader after it had read")
                .hasMessageContaining("declining it");

        // the newer one pauses and ends as usual
        handshake.pauseAt(6);
        assertThat(handshake.holdsOutput()).isTrue();
        handshake.onSnapshotState(6);
        assertThat(handshake.holdsOutput()).isFalse();
    }

    @Test
    void aCompletedCheckpointForgetsTheGivenUpOnesUpToIt() {
        pausedAt(5);
        handshake.markerRead(7);
        assertThat(handshake.holdsOutput()).isFalse();

        handshake.onCheckpointComplete(4);
        assertThatThrownBy(() -> handshake.onSnapshotState(5))
                .isInstanceOf(IllegalStateException.class);

        handshake.onCheckpointComplete(7);
        assertThatCode(() -> handshake.onSnapshotState(5)).doesNotThrowAnyException();
    }

    @Test
    void anAbortForgetsTheGivenUpOnesUpToIt() {
        pausedAt(5);
        handshake.markerRead(6);
        assertThat(handshake.holdsOutput()).isFalse();

        handshake.onCheckpointAborted(5);

        assertThatCode(() -> handshake.onSnapshotState(5)).doesNotThrowAnyException();
    }

    @Test
    void theFetchThreadWaitsUntilTheTaskThreadReachedTheMarker() throws Exception {
        Thread fetch = fetchThreadAtMarker(3);
        fetch.start();
        awaitWaiting(fetch);

        handshake.pauseAt(3);

        fetch.join(WAIT.toMillis());
        assertThat(fetch.isAlive()).isFalse();
    }

    @Test
    void stopReleasesAWaitingFetchThread() throws Exception {
        Thread fetch = fetchThreadAtMarker(3);
        fetch.start();
        awaitWaiting(fetch);

        handshake.stop();

        fetch.join(WAIT.toMillis());
        assertThat(fetch.isAlive()).isFalse();
        // and a wait after the stop does not block
        handshake.awaitTaskAtMarker();
    }

    @Test
    void theFutureOfAPauseCompletesWhenTheFetchThreadReadsANewerMarker() throws Exception {
        Thread fetch = fetchThreadAtMarker(1);
        fetch.start();
        awaitWaiting(fetch);
        handshake.pauseAt(1);
        fetch.join(WAIT.toMillis());
        // the marker the pause is at does not count as newer
        CompletableFuture<Void> available = handshake.pauseEndsOrNewerMarker();
        assertThat(available).isNotDone();

        Thread next = fetchThreadAtMarker(2);
        next.start();

        available.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(handshake.holdsOutput()).isFalse();
        awaitWaiting(next);
        handshake.pauseAt(2);
        next.join(WAIT.toMillis());
        assertThat(next.isAlive()).isFalse();
        assertThat(handshake.pauseEndsOrNewerMarker()).isNotDone();
    }

    /** A thread that does what the fetch thread does at a Flink marker. */
    private Thread fetchThreadAtMarker(long checkpointId) {
        Thread fetch =
                new Thread(
                        () -> {
                            handshake.markerRead(checkpointId);
                            try {
                                handshake.awaitTaskAtMarker();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "fetch-" + checkpointId);
        fetch.setDaemon(true);
        return fetch;
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as(thread.getName() + " waits").isLessThan(deadline);
            Thread.sleep(5);
        }
        // still waiting a moment later: it waits for the task thread, not for nothing
        Thread.sleep(100);
        assertThat(thread.isAlive()).isTrue();
    }
}
