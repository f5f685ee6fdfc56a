package dev.flinkpravega.connector.security;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.collect;
import static dev.flinkpravega.connector.testutils.SqlTestSupport.executeAndWait;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flinkpravega.connector.catalog.StoredCatalogBytes;
import dev.flinkpravega.connector.config.PravegaConnectionException;
import dev.flinkpravega.connector.testutils.LogCapture;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import dev.flinkpravega.connector.testutils.TestCertificates;
import dev.flinkpravega.connector.testutils.TestSecurity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.SerializedThrowable;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connector against a Pravega with TLS on the controller and the segment store and auth. */
class SecuredPravegaITCase {

    /** Every log line of the class at INFO and above (the console still shows WARN). */
    @RegisterExtension
    @Order(0)
    static final LogCapture LOGS = new LogCapture(Level.INFO);

    @RegisterExtension
    @Order(1)
    static final PravegaExtension PRAVEGA = PravegaExtension.secured();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final String[] SECRETS = {TestSecurity.PASSWORD, TestSecurity.TOKEN};

    private static final int ROWS = 200;

    private static final long CONTROLLER_TIMEOUT_MS = 10_000;

    @Test
    void sqlRoundTripOverTlsWithPassword() throws Exception {
        roundTrip(
                "security.username", TestSecurity.USERNAME,
                "security.password", TestSecurity.PASSWORD);
    }

    @Test
    void sqlRoundTripOverTlsWithCustomAuthToken() throws Exception {
        roundTrip(
                "security.auth-type", TestSecurity.TOKEN_TYPE,
                "security.auth-token", TestSecurity.TOKEN);
    }

    @Test
    void catalogOverTlsWithPassword() throws Exception {
        String scope = PRAVEGA.scope();
        TableEnvironment env = SqlTestSupport.streaming();
        createCatalog(env, scope);
        env.executeSql("CREATE DATABASE pc.db2");
        env.executeSql("CREATE TABLE pc.db2.orders (id INT, name STRING) WITH ('format' = 'json')");
        executeAndWait(env, "INSERT INTO pc.db2.orders VALUES (1, 'a'), (2, 'b')");
        List<Row> rows =
                collect(
                        env,
                        "SELECT id FROM pc.db2.orders /*+ OPTIONS('scan.bounded.mode'='latest') */");
        assertThat(rows).extracting(r -> r.getField(0)).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void aWrongPasswordFailsAtOnceNamingTheUriButNotThePassword() throws Exception {
        String wrong = "Wrong-Pw-5d2a";
        Failure failure =
                insertFailure(
                        "security.trust-store",
                        PRAVEGA.security().trustStore(),
                        "security.username",
                        TestSecurity.USERNAME,
                        "security.password",
                        wrong);
        assertThat(failure.message)
                .startsWith("Authentication failed")
                .contains(PRAVEGA.controllerUri().toString(), "refused the configured credentials");
        assertThat(failure.millis).isLessThan(CONTROLLER_TIMEOUT_MS);
        assertThat(failure.everything).doesNotContain(wrong, TestSecurity.PASSWORD);
    }

    @Test
    void aWrongTokenFailsAtOnce() throws Exception {
        String wrong = "Wrong-Tk-81f0";
        Failure failure =
                insertFailure(
                        "security.trust-store",
                        PRAVEGA.security().trustStore(),
                        "security.auth-type",
                        TestSecurity.TOKEN_TYPE,
                        "security.auth-token",
                        wrong);
        assertThat(failure.message).startsWith("Authentication failed");
        assertThat(failure.millis).isLessThan(CONTROLLER_TIMEOUT_MS);
        assertThat(failure.everything).doesNotContain(wrong, TestSecurity.TOKEN);
    }

    @Test
    void noCredentialsFailAtOnce() throws Exception {
        Failure failure = insertFailure("security.trust-store", PRAVEGA.security().trustStore());
        assertThat(failure.message)
                .startsWith("Authentication failed")
                .contains("refused a client without credentials", "'security.username'");
        assertThat(failure.millis).isLessThan(CONTROLLER_TIMEOUT_MS);
    }

    @Test
    void aMissingTrustStoreFailsWithAMessageAboutTheCertificate() throws Exception {
        Failure failure =
                insertFailure(
                        "security.username", TestSecurity.USERNAME,
                        "security.password", TestSecurity.PASSWORD);
        assertThat(failure.message)
                .startsWith("TLS handshake with Pravega at " + PRAVEGA.controllerUri())
                .contains("certificate is not trusted", "'security.trust-store'");
        // Pravega's client retries the handshake until the bound; one probe then says why.
        assertThat(failure.millis).isLessThan(CONTROLLER_TIMEOUT_MS + 5_000);
        assertThat(failure.everything).doesNotContain(TestSecurity.PASSWORD);
    }

    @Test
    void aTrustStoreOfAnotherCaIsRefused() throws Exception {
        String otherCa = TestCertificates.create("dns:localhost").caCertificate().toString();
        Failure failure =
                insertFailure(
                        "security.trust-store", otherCa,
                        "security.username", TestSecurity.USERNAME,
                        "security.password", TestSecurity.PASSWORD);
        assertThat(failure.message)
                .startsWith("TLS handshake")
                .contains("not signed by a CA in 'security.trust-store' (" + otherCa + ")");
    }

    // ------------------------------------------------------------------ secrets

    @Test
    void aCatalogTableKeepsTheSecretsOutOfItsDefinitionExplainAndCompiledPlan() throws Exception {
        String scope = PRAVEGA.scope();
        TableEnvironment env = SqlTestSupport.streaming();
        createCatalog(env, scope);
        env.executeSql("CREATE TABLE pc.`" + scope + "`.events (id INT) WITH ('format' = 'json')");
        executeAndWait(env, "INSERT INTO pc.`" + scope + "`.events VALUES (1), (2)");

        String showCreate = collect(env, "SHOW CREATE TABLE pc.`" + scope + "`.events").toString();
        assertThat(showCreate).contains("security.trust-store").doesNotContain(SECRETS);
        assertThat(showCreate).doesNotContain("security.username");
        String explain =
                env.explainSql(
                        "INSERT INTO pc.`"
                                + scope
                                + "`.events SELECT id + 10 FROM pc.`"
                                + scope
                                + "`.events /*+ OPTIONS('scan.bounded.mode'='latest') */");
        assertThat(explain).doesNotContain(SECRETS);
        String plan =
                env.compilePlanSql(
                                "INSERT INTO pc.`"
                                        + scope
                                        + "`.events SELECT id + 10 FROM pc.`"
                                        + scope
                                        + "`.events /*+ OPTIONS('scan.bounded.mode'='latest') */")
                        .asJsonString();
        assertThat(plan).contains("controller-uri", "scan.bounded.mode").doesNotContain(SECRETS);
        assertThat(StoredCatalogBytes.rawText(scope, PRAVEGA.clientConfig()))
                .contains("events")
                .doesNotContain(SECRETS);
    }

    @Test
    void aJobsRestViewsAndValidationErrorsShowNoSecret() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "rows", 1);
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql("CREATE TABLE by_password (id INT) " + secured(scope, "rows", password()));
        env.executeSql("CREATE TABLE by_token (id INT) " + secured(scope, "rows", token()));
        String explain = env.explainSql("INSERT INTO by_token SELECT id FROM by_password");
        assertThat(explain).contains("by_password").doesNotContain(SECRETS);

