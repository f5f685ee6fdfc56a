package dev.flinkpravega.connector.config;

import io.grpc.Status;
import java.net.URI;
import javax.annotation.Nullable;
import javax.net.ssl.SSLException;

/**
 * Turns what Pravega's client throws when the controller refuses the credentials or a TLS handshake
 * fails into a message a user can act on: it names the URI, what was being done and the options to
 * check, and never a secret. Pravega's own message is only "UNAUTHENTICATED: Authentication
 * failed", with no URI.
 */
final class SecurityFailures {
    private SecurityFailures() {}

    /** A clearer exception for {@code failure}, or null when it is not about security. */
    @Nullable
    static PravegaConnectionException explain(
            PravegaConfig config, String what, Throwable failure) {
        URI uri = config.controllerUri();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Status.Code code = Status.fromThrowable(t).getCode();
            if (code == Status.Code.UNAUTHENTICATED) {
                return new PravegaConnectionException(
                        "Authentication failed: Pravega at "
                                + uri
                                + " refused "
                                + (config.credentials().isNone()
                                        ? "a client without credentials"
                                        : "the configured credentials")
                                + " while "
                                + what
                                + ". Check 'security.username' and 'security.password' (or"
                                + " 'security.auth-type' and 'security.auth-token').",
                        failure);
            }
            if (code == Status.Code.PERMISSION_DENIED) {
                return new PravegaConnectionException(
                        "Not authorized: Pravega at "
                                + uri
                                + " authenticated the configured user but does not allow it "
                                + what
                                + ". Grant the user rights on the scope and stream in Pravega's"
                                + " access control list.",
                        failure);
            }
            if (t instanceof SSLException) {
                return tlsFailure(config, what, t, failure);
            }
        }
        return null;
    }

    static PravegaConnectionException tlsFailure(
            PravegaConfig config, String what, Throwable handshake, Throwable failure) {
        return new PravegaConnectionException(
                "TLS handshake with Pravega at "
                        + config.controllerUri()
                        + " failed while "
                        + what
                        + ": "
                        + handshake.getMessage()
                        + ". "
                        + TlsProbe.hint(config, handshake),
                failure);
    }
}
