package dev.flinkpravega.connector.testframe;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.environment.TestEnvironment;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.external.sink.DataStreamSinkExternalContext;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestExternalSystem;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SinkTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

/** Flink's connector testing framework: every case of its sink suite on {@code PravegaSink}. */
class PravegaSinkTestSuiteITCase extends SinkTestSuiteBase<String> {

    /**
     * Why the savepoint cases cannot run with exactly-once: their first job runs without
     * checkpointing, and the sink refuses exactly-once without checkpointing by design (its
     * transactions would only end at a savepoint or time out).
     */
    static final String NO_CHECKPOINTING_IN_FIRST_JOB =
            "the suite's first job has checkpointing off, which the exactly-once sink refuses";

    @TestEnv MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestExternalSystem InProcessPravegaSystem pravega = new InProcessPravegaSystem();

    @TestSemantics
    CheckpointingMode[] semantics = {
        CheckpointingMode.EXACTLY_ONCE, CheckpointingMode.AT_LEAST_ONCE
    };

    @TestContext
    ExternalContextFactory<PravegaSinkTestContext> context =
            testName -> new PravegaSinkTestContext(pravega.pravega());

    // An override is no test unless annotated again.
    @TestTemplate
    @DisplayName("Test sink restarting from a savepoint")
    @Override
    public void testStartFromSavepoint(
            TestEnvironment testEnv,
            DataStreamSinkExternalContext<String> externalContext,
            CheckpointingMode semantic)
            throws Exception {
        assumeTrue(semantic == CheckpointingMode.AT_LEAST_ONCE, NO_CHECKPOINTING_IN_FIRST_JOB);
        super.testStartFromSavepoint(testEnv, externalContext, semantic);
    }

    // An override is no test unless annotated again.
    @TestTemplate
    @DisplayName("Test sink restarting with a higher parallelism")
    @Override
    public void testScaleUp(
            TestEnvironment testEnv,
            DataStreamSinkExternalContext<String> externalContext,
            CheckpointingMode semantic)
            throws Exception {
        assumeTrue(semantic == CheckpointingMode.AT_LEAST_ONCE, NO_CHECKPOINTING_IN_FIRST_JOB);
        super.testScaleUp(testEnv, externalContext, semantic);
    }

    // An override is no test unless annotated again.
    @TestTemplate
    @DisplayName("Test sink restarting with a lower parallelism")
    @Override
    public void testScaleDown(
            TestEnvironment testEnv,
            DataStreamSinkExternalContext<String> externalContext,
            CheckpointingMode semantic)
            throws Exception {
        assumeTrue(semantic == CheckpointingMode.AT_LEAST_ONCE, NO_CHECKPOINTING_IN_FIRST_JOB);
        super.testScaleDown(testEnv, externalContext, semantic);
    }
}
