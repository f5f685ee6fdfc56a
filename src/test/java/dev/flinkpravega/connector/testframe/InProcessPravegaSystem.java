package dev.flinkpravega.connector.testframe;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import org.apache.flink.connector.testframe.TestResource;

/**
 * The external system of Flink's connector testing framework: the same in-process Pravega as {@link
 * PravegaExtension}, started and stopped by the framework instead of JUnit.
 */
public final class InProcessPravegaSystem implements TestResource {
    private final PravegaExtension pravega = new PravegaExtension();

    @Override
    public void startUp() throws Exception {
        pravega.start();
    }

    @Override
    public void tearDown() throws Exception {
        pravega.stop();
    }

    public PravegaExtension pravega() {
        return pravega;
    }

    @Override
    public String toString() {
        return "in-process Pravega";
    }
}
