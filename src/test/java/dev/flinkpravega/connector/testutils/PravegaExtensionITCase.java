package dev.flinkpravega.connector.testutils;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PravegaExtensionITCase {
    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @Test
    void givesEachTestAFreshScope() {
        assertThat(PRAVEGA.streamManager().checkScopeExists(PRAVEGA.scope())).isTrue();
        PRAVEGA.createStream(PRAVEGA.scope(), "s", 2);
        assertThat(PRAVEGA.streamManager().checkStreamExists(PRAVEGA.scope(), "s")).isTrue();
    }
}
