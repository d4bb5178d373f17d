package dynamo.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.linearizability.History;
import dynamo.linearizability.Op;
import dynamo.linearizability.Outcome;
import dynamo.multiprocess.Nemesis.Window;
import dynamo.multiprocess.RegisterWorkload.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two checks NemesisClusterIT adds to the linearizability checker, on hand-made histories. */
class LostWritesTest {
    private static final int FINAL = RegisterWorkload.FINAL_READER;
    private final History history = new History();

    @Test
    void aFinalReadOfAValueOverwrittenByAnAcknowledgedWriteIsALoss() {
        history.ok(history.invoke(1, "k", Op.write("a")));
        history.ok(history.invoke(2, "k", Op.write("b")));
        history.ok(history.invoke(FINAL, "k", Op.read()), "a");

        assertThat(LostWrites.find(history.operations(), FINAL)).singleElement().asString().contains("write \"b\"");
    }

    @Test
    void aFinalAbsenceAfterAnAcknowledgedWriteIsALossUnlessADeleteMayHaveLandedLater() {
        history.ok(history.invoke(1, "k", Op.delete()));
        history.ok(history.invoke(2, "k", Op.write("b")));
        history.ok(history.invoke(FINAL, "k", Op.read()), null);
        assertThat(LostWrites.find(history.operations(), FINAL)).hasSize(1);

        History withUnknownDelete = new History();
        long delete = withUnknownDelete.invoke(1, "k", Op.delete());
        withUnknownDelete.info(delete);
        withUnknownDelete.ok(withUnknownDelete.invoke(2, "k", Op.write("b")));
        withUnknownDelete.ok(withUnknownDelete.invoke(FINAL, "k", Op.read()), null);
        assertThat(LostWrites.find(withUnknownDelete.operations(), FINAL)).isEmpty();
    }

    @Test
    void concurrentWritesAndUnknownOutcomesAreNoLoss() {
        long a = history.invoke(1, "k", Op.write("a"));
        history.ok(history.invoke(2, "k", Op.write("b"))); // concurrent with a: either may be last
        history.ok(a);
        long c = history.invoke(3, "k", Op.write("c"));
        history.info(c);
        history.ok(history.invoke(4, "k", Op.cas("c", "d")), false);
        history.ok(history.invoke(FINAL, "k", Op.read()), "c");

        assertThat(LostWrites.find(history.operations(), FINAL)).isEmpty();
    }

    @Test
    void onlyUnsuccessfulRequestsWhoseNodeWasNeverFaultyDuringThemCountAsFailuresOnHealthyNodes() {
        List<Window> windows = List.of(new Window(3, 100, 200));
        List<Request> requests = List.of(
                new Request(0, 1, 3, "GET a", 150, 160, Outcome.INFO, "timeout"),     // during the fault
                new Request(1, 1, 3, "GET b", 50, 120, Outcome.INFO, "timeout"),      // the fault began meanwhile
                new Request(2, 1, 3, "GET c", 201, 260, Outcome.INFO, "503"),        // recovering: not counted
                new Request(3, 1, 2, "GET d", 150, 160, Outcome.INFO, "503"),        // another node: healthy
                new Request(4, 1, 2, "GET e", 150, 160, Outcome.OK, "200"),
                new Request(5, 1, 3, "GET f", 200 + NemesisClusterIT.RECOVERY_NANOS + 1, 200 + NemesisClusterIT.RECOVERY_NANOS + 9,
                        Outcome.INFO, "503"));                                         // recovered: healthy

        assertThat(NemesisClusterIT.failedOnHealthyNodes(requests, windows, 0))
                .hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("node3").contains("GET f"))
                .anySatisfy(line -> assertThat(line).contains("node2").contains("GET d"));
    }
}
