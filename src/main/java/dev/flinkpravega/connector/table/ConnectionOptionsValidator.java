package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.OptionValues.invalid;
import static dev.flinkpravega.connector.table.OptionValues.nonBlank;
import static dev.flinkpravega.connector.table.OptionValues.positive;
import static dev.flinkpravega.connector.table.OptionValues.quoted;
import static dev.flinkpravega.connector.table.OptionValues.required;
import static dev.flinkpravega.connector.table.OptionValues.typed;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.CONTROLLER_TIMEOUT;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.CONTROLLER_URI;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCOPE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SECURITY_AUTH_TOKEN;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SECURITY_AUTH_TYPE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SECURITY_PASSWORD;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SECURITY_TRUST_STORE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SECURITY_USERNAME;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SECURITY_VALIDATE_HOSTNAME;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.PravegaCredentials;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

/**
 * Checks the connection options shared by source, sink and catalog ({@code controller-uri}, {@code
 * scope}, {@code controller.timeout}, {@code security.*}) and builds the {@link PravegaConfig}.
 * Like every option check it runs without any network call and fails with a {@link
 * ValidationException} that quotes the key.
 */
public final class ConnectionOptionsValidator {
    private static final List<String> URI_SCHEMES = Arrays.asList("tcp", "tls");

    private ConnectionOptionsValidator() {}

    public static PravegaConfig pravegaConfig(ReadableConfig options) {
        String uriText = required(options, CONTROLLER_URI, "to reach Pravega");
        URI uri;
        try {
            uri = new URI(uriText.trim());
        } catch (Exception e) {
            throw invalid(
                    CONTROLLER_URI,
                    uriText,
                    "it is not a URI; use 'tcp://host:port' or 'tls://host:port'");
        }
        if (uri.getScheme() == null || !URI_SCHEMES.contains(uri.getScheme())) {
            throw invalid(
                    CONTROLLER_URI,
                    uriText,
                    "the scheme must be one of "
                            + quoted(URI_SCHEMES)
                            + ", as in 'tcp://host:9090'");
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw invalid(
                    CONTROLLER_URI, uriText, "it needs a host and a port, as in 'tcp://host:9090'");
        }
        String scope = required(options, SCOPE, "for stream names without a scope");
        checkName(SCOPE, "scope", scope);

        PravegaConfig.Builder builder =
                PravegaConfig.builder()
                        .controllerUri(uri)
                        .defaultScope(scope)
                        .controllerTimeout(positive(options, CONTROLLER_TIMEOUT))
                        .validateHostname(
                                typed(options, SECURITY_VALIDATE_HOSTNAME, "'true' or 'false'"))
                        .credentials(credentials(options));
        nonBlank(options, SECURITY_TRUST_STORE).ifPresent(builder::trustStore);
        return builder.build();
    }

    /** Fails with the option's key when {@code name} is not a valid Pravega {@code what} name. */
    public static void checkName(ConfigOption<?> option, String what, String name) {
        OptionValues.checkName(option, what, name);
    }

    private static PravegaCredentials credentials(ReadableConfig options) {
        boolean user = nonBlank(options, SECURITY_USERNAME).isPresent();
        boolean password = nonBlank(options, SECURITY_PASSWORD).isPresent();
        boolean type = nonBlank(options, SECURITY_AUTH_TYPE).isPresent();
        boolean token = nonBlank(options, SECURITY_AUTH_TOKEN).isPresent();
        if (user != password) {
            throw new ValidationException(
                    "Options '"
                            + SECURITY_USERNAME.key()
                            + "' and '"
                            + SECURITY_PASSWORD.key()
                            + "' go together for basic authentication: give both or neither.");
        }
        if (type != token) {
            throw new ValidationException(
                    "Options '"
                            + SECURITY_AUTH_TYPE.key()
                            + "' and '"
                            + SECURITY_AUTH_TOKEN.key()
                            + "' go together for custom authentication: give both or neither.");
        }
        if (user && type) {
            throw new ValidationException(
                    "Give either basic credentials ('"
                            + SECURITY_USERNAME.key()
                            + "', '"
                            + SECURITY_PASSWORD.key()
                            + "') or custom ones ('"
                            + SECURITY_AUTH_TYPE.key()
                            + "', '"
                            + SECURITY_AUTH_TOKEN.key()
                            + "'), not both.");
        }
        if (user) {
            return PravegaCredentials.basic(
                    options.get(SECURITY_USERNAME), options.get(SECURITY_PASSWORD));
        }
        if (type) {
            return PravegaCredentials.custom(
                    options.get(SECURITY_AUTH_TYPE), options.get(SECURITY_AUTH_TOKEN));
        }
        return PravegaCredentials.none();
    }
}
