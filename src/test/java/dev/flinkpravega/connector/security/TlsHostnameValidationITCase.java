package dev.flinkpravega.connector.security;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.collect;
import static dev.flinkpravega.connector.testutils.SqlTestSupport.executeAndWait;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import dev.flinkpravega.connector.testutils.TestSecurity;
import java.util.List;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code security.validate-hostname} against a segment store whose certificate does not name the
 * address it advertises: the certificate names {@code localhost}, the segment store advertises
 * itself as {@code 127.0.0.1}. (The controller is reached as {@code localhost}: Pravega's
 * controller client always checks the host name, whatever the option says.)
 */
class TlsHostnameValidationITCase {

    @RegisterExtension
    static final PravegaExtension PRAVEGA = PravegaExtension.secured("127.0.0.1", "dns:localhost");

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    @Test
    void withoutTheCheckTheSegmentStoreIsReached() throws Exception {
        TableEnvironment env = table("false");
        executeAndWait(env, "INSERT INTO t VALUES (1), (2), (3)");
        List<Row> rows = collect(env, "SELECT id FROM t");
        assertThat(rows).extracting(r -> r.getField(0)).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void withTheCheckTheSegmentStoreIsRefused() throws Exception {
        TableEnvironment env = table("true");
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> executeAndWait(env, "INSERT INTO t VALUES (1)"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        // Without the connector's own handshake the writer retried for good (90 s, no word).
        assertThat(millis).isLessThan(10_000);
        assertThat(ExceptionUtils.stringifyException(thrown))
                .contains(
                        "TLS handshake with the segment store at 127.0.0.1:",
                        "advertises itself as '127.0.0.1', a name its certificate does not have",
                        "'security.validate-hostname' = 'false'");
    }

    private static TableEnvironment table(String validate) {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "rows", 1);
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(
                "CREATE TABLE t (id INT) "
                        + SqlTestSupport.pravegaOptions(
                                PRAVEGA,
                                scope,
                                "scan.streams",
                                "rows",
                                "sink.stream",
                                "rows",
                                "scan.bounded.mode",
                                "latest",
                                "format",
                                "json",
                                "controller.timeout",
                                "10 s",
                                "security.trust-store",
                                PRAVEGA.security().trustStore(),
                                "security.username",
                                TestSecurity.USERNAME,
                                "security.password",
                                TestSecurity.PASSWORD,
                                "security.validate-hostname",
                                validate));
        return env;
    }
}
