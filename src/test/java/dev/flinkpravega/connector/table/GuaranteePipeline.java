package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.collect;
import static dev.flinkpravega.connector.testutils.SqlTestSupport.pravegaOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.table.api.TableEnvironment;

/**
 * The job of the delivery-guarantee tests: 'in' (bounded at its tail) through {@code fail_once}
 * into 'out' with the given guarantee, checkpoints and a restart strategy.
 */
final class GuaranteePipeline {
    static final String INSERT = "INSERT INTO dst SELECT fail_once(id) FROM src";

    private GuaranteePipeline() {}

    static TableEnvironment create(
            PravegaExtension pravega,
            String scope,
            String guarantee,
            int parallelism,
            String checkpointInterval) {
        TableEnvironment env = SqlTestSupport.streaming();
        env.getConfig().set("execution.checkpointing.interval", checkpointInterval);
        env.getConfig().set("restart-strategy.type", "fixed-delay");
        env.getConfig().set("restart-strategy.fixed-delay.attempts", "10");
        env.getConfig().set("restart-strategy.fixed-delay.delay", "100 ms");
        env.getConfig().set("table.exec.resource.default-parallelism", String.valueOf(parallelism));
        env.createTemporarySystemFunction("fail_once", FailOnce.class);
        env.executeSql(
                "CREATE TABLE src (id INT) "
                        + pravegaOptions(
                                pravega,
                                scope,
                                "scan.streams",
                                "in",
                                "scan.bounded.mode",
                                "latest",
                                "format",
                                "json"));
        env.executeSql(
                "CREATE TABLE dst (id INT) "
                        + pravegaOptions(
                                pravega,
                                scope,
                                "sink.stream",
                                "out",
                                "sink.delivery-guarantee",
                                guarantee,
                                "format",
                                "json"));
        return env;
    }

    /** Every id in a stream of {"id": n} events, read with a bounded batch query. */
    static List<Integer> readIds(PravegaExtension pravega, String scope, String stream)
            throws Exception {
        TableEnvironment reader = SqlTestSupport.batch();
        reader.executeSql(
                "CREATE TABLE ids (id INT) "
                        + pravegaOptions(
                                pravega,
                                scope,
                                "scan.streams",
                                stream,
                                "scan.bounded.mode",
                                "latest",
                                "format",
                                "json"));
        return collect(reader, "SELECT id FROM ids").stream()
                .map(r -> (Integer) r.getField(0))
                .collect(Collectors.toList());
    }

    /** The input rows {"id": n} for n in [from, to). */
    static List<String> json(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> "{\"id\":" + i + "}")
                .collect(Collectors.toList());
    }

    /** The stream holds each of the ids 0..count-1 exactly once. */
    static void assertExactlyOnce(PravegaExtension pravega, String scope, String stream, int count)
            throws Exception {
        Map<Integer, Long> copies =
                readIds(pravega, scope, stream).stream()
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(copies.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, count).boxed().collect(Collectors.toSet()));
        assertThat(copies.values()).as("copies of each row").allMatch(n -> n == 1L);
    }
}
