package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.TableOptionsFixture.PASSWORD;
import static dev.flinkpravega.connector.table.TableOptionsFixture.SCOPE;
import static dev.flinkpravega.connector.table.TableOptionsFixture.TOKEN;
import static dev.flinkpravega.connector.table.TableOptionsFixture.allMessages;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertSinkFails;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertSourceFails;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertValidationFailure;
import static dev.flinkpravega.connector.table.TableOptionsFixture.baseOptions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.config;
import static dev.flinkpravega.connector.table.TableOptionsFixture.createSink;
import static dev.flinkpravega.connector.table.TableOptionsFixture.createSource;
import static dev.flinkpravega.connector.table.TableOptionsFixture.fullOptions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.runtimeSink;
import static dev.flinkpravega.connector.table.TableOptionsFixture.runtimeSource;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sinkOptions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sourceOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.PravegaCredentials;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.sink.PravegaSink;
import dev.flinkpravega.connector.source.PravegaSource;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connection options ({@code controller-uri}, {@code scope}, {@code controller.timeout}, {@code
 * security.*}) as the table factory and {@link ConnectionOptionsValidator} check them, and the
 * secrets that must not show; no Pravega server, no network.
 */
class ConnectionOptionsTest {

    // ==================================================================== connection options

    @Nested
    class ControllerUri {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "tcp://localhost:9090",
                    "tls://controller.example.com:9443",
                    "tcp://10.0.0.7:1",
                    "  tcp://localhost:9090  "
                })
        void validUriIsAccepted(String uri) {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("controller-uri", uri)));

            assertThat(source.config().connection().controllerUri())
                    .isEqualTo(URI.create(uri.trim()));
            assertThat(source.config().connection().clientConfig().getControllerURI())
                    .isEqualTo(URI.create(uri.trim()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost:9090", "//localhost:9090", "/controller"})
        void uriWithoutSchemeIsRejected(String uri) {
            assertSourceFails(sourceOptions(o -> o.put("controller-uri", uri)))
                    .hasMessage(
                            "Invalid value '"
                                    + uri
                                    + "' for option 'controller-uri': the scheme must be one of"
                                    + " 'tcp', 'tls', as in 'tcp://host:9090'.");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "http://localhost:9090",
                    "https://h:443",
                    "pravega://h:9090",
                    "TCP://h:1"
                })
        void uriWithOtherSchemeIsRejected(String uri) {
            assertSinkFails(sinkOptions(o -> o.put("controller-uri", uri)))
                    .hasMessageContaining("Invalid value '" + uri + "'")
                    .hasMessageContaining("'controller-uri'")
                    .hasMessageContaining("the scheme must be one of 'tcp', 'tls'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"tcp://localhost", "tls://controller.example.com", "tcp://:9090"})
        void uriWithoutHostOrPortIsRejected(String uri) {
            assertSourceFails(sourceOptions(o -> o.put("controller-uri", uri)))
                    .hasMessage(
                            "Invalid value '"
                                    + uri
                                    + "' for option 'controller-uri': it needs a host and a port,"
                                    + " as in 'tcp://host:9090'.");
        }

        @Test
        void textThatIsNoUriIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("controller-uri", "tcp://ho st:9090")))
                    .hasMessageContaining("'controller-uri'")
                    .hasMessageContaining("it is not a URI");
        }

        @Test
        void blankUriIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("controller-uri", "  ")))
                    .hasMessage("Option 'controller-uri' is required to reach Pravega.");
        }

        @Test
        void multipleControllersAreNotSupported() {
            // Pravega's own client accepts 'tcp://h1:9090,h2:9090'; this connector does not (yet).
            assertSourceFails(sourceOptions(o -> o.put("controller-uri", "tcp://h1:9090,h2:9090")))
                    .hasMessageContaining("'controller-uri'");
        }
    }

    @Nested
    class ScopeOption {

        @Test
        void validScopeIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("scope", "Team-1.prod")));

            assertThat(source.config().connection().defaultScope()).isEqualTo("Team-1.prod");
            assertThat(source.config().streams())
                    .containsExactly(StreamRef.of("Team-1.prod", "events"));
            assertThat(source.config().readerGroupScope()).isEqualTo("Team-1.prod");
        }

        @ParameterizedTest
        @ValueSource(strings = {"my_scope", "my scope", "a/b", "scöpe"})
        void invalidScopeNameIsRejected(String scope) {
            assertSourceFails(sourceOptions(o -> o.put("scope", scope)))
                    .hasMessageContaining("Invalid value '" + scope + "' for option 'scope'")
                    .hasMessageContaining("letters, digits, '.' and '-'");
            assertSinkFails(sinkOptions(o -> o.put("scope", scope)))
                    .hasMessageContaining("for option 'scope'");
        }

        @Test
        void tooLongScopeIsRejected() {
            String scope = "s".repeat(251);

            assertSourceFails(sourceOptions(o -> o.put("scope", scope)))
                    .hasMessageContaining("for option 'scope'")
                    .hasMessageContaining("longer than 250 characters");
        }

        @Test
        void blankScopeIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("scope", "")))
                    .hasMessage("Option 'scope' is required for stream names without a scope.");
        }
    }

    @Nested
    class ControllerTimeout {

        @Test
        void validTimeoutIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("controller.timeout", "2 min")));

            assertThat(source.config().connection().controllerTimeout())
                    .isEqualTo(Duration.ofMinutes(2));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "0 s", "0 ms"})
        void zeroTimeoutIsRejected(String value) {
            assertSourceFails(sourceOptions(o -> o.put("controller.timeout", value)))
                    .hasMessage(
                            "Invalid value 'PT0S' for option 'controller.timeout': it must be a"
                                    + " positive duration.");
            assertSinkFails(sinkOptions(o -> o.put("controller.timeout", value)))
                    .hasMessageContaining("'controller.timeout'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"soon", "-5 s", "10 parsecs"})
        void unparsableTimeoutIsRejected(String value) {
            Map<String, String> options = sourceOptions(o -> o.put("controller.timeout", value));
            Throwable thrown = catchThrowable(() -> createSource(options));

            assertValidationFailure(thrown)
                    .hasMessageContaining("Invalid value for option 'controller.timeout'");
        }
    }

    // ==================================================================== security options

    @Nested
    class Security {

        @Test
        void basicCredentialsAreAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(
                                    o -> {
                                        o.put("security.username", "alice");
                                        o.put("security.password", PASSWORD);
                                    }));

            assertThat(source.config().connection().credentials())
                    .isEqualTo(PravegaCredentials.basic("alice", PASSWORD));
            assertThat(
                            source.config()
                                    .connection()
                                    .clientConfig()
                                    .getCredentials()
                                    .getAuthenticationType())
                    .isEqualTo("Basic");
        }

        @Test
        void customCredentialsAreAccepted() {
            PravegaSink<RowData> sink =
                    runtimeSink(
                            sinkOptions(
                                    o -> {
                                        o.put("security.auth-type", "Bearer");
                                        o.put("security.auth-token", TOKEN);
                                    }));

            assertThat(sink.config().connection().credentials())
                    .isEqualTo(PravegaCredentials.custom("Bearer", TOKEN));
            assertThat(
                            sink.config()
                                    .connection()
                                    .clientConfig()
                                    .getCredentials()
                                    .getAuthenticationToken())
                    .isEqualTo(TOKEN);
        }

        @Test
        void usernameWithoutPasswordIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("security.username", "alice")))
                    .hasMessage(
                            "Options 'security.username' and 'security.password' go together for"
                                    + " basic authentication: give both or neither.");
        }

        @Test
        void passwordWithoutUsernameIsRejected() {
            Throwable thrown =
                    catchThrowable(
                            () ->
                                    createSink(
                                            sinkOptions(
                                                    o -> o.put("security.password", PASSWORD))));

            assertValidationFailure(thrown)
                    .hasMessageContaining(
                            "'security.username' and 'security.password' go together");
            assertThat(allMessages(thrown)).doesNotContain(PASSWORD);
        }

        @Test
        void authTypeWithoutTokenIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("security.auth-type", "Bearer")))
                    .hasMessage(
                            "Options 'security.auth-type' and 'security.auth-token' go together"
                                    + " for custom authentication: give both or neither.");
        }

        @Test
        void tokenWithoutAuthTypeIsRejected() {
            Throwable thrown =
                    catchThrowable(
                            () ->
                                    createSource(
                                            sourceOptions(
                                                    o -> o.put("security.auth-token", TOKEN))));

            assertValidationFailure(thrown)
                    .hasMessageContaining(
                            "'security.auth-type' and 'security.auth-token' go together");
            assertThat(allMessages(thrown)).doesNotContain(TOKEN);
        }

        @Test
        void basicAndCustomTogetherAreRejected() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("security.username", "alice");
                                        o.put("security.password", PASSWORD);
                                        o.put("security.auth-type", "Bearer");
                                        o.put("security.auth-token", TOKEN);
                                    }))
                    .hasMessage(
                            "Give either basic credentials ('security.username',"
                                    + " 'security.password') or custom ones ('security.auth-type',"
                                    + " 'security.auth-token'), not both.");
        }

        @Test
        void trustStoreIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(
                                    o -> {
                                        o.put("controller-uri", "tls://controller:9443");
                                        o.put("security.trust-store", "/etc/pravega/ca.pem");
                                    }));

            assertThat(source.config().connection().trustStore()).isEqualTo("/etc/pravega/ca.pem");
            assertThat(source.config().connection().clientConfig().getTrustStore())
                    .isEqualTo("/etc/pravega/ca.pem");
        }

        @Test
        void trustStoreIsNotCheckedOffline() {
            // The file only has to exist where the job runs, so no value is rejected here; this
            // test documents that (and fails if a check is added without updating the tests).
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(o -> o.put("security.trust-store", "/no/such/file")));

            assertThat(source.config().connection().trustStore()).isEqualTo("/no/such/file");
        }

        @Test
        void validateHostnameIsAccepted() {
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("security.validate-hostname", "false")));

            assertThat(sink.config().connection().validateHostname()).isFalse();
            assertThat(sink.config().connection().clientConfig().isValidateHostName()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "security.username",
                    "security.password",
                    "security.auth-type",
                    "security.auth-token",
                    "security.trust-store"
                })
        void blankSecurityOptionIsRejectedWithoutItsValue(String key) {
            Map<String, String> options =
                    sourceOptions(
                            o -> {
                                o.put("security.username", "alice");
                                o.put("security.password", PASSWORD);
                                o.put(key, "  ");
                            });
            if (key.startsWith("security.auth")) {
                options.remove("security.username");
                options.remove("security.password");
                options.put("security.auth-type", "token");
                options.put("security.auth-token", TOKEN);
                options.put(key, "  ");
            }

            assertSourceFails(options)
                    .hasMessage(
                            "Option '" + key + "' is blank: give a value or remove the option.");
        }

        @Test
        void catalogStyleValidationOfAnUnparsableValidateHostnameIsAValidationException() {
            // The catalog checks stored options without the factory's own type check.
            Throwable thrown =
                    catchThrowable(
                            () ->
                                    ConnectionOptionsValidator.pravegaConfig(
                                            config(
                                                    sourceOptions(
                                                            o ->
                                                                    o.put(
                                                                            "security.validate-hostname",
                                                                            "sometimes")))));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "Invalid value for option 'security.validate-hostname': use 'true' or"
                                    + " 'false'.");
        }

        @Test
        void nonBooleanValidateHostnameIsRejected() {
            assertSinkFails(sinkOptions(o -> o.put("security.validate-hostname", "sometimes")))
                    .hasMessageContaining("Invalid value for option 'security.validate-hostname'");
        }
    }

    // ==================================================================== secrets

    @Nested
    class Secrets {

        private Map<String, String> withPassword(Map<String, String> options) {
            options.put("security.username", "alice");
            options.put("security.password", PASSWORD);
            return options;
        }

        private Map<String, String> withToken(Map<String, String> options) {
            options.put("security.auth-type", "Bearer");
            options.put("security.auth-token", TOKEN);
            return options;
        }

        @Test
        void configAndCredentialsToStringHideThePassword() {
            PravegaConfig config =
                    runtimeSource(withPassword(sourceOptions())).config().connection();

            assertThat(config.toString()).doesNotContain(PASSWORD).contains("alice");
            assertThat(config.credentials().toString()).doesNotContain(PASSWORD);
        }

        @Test
        void configAndCredentialsToStringHideTheToken() {
            PravegaConfig config = runtimeSink(withToken(sinkOptions())).config().connection();

            assertThat(config.toString()).doesNotContain(TOKEN).contains("Bearer");
            assertThat(config.credentials().toString()).doesNotContain(TOKEN);
        }

        @Test
        void summaryStringsHideSecrets() {
            // fullOptions() has basic credentials; swap them for custom ones for the token.
            Map<String, String> tokenOptions = fullOptions();
            tokenOptions.remove("security.username");
            tokenOptions.remove("security.password");
            withToken(tokenOptions);

            assertThat(createSource(fullOptions()).asSummaryString()).doesNotContain(PASSWORD);
            assertThat(createSink(fullOptions()).asSummaryString()).doesNotContain(PASSWORD);
            assertThat(createSource(tokenOptions).asSummaryString()).doesNotContain(TOKEN);
            assertThat(createSink(tokenOptions).asSummaryString()).doesNotContain(TOKEN);
        }

        @Test
        void validationErrorsHideSecrets() {
            Map<String, String> options = withPassword(sourceOptions());
            options.put("scan.streams", "bad_name");
            Throwable withPassword = catchThrowable(() -> createSource(options));

            Map<String, String> tokenOptions = withToken(sinkOptions());
            tokenOptions.put("sink.stream", "bad_name");
            Throwable withToken = catchThrowable(() -> createSink(tokenOptions));

            // Flink lists the table's options in the error, hiding sensitive ones.
            assertThat(allMessages(withPassword))
                    .contains("'security.password'='******'")
                    .doesNotContain(PASSWORD);
            assertThat(allMessages(withToken))
                    .contains("'security.auth-token'='******'")
                    .doesNotContain(TOKEN);
        }
    }

    // ==================================================================== validator, directly

    /**
     * {@link ConnectionOptionsValidator} is also called without the factory (the catalog and its
     * factory do); then its own messages, not Flink's, report missing and unparsable values.
     */
    @Nested
    class ValidatorDirectly {

        @Test
        void unparsableDurationNamesTheFormat() {
            Map<String, String> options = sourceOptions(o -> o.put("controller.timeout", "soon"));

            Throwable thrown =
                    catchThrowable(() -> ConnectionOptionsValidator.pravegaConfig(config(options)));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "Invalid value for option 'controller.timeout': use a duration such"
                                    + " as '30 s' or '500 ms'.");
        }

        @Test
        void missingControllerUri() {
            Map<String, String> options = sourceOptions(o -> o.remove("controller-uri"));

            assertThat(
                            catchThrowable(
                                    () ->
                                            ConnectionOptionsValidator.pravegaConfig(
                                                    config(options))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessage("Option 'controller-uri' is required to reach Pravega.");
        }

        @Test
        void missingScope() {
            Map<String, String> options = sourceOptions(o -> o.remove("scope"));

            assertThat(
                            catchThrowable(
                                    () ->
                                            ConnectionOptionsValidator.pravegaConfig(
                                                    config(options))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessage("Option 'scope' is required for stream names without a scope.");
        }

        @Test
        void validOptionsGiveTheConnectionConfig() {
            PravegaConfig actual = ConnectionOptionsValidator.pravegaConfig(config(fullOptions()));

            assertThat(actual)
                    .isEqualTo(
                            PravegaConfig.builder()
                                    .controllerUri(URI.create("tls://controller.example.com:9443"))
                                    .defaultScope(SCOPE)
                                    .controllerTimeout(Duration.ofSeconds(45))
                                    .credentials(PravegaCredentials.basic("alice", PASSWORD))
                                    .trustStore("/etc/pravega/ca.pem")
                                    .validateHostname(false)
                                    .build());
        }

        @Test
        void minimalOptionsGiveTheDefaults() {
            PravegaConfig actual = ConnectionOptionsValidator.pravegaConfig(config(baseOptions()));

            assertThat(actual.controllerUri()).isEqualTo(URI.create("tcp://localhost:9090"));
            assertThat(actual.defaultScope()).isEqualTo(SCOPE);
            assertThat(actual.controllerTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(actual.credentials()).isEqualTo(PravegaCredentials.none());
            assertThat(actual.trustStore()).isNull();
            assertThat(actual.validateHostname()).isTrue();
        }

        @Test
        void checkNameQuotesTheOption() {
            Throwable thrown =
                    catchThrowable(
                            () ->
                                    ConnectionOptionsValidator.checkName(
                                            PravegaConnectorOptions.SCOPE, "scope", "my_scope"));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "Invalid value 'my_scope' for option 'scope': 'my_scope' is not a"
                                    + " valid Pravega scope name: use only letters, digits, '.'"
                                    + " and '-'.");
        }
    }
}
