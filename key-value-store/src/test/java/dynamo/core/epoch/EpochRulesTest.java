package dynamo.core.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message;
import dynamo.core.ring.RingLayout;
import dynamo.core.version.Ballot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fencing rules and the register's compare-and-set. */
class EpochRulesTest {
    private static final byte[] KEY = {1};
    private static final RingConfig ONE = RingConfig.seed(List.of("a", "b", "c"), new RingLayout.Tokens(1));

    @Test
    void protocolRequestsPassOnlyAtTheSameEpoch() {
        List<Message> fenced = List.of(new Message.ReadRequest(1, "a", KEY), new Message.Prepare(1, "a", KEY, Ballot.ZERO),
                new Message.Accept(1, "a", KEY, Ballot.ZERO, List.of(), Ballot.ZERO),
                new Message.WriteRequest(1, "a", KEY, List.of(), null), new Message.ScanRequest(1, "a", null, 5),
                new Message.MerkleRequest(1, "a", 0, 1, 2), new Message.BucketRequest(1, "a", 0, 1, 2, List.of()));
        for (Message m : fenced) {
            assertThat(EpochFence.admits(3, 3, m)).as("same epoch: %s", m).isTrue();
            assertThat(EpochFence.admits(3, 2, m)).as("older sender: %s", m).isFalse();
            assertThat(EpochFence.admits(3, 4, m)).as("newer sender, we are behind: %s", m).isFalse();
        }
    }

    @Test
    void repliesProbesAndRingMessagesAlwaysPass() {
        List<Message> open = List.of(new Message.Ping(1, "a"), new Message.Pong(1, "a"), new Message.RingFetch(1, "a"),
                new Message.RingConfigReply(1, "a", new byte[0]), new Message.ConfigPrepare(1, "a", Ballot.ZERO),
                new Message.Accepted(1, "a", Ballot.ZERO, true, Ballot.ZERO), new Message.StaleEpoch(1, "a", 1, 2));
        for (Message m : open) {
            assertThat(EpochFence.admits(3, 1, m)).as("%s", m).isTrue();
            assertThat(EpochFence.admits(3, 9, m)).as("%s", m).isTrue();
        }
    }

    @Test
    void onlyANewerEpochIsFetchedAndARefusalTellsWhoIsStale() {
        assertThat(EpochFence.mustFetch(3, 4)).isTrue();
        assertThat(EpochFence.mustFetch(3, 3)).isFalse();
        assertThat(EpochFence.mustFetch(3, 2)).isFalse();
        Message.StaleEpoch coordinatorStale = new Message.StaleEpoch(1, "b", 2, 3);
        Message.StaleEpoch replicaBehind = new Message.StaleEpoch(1, "b", 3, 2);
        assertThat(EpochFence.senderWasStale(coordinatorStale)).isTrue();
        assertThat(EpochFence.senderWasStale(replicaBehind)).isFalse();
        assertThat(EpochFence.reason(coordinatorStale)).contains("epoch 2 is stale", "b is at epoch 3");
    }

    @Test
    void aStaleRefusalNamesTheNodeThatHasTheNewerRing() {
        ClientResponse refused = EpochFence.refused(new Message.StaleEpoch(1, "node1", 2, 3));
        assertThat(EpochFence.newerRingHolder(refused)).contains("node1");
        assertThat(refused.message()).contains("epoch 2 is stale", "node1 is at epoch 3");
        assertThat(EpochFence.newerRingHolder(ClientResponse.unavailable(refused.message())))
                .as("the holder is a field, never parsed from the text").isEmpty();
        assertThat(EpochFence.newerRingHolder(ClientResponse.unavailable("no quorum before the deadline"))).isEmpty();
        assertThat(EpochFence.newerRingHolder(ClientResponse.notFound())).isEmpty();
    }

    @Test
    void theRegisterChangesOnlyFromTheEpochJustBefore() {
        RingConfig two = ONE.renumbered();
        assertThat(ConfigRegister.change(ONE, two)).isEqualTo(two);
        RingConfig otherTwo = RingConfig.following(2, List.of("a", "b"), new RingLayout.Tokens(1));
        assertThat(ConfigRegister.change(two, otherTwo)).as("a second change from epoch 1 is refused").isEqualTo(two);
        assertThat(ConfigRegister.change(two, two)).isEqualTo(two);
        assertThat(ConfigRegister.change(ONE, two.renumbered())).as("no skipping an epoch").isEqualTo(ONE);
    }

    @Test
    void theCurrentValueIsTheHighestAcceptedUnlessTheKnownConfigIsNewer() {
        RingConfig two = ONE.renumbered();
        assertThat(ConfigRegister.current(null, ONE)).isEqualTo(ONE);
        assertThat(ConfigRegister.current(two, ONE)).isEqualTo(two);
        assertThat(ConfigRegister.current(ONE, two)).isEqualTo(two);
    }

    @Test
    void acceptorPromisesAndAcceptsByBallotOnly() {
        Ballot low = new Ballot(5, "a");
        Ballot high = new Ballot(6, "b");
        RegisterState promised = ConfigRegister.prepare(RegisterState.EMPTY, high);
        assertThat(ConfigRegister.promised(promised, high)).isTrue();
        assertThat(ConfigRegister.promised(ConfigRegister.prepare(promised, low), low)).isFalse();
        assertThat(ConfigRegister.accepted(ConfigRegister.accept(promised, low, ONE), low)).isFalse();
        RegisterState accepted = ConfigRegister.accept(promised, high, ONE);
        assertThat(ConfigRegister.accepted(accepted, high)).isTrue();
        assertThat(accepted.value()).isEqualTo(ONE);
        assertThat(ConfigRegister.prepare(accepted, high)).as("a ballot already accepted is not promised anew")
                .isSameAs(accepted);
        assertThat(ConfigRegister.accept(accepted, low, ONE.renumbered())).as("nor an older one accepted")
                .isSameAs(accepted);
    }
}
