package dev.flinkpravega.connector.config;

import io.pravega.client.ClientConfig;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Pravega: controller URI, default scope, credentials and TLS settings. Immutable and
 * serializable, so that sources and sinks carry it into the cluster; builds the client's {@link
 * ClientConfig} where it is needed.
 */
public final class PravegaConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How long a call to the controller may take before the connector gives up. */
    public static final Duration DEFAULT_CONTROLLER_TIMEOUT = Duration.ofSeconds(30);

    private final URI controllerUri;
    private final String defaultScope;
    private final PravegaCredentials credentials;
    private final String trustStore;
    private final boolean validateHostname;
    private final Duration controllerTimeout;

    private PravegaConfig(Builder b) {
        this.controllerUri = Objects.requireNonNull(b.controllerUri, "controllerUri");
        this.defaultScope = b.defaultScope;
        this.credentials = b.credentials;
        this.trustStore = b.trustStore;
        this.validateHostname = b.validateHostname;
        this.controllerTimeout = b.controllerTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .controllerUri(controllerUri)
                .defaultScope(defaultScope)
                .credentials(credentials)
                .trustStore(trustStore)
                .validateHostname(validateHostname)
                .controllerTimeout(controllerTimeout);
    }

    public URI controllerUri() {
        return controllerUri;
    }

    /** The scope of unqualified stream names; may be null for DataStream users who qualify. */
    public String defaultScope() {
        return defaultScope;
    }

    public PravegaCredentials credentials() {
        return credentials;
    }

    public String trustStore() {
        return trustStore;
    }

    public boolean validateHostname() {
        return validateHostname;
    }

    public Duration controllerTimeout() {
        return controllerTimeout;
    }

    /** Resolves {@code stream} or {@code scope/stream} against the default scope. */
    public StreamRef resolve(String streamName) {
        if (defaultScope == null && streamName.indexOf('/') < 0) {
            throw new IllegalArgumentException(
                    "stream '" + streamName + "' has no scope and no default scope is set");
        }
        return StreamRef.parse(streamName, defaultScope);
    }

    /** The Pravega client configuration. */
    public ClientConfig clientConfig() {
        ClientConfig.ClientConfigBuilder builder =
                ClientConfig.builder()
                        .controllerURI(controllerUri)
                        .validateHostName(validateHostname)
                        .connectTimeoutMilliSec(
                                Math.max(1000, Math.min(controllerTimeout.toMillis(), 10_000)));
        if (trustStore != null) {
            builder.trustStore(trustStore);
        }
        if (!credentials.isNone()) {
            builder.credentials(credentials.toPravegaCredentials());
        }
        return builder.build();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PravegaConfig)) {
            return false;
        }
        PravegaConfig that = (PravegaConfig) o;
        return validateHostname == that.validateHostname
                && controllerUri.equals(that.controllerUri)
                && Objects.equals(defaultScope, that.defaultScope)
                && credentials.equals(that.credentials)
                && Objects.equals(trustStore, that.trustStore)
                && controllerTimeout.equals(that.controllerTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                controllerUri,
                defaultScope,
                credentials,
                trustStore,
                validateHostname,
                controllerTimeout);
    }

    @Override
    public String toString() {
        return "PravegaConfig{controllerUri="
                + controllerUri
                + ", defaultScope="
                + defaultScope
                + ", credentials="
                + credentials
                + ", trustStore="
                + trustStore
                + ", validateHostname="
                + validateHostname
                + ", controllerTimeout="
                + controllerTimeout
                + '}';
    }

    /** Builder of {@link PravegaConfig}. */
    public static final class Builder {
        private URI controllerUri;
        private String defaultScope;
        private PravegaCredentials credentials = PravegaCredentials.none();
        private String trustStore;
        private boolean validateHostname = true;
        private Duration controllerTimeout = DEFAULT_CONTROLLER_TIMEOUT;

        public Builder controllerUri(URI uri) {
            this.controllerUri = uri;
            return this;
        }

        public Builder controllerUri(String uri) {
            return controllerUri(URI.create(uri));
        }

        public Builder defaultScope(String scope) {
            this.defaultScope = scope;
            return this;
        }

        public Builder credentials(PravegaCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        public Builder trustStore(String trustStore) {
            this.trustStore = trustStore;
            return this;
        }

        public Builder validateHostname(boolean validate) {
            this.validateHostname = validate;
            return this;
        }

        public Builder controllerTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the controller timeout must be positive");
            }
            this.controllerTimeout = timeout;
            return this;
        }

        public PravegaConfig build() {
            if (defaultScope != null) {
                StreamRef.checkName("scope", defaultScope);
            }
            return new PravegaConfig(this);
        }
    }
}