        TableResult insert = env.executeSql("INSERT INTO by_password VALUES (1), (2), (3)");
        JobID job = insert.getJobClient().orElseThrow().getJobID();
        insert.await(90, TimeUnit.SECONDS);
        for (String path :
                List.of(
                        "/jobs/" + job + "/config",
                        "/jobs/" + job + "/plan",
                        "/jobs/" + job,
                        "/jobmanager/config")) {
            assertThat(rest(path)).as(path).isNotEmpty().doesNotContain(SECRETS);
        }

        // Flink lists a table's options when it cannot create its sink: secrets masked.
        env.executeSql(
                "CREATE TABLE broken (id INT) "
                        + secured(scope, "rows", password(), "sink.delivery-guarantee", "often"));
        env.executeSql(
                "CREATE TABLE broken_token (id INT) "
                        + secured(scope, "rows", token(), "sink.delivery-guarantee", "often"));
        for (String table : List.of("broken", "broken_token")) {
            Throwable thrown =
                    catchThrowable(() -> env.executeSql("INSERT INTO " + table + " VALUES (1)"));
            assertThat(ExceptionUtils.stringifyException(thrown))
                    .contains("sink.delivery-guarantee", "******")
                    .doesNotContain(SECRETS);
        }
    }

    @AfterAll
    static void theLogOfTheWholeClassShowsNoSecret() {
        List<String> lines = LOGS.lines();
        // The capture works: it has INFO lines, which the console does not show.
        assertThat(lines).anyMatch(line -> line.contains(" INFO - "));
        assertThat(lines.size()).isGreaterThan(100);
        assertThat(lines).noneMatch(line -> line.contains(TestSecurity.PASSWORD));
        assertThat(lines).noneMatch(line -> line.contains(TestSecurity.TOKEN));
    }

    private static void createCatalog(TableEnvironment env, String scope) {
        env.executeSql(
                "CREATE CATALOG pc WITH ('type' = 'pravega', 'controller-uri' = '"
                        + PRAVEGA.controllerUri()
                        + "', 'default-database' = '"
                        + scope
                        + "', 'security.trust-store' = '"
                        + PRAVEGA.security().trustStore()
                        + "', 'security.username' = '"
                        + TestSecurity.USERNAME
                        + "', 'security.password' = '"
                        + TestSecurity.PASSWORD
                        + "')");
    }

    private static String[] password() {
        return new String[] {
            "security.username", TestSecurity.USERNAME, "security.password", TestSecurity.PASSWORD
        };
    }

    private static String[] token() {
        return new String[] {
            "security.auth-type", TestSecurity.TOKEN_TYPE, "security.auth-token", TestSecurity.TOKEN
        };
    }

    /** The WITH clause of a table on {@code stream} over TLS with the given credentials. */
    private static String secured(
            String scope, String stream, String[] credentials, String... extra) {
        List<String> options =
                new ArrayList<>(
                        List.of(
                                "scan.streams",
                                stream,
                                "sink.stream",
                                stream,
                                "format",
                                "json",
                                "scan.bounded.mode",
                                "latest",
                                "security.trust-store",
                                PRAVEGA.security().trustStore()));
        options.addAll(List.of(credentials));
        options.addAll(List.of(extra));
        return SqlTestSupport.pravegaOptions(PRAVEGA, scope, options.toArray(new String[0]));
    }

    /** The body of a GET on the MiniCluster's REST API. */
    private static String rest(String path) throws Exception {
        Configuration client = FLINK.getClientConfiguration();
        URI uri =
                URI.create(
                        "http://"
                                + client.get(RestOptions.ADDRESS)
                                + ":"
                                + client.get(RestOptions.PORT)
                                + path);
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(uri).GET().build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    @Test
    void aCatalogWithAWrongPasswordFailsAtOnce() {
        String wrong = "Wrong-Cat-Pw-77aa";
        TableEnvironment env = SqlTestSupport.streaming();
        long start = System.nanoTime();
        Throwable thrown =
                catchThrowable(
                        () -> {
                            env.executeSql(
                                    "CREATE CATALOG bad WITH ('type' = 'pravega',"
                                            + " 'controller-uri' = '"
                                            + PRAVEGA.controllerUri()
                                            + "', 'default-database' = '"
                                            + PRAVEGA.scope()
                                            + "', 'controller.timeout' = '10 s',"
                                            + " 'security.trust-store' = '"
                                            + PRAVEGA.security().trustStore()
                                            + "', 'security.username' = '"
                                            + TestSecurity.USERNAME
                                            + "', 'security.password' = '"
                                            + wrong
                                            + "')");
                            env.executeSql("SHOW TABLES IN bad.`" + PRAVEGA.scope() + "`");
                        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        String everything = ExceptionUtils.stringifyException(thrown);
        assertThat(everything)
                .contains(
                        "Authentication failed: Pravega at " + PRAVEGA.controllerUri(),
                        "refused the configured credentials")
                .doesNotContain(wrong);
        assertThat(millis).isLessThan(CONTROLLER_TIMEOUT_MS);
    }

    /** How an INSERT into a secured table with the given options failed. */
    private Failure insertFailure(String... security) throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "rows", 1);
        List<String> options =
                new ArrayList<>(
                        List.of(
                                "sink.stream", "rows",
                                "format", "json",
                                "controller.timeout", CONTROLLER_TIMEOUT_MS + " ms"));
        options.addAll(List.of(security));
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(
                "CREATE TABLE t (id INT) "
                        + SqlTestSupport.pravegaOptions(
                                PRAVEGA, scope, options.toArray(new String[0])));
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> executeAndWait(env, "INSERT INTO t VALUES (1)"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(thrown).as("an INSERT with bad security settings must fail").isNotNull();
        // The innermost of the connector's exceptions; a job's failure arrives serialized.
        Throwable innermost = null;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            String type =
                    t instanceof SerializedThrowable
                            ? ((SerializedThrowable) t).getOriginalErrorClassName()
                            : t.getClass().getName();
            if (type.equals(PravegaConnectionException.class.getName())) {
                innermost = t;
            }
        }
        assertThat(innermost).as(ExceptionUtils.stringifyException(thrown)).isNotNull();
        String prefix = PravegaConnectionException.class.getName() + ": ";
        String message = innermost.getMessage();
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        return new Failure(message, ExceptionUtils.stringifyException(thrown), millis);
    }

    private static final class Failure {
        final String message;
        final String everything;
        final long millis;

        Failure(String message, String everything, long millis) {
            this.message = message;
            this.everything = everything;
            this.millis = millis;
        }
    }

    private void roundTrip(String... credentials) throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "rows", 2);
        List<String> options =
                new ArrayList<>(
                        List.of("scan.streams", "rows", "sink.stream", "rows", "format", "json"));
        options.addAll(List.of("security.trust-store", PRAVEGA.security().trustStore()));
        options.addAll(List.of(credentials));
        String with = SqlTestSupport.pravegaOptions(PRAVEGA, scope, options.toArray(new String[0]));
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql("CREATE TABLE t (id INT) " + with);
        env.executeSql(
                "CREATE TEMPORARY TABLE numbers (n INT) WITH ('connector' = 'datagen',"
                        + " 'number-of-rows' = '"
                        + ROWS
                        + "', 'fields.n.kind' = 'sequence',"
                        + " 'fields.n.start' = '1', 'fields.n.end' = '"
                        + ROWS
                        + "')");
        executeAndWait(env, "INSERT INTO t SELECT n FROM numbers");
        List<Row> rows =
                collect(env, "SELECT id FROM t /*+ OPTIONS('scan.bounded.mode'='latest') */");
        assertThat(rows).hasSize(ROWS);
    }
}
