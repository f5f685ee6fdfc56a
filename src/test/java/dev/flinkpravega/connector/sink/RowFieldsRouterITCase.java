package dev.flinkpravega.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@link EventRouters#rowFields} router in a real job: the bound copy each sink makes when it is
 * added to the job is what its writers route with on the task manager. One router serves two sinks
 * whose rows have the field at different positions.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RowFieldsRouterITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final int ROWS = 300;
    private static final int USERS = 5;

    @Test
    void eachSinkRoutesByTheFieldOfItsOwnRowType() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "userLast", 3);
        PRAVEGA.createStream(scope, "userFirst", 3);
        PravegaEventRouter<Row> byUser = EventRouters.rowFields("user");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // One writer per stream: the order of each user's rows then survives only if all of
        // them go to one segment, which their routing key decides.
        env.setParallelism(1);
        env.fromData(
                        rows(i -> Row.of(i, "u" + i % USERS)),
                        Types.ROW_NAMED(new String[] {"n", "user"}, Types.INT, Types.STRING))
                .sinkTo(
                        sink(
                                scope,
                                "userLast",
                                byUser,
                                row -> text(row.getField(1), row.getField(0))));
        env.fromData(
                        rows(i -> Row.of("u" + i % USERS, i)),
                        Types.ROW_NAMED(new String[] {"user", "n"}, Types.STRING, Types.INT))
                .sinkTo(
                        sink(
                                scope,
                                "userFirst",
                                byUser,
                                row -> text(row.getField(0), row.getField(1))));
        env.execute("one router, two row types");

        for (String stream : List.of("userLast", "userFirst")) {
            List<String> read = PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, stream);
            assertThat(read).as(stream).hasSize(ROWS);
            Map<String, List<Integer>> byKey = new LinkedHashMap<>();
            for (String event : read) {
                String[] parts = event.split(":");
                byKey.computeIfAbsent(parts[0], k -> new ArrayList<>())
                        .add(Integer.parseInt(parts[1]));
            }
            assertThat(byKey).as(stream).hasSize(USERS);
            byKey.forEach(
                    (user, ns) -> assertThat(ns).as("%s rows of %s", stream, user).isSorted());
        }
    }

    private static List<Row> rows(IntFunction<Row> row) {
        return IntStream.range(0, ROWS).mapToObj(row).collect(Collectors.toList());
    }

    private static byte[] text(Object user, Object n) {
        return (user + ":" + n).getBytes(StandardCharsets.UTF_8);
    }

    private static PravegaSink<Row> sink(
            String scope,
            String stream,
            PravegaEventRouter<Row> router,
            SerializationSchema<Row> serializer) {
        return PravegaSink.<Row>builder()
                .withPravegaConfig(
                        PravegaConfig.builder()
                                .controllerUri(PRAVEGA.controllerUri())
                                .defaultScope(scope)
                                .build())
                .forStream(stream)
                .withSerializationSchema(serializer)
                .withEventRouter(router)
                .withDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
