package dev.flinkpravega.connector.testutils;

import io.pravega.auth.AuthHandler;
import io.pravega.auth.AuthenticationException;
import java.security.Principal;

/**
 * A custom Pravega authentication plugin for the secured test cluster: accepts exactly {@link
 * TestSecurity#TOKEN} under the method {@link TestSecurity#TOKEN_TYPE} and grants it everything.
 * The controller finds it through {@code META-INF/services/io.pravega.auth.AuthHandler} in the test
 * classpath; it is used only when a cluster has authentication on.
 */
public final class TestTokenAuthHandler implements AuthHandler {

    @Override
    public String getHandlerName() {
        return TestSecurity.TOKEN_TYPE;
    }

    @Override
    public Principal authenticate(String token) throws AuthenticationException {
        if (!TestSecurity.TOKEN.equals(token)) {
            throw new AuthenticationException("unknown token");
        }
        return () -> "token-user";
    }

    @Override
    public Permissions authorize(String resource, Principal principal) {
        return "token-user".equals(principal.getName())
                ? Permissions.READ_UPDATE
                : Permissions.NONE;
    }
}
