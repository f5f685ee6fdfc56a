package dev.flinkpravega.connector.datastream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.sink.PravegaSerializationSchema;
import dev.flinkpravega.connector.sink.PravegaSink;
import dev.flinkpravega.connector.source.PravegaDeserializationSchema;
import dev.flinkpravega.connector.source.PravegaSource;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.Serializer;
import io.pravega.client.stream.impl.JavaSerializer;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pravega client serializers as Flink schemas: events written by a plain Pravega application come
 * back as its objects, and events a job writes are read by a plain Pravega application.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PravegaSerializerInteropITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    /** What a Pravega application might write with Pravega's {@link JavaSerializer}. */
    public static final class Order implements Serializable {
        private static final long serialVersionUID = 1L;
        public String item;
        public int quantity;

        public Order() {}

        Order(String item, int quantity) {
            this.item = item;
            this.quantity = quantity;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Order
                    && Objects.equals(item, ((Order) o).item)
                    && quantity == ((Order) o).quantity;
        }

        @Override
        public int hashCode() {
            return Objects.hash(item, quantity);
        }

        @Override
        public String toString() {
            return item + "x" + quantity;
        }
    }

    @Test
    void eventsOfAPravegaApplicationComeBackAsItsObjects() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "orders", 2);
        List<Order> orders =
                IntStream.range(0, 50)
                        .mapToObj(i -> new Order("item-" + i, i))
                        .collect(Collectors.toList());
        try (EventStreamClientFactory clients =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
                EventStreamWriter<Order> writer =
                        clients.createEventWriter(
                                "orders",
                                new JavaSerializer<Order>(),
                                EventWriterConfig.builder().build())) {
            for (Order order : orders) {
                writer.writeEvent(order.item, order);
            }
            writer.flush();
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        PravegaSource<Order> source =
                PravegaSource.<Order>builder()
                        .withPravegaConfig(config(scope))
                        .forStream("orders")
                        .withDeserializationSchema(
                                PravegaDeserializationSchema.of(
                                        new JavaSerializer<Order>(),
                                        TypeInformation.of(Order.class)))
                        .withBoundedMode(BoundedMode.LATEST)
                        .build();
        List<Order> read = new ArrayList<>();
        try (CloseableIterator<Order> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "orders")
                        .executeAndCollect("read orders")) {
            it.forEachRemaining(read::add);
        }

        assertThat(read).containsExactlyInAnyOrderElementsOf(orders);
    }

    @Test
    void eventsAJobWritesAreReadByAPravegaApplication() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "words", 1);
        List<String> words =
                IntStream.range(0, 50).mapToObj(i -> "wörd-" + i).collect(Collectors.toList());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(words)
                .returns(Types.STRING)
                .sinkTo(
                        PravegaSink.<String>builder()
                                .withPravegaConfig(config(scope))
                                .forStream("words")
                                .withSerializationSchema(
                                        PravegaSerializationSchema.of(new UTF8StringSerializer()))
                                .withDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                .build());
        env.execute("write words");

        // PravegaTestData reads with Pravega's UTF8StringSerializer.
        assertThat(PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "words"))
                .containsExactlyElementsOf(words);
    }

    @Test
    void aSerializerThatCannotBeShippedIsRefusedAtOnce() {
        Serializer<String> local =
                new Serializer<String>() {
                    @Override
                    public ByteBuffer serialize(String value) {
                        return ByteBuffer.wrap(value.getBytes());
                    }

                    @Override
                    public String deserialize(ByteBuffer serializedValue) {
                        return "";
                    }
                };
        assertThatThrownBy(() -> PravegaSerializationSchema.of(local))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not java.io.Serializable");
        assertThatThrownBy(() -> PravegaDeserializationSchema.of(local, Types.STRING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not java.io.Serializable");
    }

    private static PravegaConfig config(String scope) {
        return PravegaConfig.builder()
                .controllerUri(PRAVEGA.controllerUri().toString())
                .defaultScope(scope)
                .build();
    }
}
