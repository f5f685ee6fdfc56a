package dev.flinkpravega.connector.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.TestSecurity;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code sql secured} example of the docs' Security section runs in Flink's own SQL Client (a
 * child JVM with only the shaded SQL jar) against a Pravega with TLS and password authentication:
 * the relocated Netty and gRPC of the jar make the TLS connections, and no credentials reach the
 * client but the example's own.
 */
class SecuredSqlClientITCase {

    private static final Path DOCS = Paths.get("docs", "pravega-connector.md");
    private static final Path WORK_DIR =
            Paths.get(System.getProperty("build.dir", "target"), "secured-sql-client-it");
    private static final Pattern SECURED_BLOCK =
            Pattern.compile("```sql secured\\n(.*?)```", Pattern.DOTALL);

    @RegisterExtension static final PravegaExtension PRAVEGA = PravegaExtension.secured();

    @Test
    void theDocsSecuredExampleRunsInTheSqlClient() throws Exception {
        Files.createDirectories(WORK_DIR);
        // What the docs' example expects to exist, as a real deployment has it.
        PRAVEGA.streamManager().createScope("web");
        PRAVEGA.streamManager()
                .createStream(
                        "web",
                        "clicks",
                        StreamConfiguration.builder()
                                .scalingPolicy(ScalingPolicy.fixed(1))
                                .build());
        Path script = WORK_DIR.toAbsolutePath().resolve("security.sql");
        Files.writeString(script, securedExample(), StandardCharsets.UTF_8);

        SqlClientProcess client = SqlClientProcess.fromSystemProperties(WORK_DIR.toAbsolutePath());
        SqlClientProcess.Result result = client.run(script, Duration.ofMinutes(4));
        String context = result.stdout + "\n--- stderr ---\n" + result.stderr;
        assertThat(result.exitCode).as(context).isZero();
        assertThat(result.stdout + result.stderr).as(context).doesNotContain("[ERROR]");
        List<List<String>> tables = TableauTables.parse(result.stdout);
        assertThat(tables).as(context).hasSize(2);
        assertThat(tables.get(0)).containsExactlyInAnyOrder("u1, /home", "u2, /cart");
        assertThat(tables.get(1)).containsExactlyInAnyOrder("1, book", "2, pen");
        // The client's own log of the run (INFO) has no password.
        assertThat(Files.readString(result.logFile))
                .isNotEmpty()
                .doesNotContain(TestSecurity.PASSWORD);
    }

    /** The docs' example, pointed at the in-process Pravega and its CA and user. */
    private static String securedExample() throws Exception {
        Matcher block = SECURED_BLOCK.matcher(Files.readString(DOCS, StandardCharsets.UTF_8));
        assertThat(block.find()).as("a ```sql secured block in " + DOCS).isTrue();
        String script =
                block.group(1)
                        .replace(
                                "tls://pravega.example.com:9090",
                                PRAVEGA.controllerUri().toString())
                        .replace("/etc/pravega/ca-cert.pem", PRAVEGA.security().trustStore())
                        .replace(
                                "'security.username'    = 'flink'",
                                "'security.username'    = '" + TestSecurity.USERNAME + "'")
                        .replace(
                                "'security.password'    = 'change-me'",
                                "'security.password'    = '" + TestSecurity.PASSWORD + "'");
        // Both the table and the catalog got the test user's password.
        assertThat(script.split(TestSecurity.PASSWORD, -1)).hasSize(3);
        return script;
    }
}
