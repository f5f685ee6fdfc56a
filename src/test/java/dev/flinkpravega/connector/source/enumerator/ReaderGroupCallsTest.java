package dev.flinkpravega.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A call that does not return holds up no caller beyond its deadline, and calls never pile up. */
class ReaderGroupCallsTest {
    private final ReaderGroupCalls calls = new ReaderGroupCalls("test");
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        calls.close();
    }

    private long in(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    private void startHangingCall() throws Exception {
        calls.submit(
                "hanging",
                () -> {
                    release.await();
                    return null;
                });
        assertThat(calls.busy()).isTrue();
    }

    @Test
    void aCallReturnsItsResult() throws Exception {
        assertThat(calls.call("adding", in(Duration.ofSeconds(5)), () -> 1 + 1)).isEqualTo(2);
        assertThat(calls.busy()).isFalse();
        assertThat(calls.busyFor()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aCallThatDoesNotReturnTimesOutAtTheDeadline() {
        long started = System.nanoTime();
        assertThatThrownBy(
                        () ->
                                calls.call(
                                        "hanging",
                                        in(Duration.ofMillis(200)),
                                        () -> {
                                            release.await();
                                            return null;
                                        }))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("while hanging");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_000);
        assertThat(calls.busy()).isTrue();
    }

    @Test
    void whileACallHangsTheNextIsRefusedAtOnceOrAtItsDeadline() throws Exception {
        startHangingCall();
        assertThatThrownBy(() -> calls.submit("next", () -> null))
                .isInstanceOf(ReaderGroupCalls.Busy.class)
                .hasMessageContaining("hanging");
        long started = System.nanoTime();
        assertThatThrownBy(() -> calls.call("next", in(Duration.ofMillis(200)), () -> null))
                .isInstanceOf(ReaderGroupCalls.Busy.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .isBetween(150L, 2_000L);
    }

    @Test
    void theNextCallRunsOnceTheCurrentReturnsBeforeItsDeadline() throws Exception {
        startHangingCall();
        new Thread(
                        () -> {
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            release.countDown();
                        })
                .start();
        assertThat(calls.call("next", in(Duration.ofSeconds(5)), () -> "ran")).isEqualTo("ran");
    }

    @Test
    void queuedOnceCallsDoNotPileUpBehindAHangingCall() throws Exception {
        startHangingCall();
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            calls.queueOnce("cancelling", runs::incrementAndGet);
        }
        release.countDown();
        assertThat(calls.call("after", in(Duration.ofSeconds(5)), runs::get)).isEqualTo(1);
    }

    @Test
    void anUncheckedFailureIsThrownAsItIs() {
        assertThatThrownBy(
                        () ->
                                calls.call(
                                        "failing",
                                        in(Duration.ofSeconds(5)),
                                        () -> {
                                            throw new IllegalArgumentException("boom");
                                        }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("boom");
    }
}
