package dev.flinkpravega.connector.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exactly-once SQL pipeline of {@link PravegaExactlyOnceITCase} while its TaskManager is killed
 * mid-job and a new one started: the job restores on the new TaskManager and every row still
 * arrives exactly once.
 */
class PravegaTaskManagerFailureITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    /** Its own cluster: the test kills the TaskManager. */
    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    @Test
    void everyRowArrivesExactlyOnceWhenTheTaskManagerIsKilled(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "in", 3);
        PRAVEGA.createStream(scope, "out", 3);
        int count = 100_000;
        PravegaTestData.write(
                PRAVEGA.clientConfig(), scope, "in", GuaranteePipeline.json(0, count));
        // no injected row failures; 200 us per row keeps the job running for a while
        FailOnce.reset(Set.of(), 200_000L);

        TableEnvironment env =
                GuaranteePipeline.create(PRAVEGA, scope, "exactly-once", 2, "500 ms");
        TableResult insert = env.executeSql(GuaranteePipeline.INSERT);
        JobID job = insert.getJobClient().orElseThrow().getJobID();

        Await.until(
                Duration.ofSeconds(90),
                "a first checkpoint's rows committed to 'out'",
                () -> !PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "out").isEmpty());
        assertThat(cluster.getJobStatus(job).get()).isEqualTo(JobStatus.RUNNING);
        int committedBeforeKill =
                PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "out").size();
        cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
        cluster.startTaskManager();

        insert.await(5, TimeUnit.MINUTES);
        assertThat(committedBeforeKill).as("rows committed before the kill").isLessThan(count);
        assertThat(cluster.getArchivedExecutionGraph(job).get().getFailureInfo())
                .as("the job restarted after losing its TaskManager")
                .isNotNull();
        GuaranteePipeline.assertExactlyOnce(PRAVEGA, scope, "out", count);
    }
}
