package dev.flinkpravega.connector.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.PravegaCredentials;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.FactoryUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options of {@code CREATE CATALOG ... WITH ('type' = 'pravega')}: found through the service file,
 * a good and a bad value of each option, no network.
 */
class PravegaCatalogFactoryTest {

    private static Map<String, String> base() {
        Map<String, String> options = new HashMap<>();
        options.put("type", "pravega");
        options.put("controller-uri", "tcp://pravega:9090");
        options.put("default-database", "web");
        return options;
    }

    private static PravegaCatalog create(Map<String, String> options) {
        Catalog catalog =
                FactoryUtil.createCatalog(
                        "pravega",
                        options,
                        new Configuration(),
                        PravegaCatalogFactoryTest.class.getClassLoader());
        assertThat(catalog).isInstanceOf(PravegaCatalog.class);
        return (PravegaCatalog) catalog;
    }

    private static Map<String, String> with(String... keyValues) {
        Map<String, String> options = base();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return options;
    }

    private static void assertInvalid(Map<String, String> options, String... messageParts) {
        assertThatThrownBy(() -> create(options))
                .satisfies(
                        e -> {
                            String messages = allMessages(e);
                            for (String part : messageParts) {
                                assertThat(messages).contains(part);
                            }
                        });
    }

    private static String allMessages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void requiredOptionsOnly() {
        PravegaCatalog catalog = create(base());
        assertThat(catalog.getName()).isEqualTo("pravega");
        assertThat(catalog.getDefaultDatabase()).isEqualTo("web");
        CatalogConnection connection = catalog.connection();
        assertThat(connection.config().controllerUri()).isEqualTo(URI.create("tcp://pravega:9090"));
        assertThat(connection.config().controllerTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(connection.config().credentials()).isEqualTo(PravegaCredentials.none());
        assertThat(connection.tableOptions())
                .containsExactly(Map.entry("controller-uri", "tcp://pravega:9090"));
        assertThat(connection.credentials()).isEmpty();
    }

    @Test
    void controllerUri() {
        assertThat(create(with("controller-uri", "tls://pravega:9443")).connection().config())
                .extracting(c -> c.controllerUri().toString())
                .isEqualTo("tls://pravega:9443");
        assertInvalid(with("controller-uri", "http://pravega:9090"), "'controller-uri'", "tcp");
        Map<String, String> missing = base();
        missing.remove("controller-uri");
        assertInvalid(missing, "controller-uri");
    }

    @Test
    void defaultDatabase() {
        assertThat(create(with("default-database", "shop.eu-1")).getDefaultDatabase())
                .isEqualTo("shop.eu-1");
        assertInvalid(
                with("default-database", "my_shop"),
                "Invalid value 'my_shop' for option 'default-database'",
                "not a valid Pravega scope name");
        Map<String, String> missing = base();
        missing.remove("default-database");
        assertInvalid(missing, "default-database");
    }

    @Test
    void controllerTimeout() {
        PravegaCatalog catalog = create(with("controller.timeout", "5 s"));
        assertThat(catalog.connection().config().controllerTimeout())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(catalog.connection().tableOptions()).containsEntry("controller.timeout", "5 s");
        assertInvalid(
                with("controller.timeout", "soon"),
                "Invalid value for option 'controller.timeout'",
                "Could not parse value 'soon'");
        assertInvalid(with("controller.timeout", "0 s"), "'controller.timeout'", "positive");
    }

    @Test
    void basicCredentials() {
        PravegaCatalog catalog =
                create(with("security.username", "alice", "security.password", "pw-123"));
        assertThat(catalog.connection().config().credentials())
                .isEqualTo(PravegaCredentials.basic("alice", "pw-123"));
        assertThat(catalog.connection().tableOptions())
                .doesNotContainKeys("security.username", "security.password");
        assertThat(catalog.connection().credentials())
                .containsEntry("security.username", "alice")
                .containsEntry("security.password", "pw-123");

        assertInvalid(with("security.username", "alice"), "'security.password'");
        assertInvalid(with("security.password", "pw-123"), "'security.username'");
    }

    @Test
    void customCredentials() {
        PravegaCatalog catalog =
                create(with("security.auth-type", "Bearer", "security.auth-token", "tok-456"));
        assertThat(catalog.connection().config().credentials())
                .isEqualTo(PravegaCredentials.custom("Bearer", "tok-456"));
        assertThat(catalog.connection().tableOptions())
                .doesNotContainKeys("security.auth-type", "security.auth-token");
        assertThat(catalog.connection().credentials())
                .containsEntry("security.auth-type", "Bearer")
                .containsEntry("security.auth-token", "tok-456");

        assertInvalid(with("security.auth-type", "Bearer"), "'security.auth-token'");
        assertInvalid(with("security.auth-token", "tok-456"), "'security.auth-type'");
    }

    @Test
    void secretsNeverInErrors() {
        // A bad option next to credentials: Flink's message lists the options, masked.
        assertThatThrownBy(
                        () ->
                                create(
                                        with(
                                                "security.username", "alice",
                                                "security.password", "pw-123",
                                                "controller.timeout", "soon")))
                .satisfies(e -> assertThat(allMessages(e)).doesNotContain("pw-123"));
    }

    @Test
    void trustStore(@TempDir Path dir) throws IOException {
        Path ca = dir.resolve("ca.pem");
        Files.write(ca, "-----BEGIN CERTIFICATE-----".getBytes(StandardCharsets.UTF_8));
        PravegaCatalog catalog = create(with("security.trust-store", ca.toString()));
        assertThat(catalog.connection().config().trustStore()).isEqualTo(ca.toString());
        assertInvalid(
                with("security.trust-store", dir.resolve("missing.pem").toString()),
                "'security.trust-store'",
                "missing.pem");
    }

    @Test
    void validateHostname() {
        assertThat(
                        create(with("security.validate-hostname", "false"))
                                .connection()
                                .config()
                                .validateHostname())
                .isFalse();
        assertInvalid(with("security.validate-hostname", "maybe"), "security.validate-hostname");
    }

    @Test
    void unknownOptionIsRefusedWithTheValidOnes() {
        // The parts name options not passed: they come from the list of supported ones.
        assertInvalid(
                with("scope", "web"),
                "Unsupported options",
                "security.trust-store",
                "controller.timeout");
    }

    @Test
    void everyOptionIsDocumentedInTheReadme() throws IOException {
        String readme =
                new String(Files.readAllBytes(Paths.get("README.md")), StandardCharsets.UTF_8);
        int start = readme.indexOf("## Catalog");
        assertThat(start).as("README.md has a '## Catalog' section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = end < 0 ? readme.substring(start) : readme.substring(start, end);
        PravegaCatalogFactory factory = new PravegaCatalogFactory();
        for (ConfigOption<?> option : factory.requiredOptions()) {
            assertThat(section).contains("`" + option.key() + "`");
        }
        for (ConfigOption<?> option : factory.optionalOptions()) {
            assertThat(section).contains("`" + option.key() + "`");
        }
    }

    @Test
    void factoryIsFoundByItsIdentifier() {
        assertThat(
                        FactoryUtil.discoverFactory(
                                getClass().getClassLoader(),
                                org.apache.flink.table.factories.CatalogFactory.class,
                                "pravega"))
                .isInstanceOf(PravegaCatalogFactory.class);
    }
}
