package dynamo.multiprocess;

import dynamo.harness.LocalCluster;
import dynamo.harness.RingModel;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;

/** For the tests that share one five-node cluster and the ring it started on, so each need not start its own. */
abstract class OnFiveNodes {
    /** Stopped, its logs kept, after the @AfterAll methods (JUnit's @AutoClose). */
    @AutoClose
    protected LocalCluster cluster;
    /** Where keys live, as the cluster started. */
    protected RingModel ring;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = LocalCluster.start(getClass().getSimpleName(), 5);
        ring = cluster.ring();
    }
}
