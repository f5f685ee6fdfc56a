package dev.flinkpravega.connector.catalog;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.collect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import dev.flinkpravega.connector.testutils.TcpProxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Pravega catalog when Pravega cannot be reached: through a {@link TcpProxy} that resets every
 * connection (refusing) or keeps them open without answering (blackholed), and a catalog whose
 * Pravega goes away after it was opened. Every statement must fail within 'controller.timeout'
 * (plus slack) with the controller URI in its error, and work again once Pravega is back. The times
 * are printed with the prefix {@code [fault-report]}.
 */
class CatalogOutageITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = PravegaExtension.behindProxy();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** What a failing statement may take beyond 'controller.timeout'. */
    private static final Duration SLACK = Duration.ofSeconds(15);

    private static final AtomicInteger NAMES = new AtomicInteger();

    @Test
    void createCatalogThroughARefusingProxyFailsInTimeNamingTheUri() {
        PRAVEGA.controllerProxy().refuse();
        assertFailsInTime(
                "CREATE CATALOG through a refusing proxy",
                SqlTestSupport.streaming(),
                createCatalog("refused"));
    }

    @Test
    void createCatalogThroughAHungControllerFailsInTimeNamingTheUri() {
        PRAVEGA.controllerProxy().blackhole();
        assertFailsInTime(
                "CREATE CATALOG through a hung controller",
                SqlTestSupport.streaming(),
                createCatalog("hung"));
    }

    /**
     * A catalog opened while Pravega is reachable; then both proxies refuse: SHOW TABLES, CREATE
     * TABLE and a SELECT from a catalog table fail in time naming the URI; once they accept again
     * the same catalog instance works again.
     */
    @Test
    void anOpenCatalogFailsInTimeDuringAnOutageAndWorksAfterIt() throws Exception {
        String catalog = "c" + NAMES.incrementAndGet();
        String db = "db" + NAMES.incrementAndGet();
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(createCatalog(catalog));
        env.executeSql("USE CATALOG " + catalog);
        env.executeSql("CREATE DATABASE " + db);
        env.executeSql("USE " + db);
        env.executeSql("CREATE TABLE t (id INT) WITH ('format' = 'json')");

        both(TcpProxy::refuse);
        try {
            assertFailsInTime("SHOW TABLES during an outage", env, "SHOW TABLES");
            assertFailsInTime(
                    "CREATE TABLE during an outage",
                    env,
                    "CREATE TABLE t2 (id INT) WITH ('format' = 'json')");
            assertFailsInTime(
                    "SELECT from a catalog table during an outage",
                    env,
                    "SELECT * FROM t /*+ OPTIONS('scan.bounded.mode' = 'latest') */");
        } finally {
            both(TcpProxy::accept);
        }

        long accepted = System.nanoTime();
        Await.until(
                Duration.ofSeconds(60),
                "SHOW TABLES to work again after the outage",
                () -> {
                    try {
                        return collect(env, "SHOW TABLES").size() == 1;
                    } catch (Exception e) {
                        return false;
                    }
                });
        long backMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - accepted);
        env.executeSql("CREATE TABLE t2 (id INT) WITH ('format' = 'json')");
        assertThat(collect(env, "SHOW TABLES")).hasSize(2);
        report("open catalog: SHOW TABLES works again " + backMs + " ms after the outage");
    }

    private static String createCatalog(String name) {
        return "CREATE CATALOG "
                + name
                + " WITH ('type' = 'pravega', 'controller-uri' = '"
                + PRAVEGA.controllerUri()
                + "', 'default-database' = 'x', 'controller.timeout' = '"
                + TIMEOUT.toSeconds()
                + " s')";
    }

    /** The statement (and, for a query, its job) fails within the bound, naming the URI. */
    private static void assertFailsInTime(String what, TableEnvironment env, String statement) {
        long start = System.nanoTime();
        Throwable failure =
                catchThrowable(
                        () -> {
                            if (statement.startsWith("SELECT")) {
                                collect(env, statement);
                            } else {
                                env.executeSql(statement).await();
                            }
                        });
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        report(
                what
                        + ": failed after "
                        + tookMs
                        + " ms (controller.timeout "
                        + TIMEOUT.toMillis()
                        + " ms): "
                        + (failure == null
                                ? "no failure"
                                : ExceptionUtils.stringifyException(failure)
                                        .lines()
                                        .filter(l -> l.contains(PRAVEGA.controllerUri().toString()))
                                        .findFirst()
                                        .orElse(failure.toString())
                                        .trim()));
        assertThat(failure).as(what).isNotNull();
        assertThat(ExceptionUtils.stringifyException(failure))
                .as(what + ": the error names the controller URI")
                .contains(PRAVEGA.controllerUri().toString());
        assertThat(Duration.ofMillis(tookMs)).as(what + ": time").isLessThan(TIMEOUT.plus(SLACK));
    }

    private static void both(Consumer<TcpProxy> action) {
        action.accept(PRAVEGA.controllerProxy());
        action.accept(PRAVEGA.segmentStoreProxy());
    }

    private static void report(String text) {
        System.out.println("[fault-report] " + text);
    }
}
