package dev.flinkpravega.connector.config;

import io.pravega.shared.security.auth.Credentials;
import io.pravega.shared.security.auth.DefaultCredentials;
import java.io.Serializable;
import java.util.Objects;

/**
 * Credentials for the Pravega controller: none, basic (user name and password) or a custom
 * authentication type with its token. Secrets never appear in {@link #toString()}.
 */
public final class PravegaCredentials implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final PravegaCredentials NONE = new PravegaCredentials(null, null, null, null);

    private final String username;
    private final String password;
    private final String authType;
    private final String authToken;

    private PravegaCredentials(
            String username, String password, String authType, String authToken) {
        this.username = username;
        this.password = password;
        this.authType = authType;
        this.authToken = authToken;
    }

    public static PravegaCredentials none() {
        return NONE;
    }

    public static PravegaCredentials basic(String username, String password) {
        return new PravegaCredentials(
                Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"),
                null,
                null);
    }

    public static PravegaCredentials custom(String authType, String authToken) {
        return new PravegaCredentials(
                null,
                null,
                Objects.requireNonNull(authType, "authType"),
                Objects.requireNonNull(authToken, "authToken"));
    }

    public boolean isNone() {
        return username == null && authType == null;
    }

    /** The Pravega client credentials, or null when none are configured. */
    Credentials toPravegaCredentials() {
        if (username != null) {
            return new DefaultCredentials(password, username);
        }
        if (authType != null) {
            return new TokenCredentials(authType, authToken);
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PravegaCredentials)) {
            return false;
        }
        PravegaCredentials that = (PravegaCredentials) o;
        return Objects.equals(username, that.username)
                && Objects.equals(password, that.password)
                && Objects.equals(authType, that.authType)
                && Objects.equals(authToken, that.authToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, password, authType, authToken);
    }

    @Override
    public String toString() {
        if (username != null) {
            return "basic(user=" + username + ", password=******)";
        }
        if (authType != null) {
            return "custom(type=" + authType + ", token=******)";
        }
        return "none";
    }

    /** A custom authentication type and its token, as the controller's auth plugin expects. */
    private static final class TokenCredentials implements Credentials {
        private static final long serialVersionUID = 1L;
        private final String type;
        private final String token;

        TokenCredentials(String type, String token) {
            this.type = type;
            this.token = token;
        }

        @Override
        public String getAuthenticationType() {
            return type;
        }

        @Override
        public String getAuthenticationToken() {
            return token;
        }

        @Override
        public String toString() {
            return "TokenCredentials(type=" + type + ")";
        }
    }
}
