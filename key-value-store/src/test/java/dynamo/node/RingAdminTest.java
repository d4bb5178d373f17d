package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.epoch.RingConfig;
import dynamo.core.membership.Member;
import dynamo.core.move.MoveDriver;
import dynamo.core.ring.RingLayout;
import dynamo.http.ResponseBodies.ErrorBody;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RingAdminTest {
    private static final Member NODE1 =
            new Member("node1", "tcp://127.0.0.1:18201", "http://127.0.0.1:18001", "http://127.0.0.1:18101");
    private static final MoveDriver.Report REPORT =
            new MoveDriver.Report(3, 5, List.of("node1", "node2", "node3", "node4"), 120, 4096, 0, 900);

    /** A node whose changes answer what the test set, and that records what it was asked. */
    private static final class FakeChanges implements RingAdmin.Changes {
        RingConfig config = RingConfig.seed(List.of("node1", "node2", "node3"), new RingLayout.Partitions(16, 3));
        CompletableFuture<MoveDriver.Report> answer = CompletableFuture.completedFuture(REPORT);
        final Map<String, Member> known = new HashMap<>(Map.of("node1", NODE1));
        final List<String> asked = new ArrayList<>();

        @Override
        public String self() {
            return "node1";
        }

        @Override
        public RingConfig config() {
            return config;
        }

        @Override
        public Optional<Member> member(String id) {
            return Optional.ofNullable(known.get(id));
        }

        @Override
        public CompletableFuture<MoveDriver.Report> join(Member member) {
            asked.add("join " + member);
            return answer;
        }

        @Override
        public CompletableFuture<MoveDriver.Report> leave(String node) {
            asked.add("leave " + node);
            return answer;
        }
    }

    private final FakeChanges node = new FakeChanges();
    private final RingAdmin admin = new RingAdmin(node);
    private final Map<String, String> params = new HashMap<>();

    private RingAdmin.Answer post(String path) {
        return admin.handle("POST", path, params::get);
    }

    private static String error(RingAdmin.Answer answer) {
        assertThat(answer.body()).isInstanceOf(ErrorBody.class);
        return ((ErrorBody) answer.body()).error();
    }

    @Test
    void aNodeAskedToJoinItselfSaysToAskAMember() {
        RingAdmin.Answer answer = post("/join");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(error(answer)).contains("cannot drive its own join", "ask a member", "?node=node1&brokerUrl=");
        assertThat(node.asked).isEmpty();
    }

    @Test
    void aMemberJoinsAnotherNodeGivenItsAddresses() {
        params.putAll(Map.of("node", "node4", "brokerUrl", "tcp://127.0.0.4:18204?x=1",
                "httpUrl", "http://127.0.0.4:18004", "adminUrl", "http://127.0.0.4:18104"));
        assertThat(post("/join").status()).isEqualTo(200);
        assertThat(node.asked).containsExactly("join " + new Member("node4", "tcp://127.0.0.4:18204?x=1",
                "http://127.0.0.4:18004", "http://127.0.0.4:18104"));
    }

    @Test
    void anotherNodesJoinNeedsItsAddressesUnlessTheyAreKnownHere() {
        params.put("node", "node4");
        RingAdmin.Answer unknown = post("/join");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(error(unknown)).contains("needs its brokerUrl");
        params.putAll(Map.of("brokerUrl", "http://127.0.0.4:18204", "httpUrl", "http://127.0.0.4:18004"));
        assertThat(post("/join").status()).as("a broker URL is tcp: or ssl:").isEqualTo(400);
        params.putAll(Map.of("brokerUrl", "tcp://127.0.0.4:18204", "httpUrl", "http://127.0.0.4:18004",
                "adminUrl", "not a url"));
        assertThat(post("/join").status()).isEqualTo(400);
        assertThat(node.asked).isEmpty();

        Member node4 = new Member("node4", "tcp://127.0.0.4:18204", "http://127.0.0.4:18004");
        node.known.put("node4", node4);
        params.clear();
        params.put("node", "node4");
        assertThat(post("/join").status()).as("asked again: the ring carries its addresses").isEqualTo(200);
        assertThat(node.asked).containsExactly("join " + node4);
    }

    @Test
    void aLeaveWithoutANodeIsThisNodes() {
        assertThat(post("/leave").status()).isEqualTo(200);
        params.put("node", "node3");
        assertThat(post("/leave").status()).isEqualTo(200);
        assertThat(node.asked).containsExactly("leave node1", "leave node3");
    }

    @Test
    void aRemoveIsTheSameChangeButNeedsANodeOtherThanThisOne() {
        assertThat(error(post("/remove"))).contains("name the dead node");
        params.put("node", "node1");
        assertThat(error(post("/remove"))).contains("not dead");
        params.put("node", "node2");
        assertThat(post("/remove").status()).isEqualTo(200);
        assertThat(node.asked).containsExactly("leave node2");
    }

    @Test
    void aMalformedOrUnknownNodeIsABadRequest() {
        params.put("node", "node 2;rm");
        RingAdmin.Answer malformed = post("/leave");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(error(malformed)).contains("malformed node id");
        params.put("node", "node9");
        RingAdmin.Answer unknown = post("/remove");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(error(unknown)).contains("node9 is not in the ring at epoch 1");
        assertThat(node.asked).isEmpty();
    }

    @Test
    void aNodeJoiningDuringAMoveCanBeNamed() {
        node.config = node.config.startingMove(List.of("node1", "node2", "node3", "node4"), List.of());
        params.put("node", "node4");
        assertThat(post("/leave").status()).isEqualTo(200);
        assertThat(node.asked).containsExactly("leave node4");
    }

    @Test
    void aRefusedChangeIsAConflictAndAStalledOneUnavailable() {
        node.answer = CompletableFuture.failedFuture(new MoveDriver.Refused("a move to [node1, node2] is under way"));
        params.putAll(Map.of("node", "node4", "brokerUrl", "tcp://127.0.0.4:18204", "httpUrl", "http://127.0.0.4:18004"));
        RingAdmin.Answer refused = post("/join");
        params.clear();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(error(refused)).contains("a move to [node1, node2] is under way");

        node.answer = CompletableFuture.failedFuture(new MoveDriver.Stalled("STREAM did not finish; ask again"));
        RingAdmin.Answer stalled = post("/leave");
        assertThat(stalled.status()).isEqualTo(503);
        assertThat(error(stalled)).contains("stalled", "ask again");
    }

    @Test
    void aChangeThatFailsOtherwiseIsAnInternalErrorWithItsMessage() {
        node.answer = CompletableFuture.failedFuture(new IllegalStateException("node1 is not among its own peers"));
        RingAdmin.Answer answer = post("/leave");
        assertThat(answer.status()).isEqualTo(500);
        assertThat(error(answer)).contains("node1 is not among its own peers");
    }

    @Test
    void theWaitIsBoundedAndTheChangeGoesOnAfterIt() {
        node.answer = new CompletableFuture<>();
        params.put("waitSeconds", "0");
        RingAdmin.Answer answer = post("/leave");
        assertThat(answer.status()).isEqualTo(503);
        assertThat(error(answer)).contains("did not finish in 0 s", "ask again");
        assertThat(node.answer).isNotDone();
    }

    @Test
    void aBadWaitIsABadRequest() {
        for (String wait : List.of("-1", "soon", "86401", "")) {
            params.put("waitSeconds", wait);
            assertThat(post("/leave").status()).as(wait).isEqualTo(400);
        }
        assertThat(node.asked).isEmpty();
    }

    @Test
    void onlyPostAndOnlyTheThreeEndpoints() {
        RingAdmin.Answer get = admin.handle("GET", "/join", params::get);
        assertThat(get.status()).isEqualTo(405);
        assertThat(error(get)).contains("takes POST");
        assertThat(admin.handle("POST", "/rebalance", params::get).status()).isEqualTo(404);
        assertThat(admin.handle("POST", null, params::get).status()).isEqualTo(404);
        assertThat(node.asked).isEmpty();
    }
}
