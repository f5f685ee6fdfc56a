package dev.flinkpravega.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pravega.client.ClientConfig;
import io.pravega.shared.security.auth.Credentials;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for {@link PravegaConfig} and {@link PravegaCredentials}. */
class PravegaConfigTest {

    private static final String PASSWORD = "pa55-Wörd-7f3c";
    private static final String TOKEN = "tok-9d1e0b6a";

    private static PravegaConfig.Builder minimal() {
        return PravegaConfig.builder().controllerUri("tcp://localhost:9090");
    }

    // ------------------------------------------------------------------ builder

    @Test
    void builderDefaults() {
        PravegaConfig config = minimal().build();

        assertThat(config.controllerUri()).isEqualTo(URI.create("tcp://localhost:9090"));
        assertThat(config.defaultScope()).isNull();
        assertThat(config.credentials()).isSameAs(PravegaCredentials.none());
        assertThat(config.credentials().isNone()).isTrue();
        assertThat(config.trustStore()).isNull();
        assertThat(config.validateHostname()).isTrue();
        assertThat(config.controllerTimeout())
                .isEqualTo(PravegaConfig.DEFAULT_CONTROLLER_TIMEOUT)
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void builderKeepsEverySetting() {
        PravegaConfig config =
                PravegaConfig.builder()
                        .controllerUri(URI.create("tls://controller:9443"))
                        .defaultScope("analytics")
                        .credentials(PravegaCredentials.basic("alice", PASSWORD))
                        .trustStore("/etc/pravega/ca.pem")
                        .validateHostname(false)
                        .controllerTimeout(Duration.ofSeconds(5))
                        .build();

        assertThat(config.controllerUri()).isEqualTo(URI.create("tls://controller:9443"));
        assertThat(config.defaultScope()).isEqualTo("analytics");
        assertThat(config.credentials()).isEqualTo(PravegaCredentials.basic("alice", PASSWORD));
        assertThat(config.trustStore()).isEqualTo("/etc/pravega/ca.pem");
        assertThat(config.validateHostname()).isFalse();
        assertThat(config.controllerTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void controllerUriIsRequired() {
        assertThatThrownBy(() -> PravegaConfig.builder().defaultScope("s").build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("controllerUri");
    }

    @Test
    void controllerTimeoutMustBePositive() {
        assertThatThrownBy(() -> minimal().controllerTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("controller timeout must be positive");
        assertThatThrownBy(() -> minimal().controllerTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("controller timeout must be positive");
        assertThatThrownBy(() -> minimal().controllerTimeout(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidDefaultScopeIsRejectedOnBuild() {
        assertThatThrownBy(() -> minimal().defaultScope("my_scope").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'my_scope' is not a valid Pravega scope name");
        assertThatThrownBy(() -> minimal().defaultScope("").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the scope name is empty");
    }

    @Test
    void credentialsMustNotBeNull() {
        assertThatThrownBy(() -> minimal().credentials(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("credentials");
    }

    @Test
    void toBuilderCopiesEverything() {
        PravegaConfig config =
                minimal()
                        .defaultScope("analytics")
                        .credentials(PravegaCredentials.custom("Bearer", TOKEN))
                        .trustStore("/ca.pem")
                        .validateHostname(false)
                        .controllerTimeout(Duration.ofMillis(1500))
                        .build();

        assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
        assertThat(config.toBuilder().validateHostname(true).build()).isNotEqualTo(config);
    }

    // ------------------------------------------------------------------ resolve

    @Test
    void resolveUsesTheDefaultScope() {
        PravegaConfig config = minimal().defaultScope("analytics").build();

        assertThat(config.resolve("events")).isEqualTo(StreamRef.of("analytics", "events"));
        assertThat(config.resolve("other/events")).isEqualTo(StreamRef.of("other", "events"));
    }

    @Test
    void resolveWithoutDefaultScopeNeedsAQualifiedName() {
        PravegaConfig config = minimal().build();

        assertThat(config.resolve("other/events")).isEqualTo(StreamRef.of("other", "events"));
        assertThatThrownBy(() -> config.resolve("events"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stream 'events' has no scope and no default scope is set");
    }

    @Test
    void resolveRejectsInvalidNames() {
        PravegaConfig config = minimal().defaultScope("analytics").build();

        assertThatThrownBy(() -> config.resolve("bad name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad name' is not a valid Pravega stream name");
    }

    // ------------------------------------------------------------------ client config

    @Test
    void clientConfigCarriesUriAndTlsSettings() {
        ClientConfig client =
                PravegaConfig.builder()
                        .controllerUri("tls://controller.example.com:9443")
                        .trustStore("/etc/pravega/ca.pem")
                        .validateHostname(false)
                        .build()
                        .clientConfig();

        assertThat(client.getControllerURI())
                .isEqualTo(URI.create("tls://controller.example.com:9443"));
        assertThat(client.getTrustStore()).isEqualTo("/etc/pravega/ca.pem");
        assertThat(client.isValidateHostName()).isFalse();
        assertThat(client.isEnableTlsToController()).isTrue();
    }

    @Test
    void clientConfigOfPlainTcp() {
        ClientConfig client = minimal().build().clientConfig();

        assertThat(client.getControllerURI()).isEqualTo(URI.create("tcp://localhost:9090"));
        assertThat(client.getTrustStore()).isNull();
        assertThat(client.isValidateHostName()).isTrue();
        assertThat(client.isEnableTlsToController()).isFalse();
    }

    @Test
    void clientConfigWithoutCredentials() {
        // Pravega falls back to system properties / environment when no credentials are given;
        // none of those are set in the test JVM.
        ClientConfig client = minimal().build().clientConfig();

        assertThat(client.getCredentials()).isNull();
    }

    @Test
    void clientConfigWithBasicCredentials() {
        ClientConfig client =
                minimal()
                        .credentials(PravegaCredentials.basic("alice", PASSWORD))
                        .build()
                        .clientConfig();

        Credentials credentials = client.getCredentials();
        assertThat(credentials).isNotNull();
        assertThat(credentials.getAuthenticationType()).isEqualTo("Basic");
        // The basic token is base64("user:password"): user name and password must not be swapped.
        String decoded =
                new String(
                        Base64.getDecoder().decode(credentials.getAuthenticationToken()),
                        StandardCharsets.UTF_8);
        assertThat(decoded).isEqualTo("alice:" + PASSWORD);
    }

    @Test
    void clientConfigWithCustomCredentials() {
        ClientConfig client =
                minimal()
                        .credentials(PravegaCredentials.custom("Bearer", TOKEN))
                        .build()
                        .clientConfig();

        Credentials credentials = client.getCredentials();
        assertThat(credentials.getAuthenticationType()).isEqualTo("Bearer");
        assertThat(credentials.getAuthenticationToken()).isEqualTo(TOKEN);
        assertThat(credentials.toString()).doesNotContain(TOKEN);
    }

    @ParameterizedTest(name = "controller timeout {0} ms -> connect timeout {1} ms")
    @CsvSource({"1, 1000", "999, 1000", "1000, 1000", "5000, 5000", "10000, 10000", "60000, 10000"})
    void connectTimeoutFollowsControllerTimeoutWithinBounds(long timeoutMs, long connectMs) {
        ClientConfig client =
                minimal().controllerTimeout(Duration.ofMillis(timeoutMs)).build().clientConfig();

        assertThat(client.getConnectTimeoutMilliSec()).isEqualTo(connectMs);
    }

    // ------------------------------------------------------------------ secrets

    @Test
    void toStringHidesThePassword() {
        PravegaConfig config =
                minimal()
                        .defaultScope("analytics")
                        .credentials(PravegaCredentials.basic("alice", PASSWORD))
                        .build();

        assertThat(config.toString())
                .doesNotContain(PASSWORD)
                .contains("alice")
                .contains("tcp://localhost:9090")
                .contains("analytics");
        assertThat(config.credentials().toString()).isEqualTo("basic(user=alice, password=******)");
    }

    @Test
    void toStringHidesTheToken() {
        PravegaConfig config =
                minimal().credentials(PravegaCredentials.custom("Bearer", TOKEN)).build();

        assertThat(config.toString()).doesNotContain(TOKEN).contains("Bearer");
        assertThat(config.credentials().toString()).isEqualTo("custom(type=Bearer, token=******)");
    }

    @Test
    void toStringOfNoCredentials() {
        assertThat(PravegaCredentials.none()).hasToString("none");
        assertThat(minimal().build().toString()).contains("credentials=none");
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void credentialKinds() {
        assertThat(PravegaCredentials.none().isNone()).isTrue();
        assertThat(PravegaCredentials.none().toPravegaCredentials()).isNull();
        assertThat(PravegaCredentials.basic("alice", PASSWORD).isNone()).isFalse();
        assertThat(PravegaCredentials.custom("Bearer", TOKEN).isNone()).isFalse();
    }

    @Test
    void credentialsRejectNullParts() {
        assertThatThrownBy(() -> PravegaCredentials.basic(null, PASSWORD))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("username");
        assertThatThrownBy(() -> PravegaCredentials.basic("alice", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> PravegaCredentials.custom(null, TOKEN))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("authType");
        assertThatThrownBy(() -> PravegaCredentials.custom("Bearer", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("authToken");
    }

    @Test
    void credentialsEquality() {
        assertThat(PravegaCredentials.basic("alice", PASSWORD))
                .isEqualTo(PravegaCredentials.basic("alice", PASSWORD))
                .hasSameHashCodeAs(PravegaCredentials.basic("alice", PASSWORD))
                .isNotEqualTo(PravegaCredentials.basic("alice", "other"))
                .isNotEqualTo(PravegaCredentials.basic("bob", PASSWORD))
                .isNotEqualTo(PravegaCredentials.custom("alice", PASSWORD))
                .isNotEqualTo(PravegaCredentials.none());
    }

    // ------------------------------------------------------------------ value semantics

    @Test
    void equalsComparesEverySetting() {
        PravegaConfig base =
                minimal()
                        .defaultScope("analytics")
                        .credentials(PravegaCredentials.basic("alice", PASSWORD))
                        .trustStore("/ca.pem")
                        .build();

        assertThat(base.toBuilder().build()).isEqualTo(base);
        assertThat(base.toBuilder().controllerUri("tcp://other:9090").build()).isNotEqualTo(base);
        assertThat(base.toBuilder().defaultScope("other").build()).isNotEqualTo(base);
        assertThat(base.toBuilder().defaultScope(null).build()).isNotEqualTo(base);
        assertThat(base.toBuilder().credentials(PravegaCredentials.none()).build())
                .isNotEqualTo(base);
        assertThat(base.toBuilder().trustStore(null).build()).isNotEqualTo(base);
        assertThat(base.toBuilder().validateHostname(false).build()).isNotEqualTo(base);
        assertThat(base.toBuilder().controllerTimeout(Duration.ofSeconds(1)).build())
                .isNotEqualTo(base);
    }

    @Test
    void survivesJavaSerializationWithItsSecrets() throws Exception {
        PravegaConfig config =
                minimal()
                        .defaultScope("analytics")
                        .credentials(PravegaCredentials.basic("alice", PASSWORD))
                        .trustStore("/ca.pem")
                        .validateHostname(false)
                        .controllerTimeout(Duration.ofSeconds(3))
                        .build();

        PravegaConfig copy = InstantiationUtil.clone(config);

        assertThat(copy).isEqualTo(config).isNotSameAs(config);
        assertThat(copy.clientConfig().getCredentials().getAuthenticationToken())
                .isEqualTo(config.clientConfig().getCredentials().getAuthenticationToken());
    }
}
