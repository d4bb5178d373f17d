package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Components start in order and stop in reverse; a failed start stops exactly those that had started. */
class StartOrderTest {
    private final List<String> events = new ArrayList<>();

    private StartOrder.Step record(String event) {
        return () -> events.add(event);
    }

    private StartOrder.Step fail(String event, Exception e) {
        return () -> {
            events.add(event);
            throw e;
        };
    }

    @Test
    void startsInOrderAndStopsInReverse() throws Exception {
        StartOrder order = new StartOrder("node1")
                .add("a", record("start a"), record("stop a"))
                .add("b", record("start b"), record("stop b"))
                .add("c", record("start c"), record("stop c"));
        order.start();
        order.stop();
        order.stop();
        assertThat(events).containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
    }

    @Test
    void aFailedStartStopsThoseBeforeInReverseAndNeverStartsThoseAfter() {
        StartOrder order = new StartOrder("node1")
                .add("a", record("start a"), record("stop a"))
                .add("b", record("start b"), record("stop b"))
                .add("c", fail("start c", new IOException("port 127.0.0.1:1 is already in use\n\tmore detail")),
                        record("stop c"))
                .add("d", record("start d"), record("stop d"));
        assertThatThrownBy(order::start).isInstanceOf(StartOrder.StartFailure.class)
                .hasMessage("node1 cannot start: port 127.0.0.1:1 is already in use")
                .hasCauseInstanceOf(IOException.class);
        assertThat(events).containsExactly("start a", "start b", "start c", "stop b", "stop a");

        order.stop(); // Dropwizard stops a Managed whose start failed: nothing is left to stop
        assertThat(events).hasSize(5);
    }

    @Test
    void aComponentThatFailsToStopDoesNotKeepTheOthersRunning() throws Exception {
        StartOrder order = new StartOrder("node1")
                .add("a", record("start a"), record("stop a"))
                .add("b", record("start b"), fail("stop b", new IllegalStateException("stuck")))
                .add("c", record("start c"), record("stop c"));
        order.start();
        order.stop();
        assertThat(events).containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
    }

    @Test
    void aFailureWithoutAMessageIsNamedByItsType() {
        StartOrder order = new StartOrder("node1").add("a", fail("start a", new IllegalStateException()), () -> { });
        assertThatThrownBy(order::start).hasMessage("node1 cannot start: java.lang.IllegalStateException");
    }
}
