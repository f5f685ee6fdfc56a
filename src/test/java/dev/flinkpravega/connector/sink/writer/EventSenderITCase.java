package dev.flinkpravega.connector.sink.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batches against a real Pravega: the sender here batches every event (threshold below zero), so
 * that what readers get back from batches is checked, whatever the machine's speed.
 */
class EventSenderITCase {
    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    private static final long ALWAYS_BATCH = -1;
    private static final long LINGER = 5;

    private final TestProcessingTimeService time = new TestProcessingTimeService();
    private final List<Throwable> failures = new ArrayList<>();
    private EventStreamClientFactory factory;
    private EventStreamWriter<ByteBuffer> writer;
    private String scope;

    @BeforeEach
    void openWriter() throws Exception {
        scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 3);
        factory = EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
        writer =
                factory.createEventWriter(
                        "s", new ByteBufferSerializer(), EventWriterConfig.builder().build());
        time.setCurrentTime(0);
    }

    @AfterEach
    void closeWriter() {
        writer.close();
        factory.close();
    }

    private EventSender sender(long maxBatchBytes) {
        return new EventSender(
                writer,
                maxBatchBytes,
                LINGER,
                ALWAYS_BATCH,
                time,
                (events, error) -> failures.add(error));
    }

    @Test
    void batchedEventsComeBackOneByOneInOrderPerKey() {
        EventSender sender = sender(1024);
        List<String> sent =
                IntStream.range(0, 3000)
                        .mapToObj(i -> "k" + (i % 7) + ":" + i)
                        .collect(Collectors.toList());
        for (String event : sent) {
            sender.send(event.substring(0, event.indexOf(':')), bytes(event));
        }
        sender.writeBatches();
        writer.flush();

        List<String> read = PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "s");

        assertThat(failures).isEmpty();
        assertThat(read).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(byKey(read)).isEqualTo(byKey(sent));
    }

    @Test
    void eventsWithoutKeyComeBackOneByOne() {
        EventSender sender = sender(256);
        List<String> sent =
                IntStream.range(0, 500).mapToObj(i -> "event-" + i).collect(Collectors.toList());
        for (String event : sent) {
            sender.send(null, bytes(event));
        }
        sender.writeBatches();
        writer.flush();

        assertThat(PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "s"))
                .containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void aBatchThatDoesNotFillIsWrittenWhenItsLingerEnds() throws Exception {
        EventSender sender = sender(1024 * 1024);
        sender.send("k", bytes("a"));
        sender.send("k", bytes("b"));
        writer.flush();
        assertThat(PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "s"))
                .as("nothing written before the linger ends")
                .isEmpty();

        time.setCurrentTime(LINGER);
        writer.flush();

        assertThat(PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "s"))
                .containsExactly("a", "b");
    }

    private static Map<String, List<String>> byKey(List<String> events) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String event : events) {
            byKey.computeIfAbsent(event.substring(0, event.indexOf(':')), k -> new ArrayList<>())
                    .add(event);
        }
        return byKey;
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
