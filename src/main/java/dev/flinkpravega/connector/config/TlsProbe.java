package dev.flinkpravega.connector.config;

import io.pravega.common.util.CertificateUtils;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One TLS handshake with the controller, as Pravega's client would make it (the configured trust
 * store, or the JVM's when none is set; the host name checked, as gRPC always does). Pravega's
 * client retries a failing handshake until its timeout and then reports only that the controller
 * did not answer; this tells the user why.
 */
final class TlsProbe {
    private static final int TIMEOUT_MS = 5_000;

    private TlsProbe() {}

    /** Whether the controller URI asks for TLS (then the segment stores use it too). */
    static boolean isTls(PravegaConfig config) {
        String scheme = config.controllerUri().getScheme();
        return "tls".equalsIgnoreCase(scheme) || "ssl".equalsIgnoreCase(scheme);
    }

    /**
     * The controller's handshake failure, or empty when it succeeds or the URI is not {@code
     * tls://}. The host name is always checked: gRPC does.
     */
    static Optional<SSLException> handshakeFailure(PravegaConfig config) {
        if (!isTls(config)) {
            return Optional.empty();
        }
        URI uri = config.controllerUri();
        return handshakeFailure(config, uri.getHost(), uri.getPort(), true);
    }

    /** The handshake failure with {@code host:port}, or empty when it succeeds or cannot start. */
    static Optional<SSLException> handshakeFailure(
            PravegaConfig config, String host, int port, boolean checkHostName) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(config), null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                if (checkHostName) {
                    SSLParameters parameters = socket.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    socket.setSSLParameters(parameters);
                }
                socket.setSoTimeout(TIMEOUT_MS);
                socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
                socket.startHandshake();
            }
            return Optional.empty();
        } catch (SSLException e) {
            return Optional.of(e);
        } catch (Exception e) {
            // unreachable, or a trust store that cannot be read: the caller's message covers it
            return Optional.empty();
        }
    }

    private static javax.net.ssl.TrustManager[] trustManagers(PravegaConfig config)
            throws Exception {
        if (config.trustStore() == null) {
            return null;
        }
        KeyStore store = CertificateUtils.createTrustStore(config.trustStore());
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** Whether the handshake failed because the certificate does not name the host. */
    static boolean isHostNameMismatch(Throwable handshake) {
        for (Throwable t = handshake; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            if (text.contains("No subject alternative") || text.contains("No name matching")) {
                return true;
            }
        }
        return false;
    }

    /** What to change, judged from the controller's handshake failure. */
    static String hint(PravegaConfig config, Throwable handshake) {
        String text = String.valueOf(handshake.getMessage());
        if (isHostNameMismatch(handshake)) {
            return "The certificate does not name the host of 'controller-uri': use a host name"
                    + " the certificate was issued for. ('security.validate-hostname' = 'false'"
                    + " relaxes only the segment store's connections: Pravega's controller client"
                    + " always checks the name.)";
        }
        if (text.contains("PKIX") || text.contains("unable to find valid certification path")) {
            return config.trustStore() == null
                    ? "The controller's certificate is not trusted by the JVM's default trust"
                            + " store: set 'security.trust-store' to the PEM file of the CA that"
                            + " signed it."
                    : "The controller's certificate is not signed by a CA in 'security.trust-store'"
                            + " ("
                            + config.trustStore()
                            + ").";
        }
        return "Check 'security.trust-store' and that the controller speaks TLS on that port.";
    }
}
