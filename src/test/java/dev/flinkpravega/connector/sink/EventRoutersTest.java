package dev.flinkpravega.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.PravegaConfig;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** Tests for {@link EventRouters}; no Pravega is contacted. */
class EventRoutersTest {

    private static final PravegaConfig CONFIG =
            PravegaConfig.builder().controllerUri("tcp://localhost:9090").defaultScope("s").build();

    private static final SerializationSchema<Row> ROW_TEXT = row -> row.toString().getBytes();

    @Test
    void fixedKeyIsTheSameForEveryRecord() {
        PravegaEventRouter<String> router = EventRouters.fixed("all");

        assertThat(router.getRoutingKey("a")).isEqualTo("all");
        assertThat(router.getRoutingKey(null)).isEqualTo("all");
    }

    @Test
    void rowFieldsAreBoundByTheSinkAndJoined() {
        PravegaSink<Row> sink = sinkWith(EventRouters.rowFields("user", "raw"));

        sink.addPreWriteTopology(rows());

        PravegaEventRouter<Row> bound = sink.writerRouter();
        assertThat(bound.getRoutingKey(Row.of(7, "alice", new byte[] {1, 2})))
                .isEqualTo("alice,AQI=");
        assertThat(bound.getRoutingKey(Row.of(7, null, null))).isEqualTo(",");
    }

    @Test
    void singleRowFieldIsItsText() {
        PravegaSink<Row> sink = sinkWith(EventRouters.rowFields("id"));
        sink.addPreWriteTopology(rows());

        assertThat(sink.writerRouter().getRoutingKey(Row.of(42, "bob", null))).isEqualTo("42");
        assertThat(sink.writerRouter().getRoutingKey(Row.of(null, "bob", null))).isEmpty();
    }

    @Test
    void oneRouterServesTwoSinksOfDifferentRowTypesAndStaysUnbound() {
        PravegaEventRouter<Row> router = EventRouters.rowFields("user");
        PravegaSink<Row> first = sinkWith(router);
        PravegaSink<Row> second = sinkWith(router);

        first.addPreWriteTopology(rows());
        second.addPreWriteTopology(
                rowsOf(
                        Types.ROW_NAMED(new String[] {"user", "id"}, Types.STRING, Types.INT),
                        Row.of("bob", 2)));

        assertThat(first.writerRouter().getRoutingKey(Row.of(1, "alice", null))).isEqualTo("alice");
        assertThat(second.writerRouter().getRoutingKey(Row.of("bob", 2))).isEqualTo("bob");
        assertThat(first.eventRouter()).isSameAs(router);
        assertThat(second.eventRouter()).isSameAs(router);
        assertThatThrownBy(() -> router.getRoutingKey(Row.of(1, "alice", null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("routing key fields [user] were never bound");
    }

    /**
     * The two streams' writers are copies of one sink, so they can route only one way: rows of the
     * other type would get the wrong fields as key.
     */
    @Test
    void oneSinkAddedToStreamsOfDifferentRowTypesIsRefused() {
        PravegaSink<Row> sink = sinkWith(EventRouters.rowFields("user"));
        sink.addPreWriteTopology(rows());
        DataStream<Row> userFirst =
                rowsOf(
                        Types.ROW_NAMED(new String[] {"user", "id"}, Types.STRING, Types.INT),
                        Row.of("bob", 2));

        assertThatThrownBy(() -> sink.addPreWriteTopology(userFirst))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "one PravegaSink with routing key fields [user] is added to streams whose"
                                + " rows have these fields at different positions; build one sink"
                                + " per stream");
        assertThat(sink.writerRouter().getRoutingKey(Row.of(1, "alice", null))).isEqualTo("alice");
    }

    /** As when a job's plan is shown and then the job is run. */
    @Test
    void oneSinkAddedAgainToTheSameRowTypeRoutesAsBefore() {
        PravegaSink<Row> sink = sinkWith(EventRouters.rowFields("user"));
        sink.addPreWriteTopology(rows());
        sink.addPreWriteTopology(
                rowsOf(
                        Types.ROW_NAMED(new String[] {"n", "user"}, Types.LONG, Types.STRING),
                        Row.of(1L, "bob")));

        assertThat(sink.writerRouter().getRoutingKey(Row.of(1, "alice", null))).isEqualTo("alice");
    }

    @Test
    void otherRoutersAreUsedAsGiven() {
        PravegaEventRouter<Row> router = row -> "k";
        PravegaSink<Row> sink = sinkWith(router);

        sink.addPreWriteTopology(rows());

        assertThat(sink.writerRouter()).isSameAs(router);
    }

    @Test
    void unknownFieldFailsWhenTheSinkIsAdded() {
        PravegaSink<Row> sink = sinkWith(EventRouters.rowFields("user", "nope"));

        assertThatThrownBy(() -> sink.addPreWriteTopology(rows()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "routing key field 'nope' is not a field of the stream's rows; fields:"
                                + " [id, user, raw]");
    }

    @Test
    void rowFieldsNeedAStreamOfRows() {
        PravegaEventRouter<Row> router = EventRouters.rowFields("user");
        @SuppressWarnings({"unchecked", "rawtypes"})
        PravegaSink<String> sink =
                PravegaSink.<String>builder()
                        .withPravegaConfig(CONFIG)
                        .forStream("t")
                        .withSerializationSchema(new SimpleStringSchema())
                        .withEventRouter((PravegaEventRouter) router)
                        .build();
        DataStream<String> strings =
                StreamExecutionEnvironment.getExecutionEnvironment().fromData("a", "b");

        assertThatThrownBy(() -> sink.addPreWriteTopology(strings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "routing key fields [user] need a stream of rows with named fields, but"
                                + " the stream's type is String");
    }

    @Test
    void unboundRouterSaysSo() {
        assertThatThrownBy(() -> EventRouters.rowFields("user").getRoutingKey(Row.of("x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("routing key fields [user] were never bound");
    }

    @Test
    void rowFieldsNeedNames() {
        assertThatThrownBy(EventRouters::rowFields)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name at least one routing key field");
        assertThatThrownBy(() -> EventRouters.rowFields("a", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a routing key field name is empty");
    }

    private static PravegaSink<Row> sinkWith(PravegaEventRouter<Row> router) {
        return PravegaSink.<Row>builder()
                .withPravegaConfig(CONFIG)
                .forStream("t")
                .withSerializationSchema(ROW_TEXT)
                .withEventRouter(router)
                .build();
    }

    private static DataStream<Row> rows() {
        return rowsOf(
                Types.ROW_NAMED(
                        new String[] {"id", "user", "raw"},
                        Types.INT,
                        Types.STRING,
                        Types.PRIMITIVE_ARRAY(Types.BYTE)),
                Row.of(1, "alice", new byte[0]));
    }

    private static DataStream<Row> rowsOf(TypeInformation<Row> type, Row row) {
        return StreamExecutionEnvironment.getExecutionEnvironment().fromData(List.of(row), type);
    }
}
