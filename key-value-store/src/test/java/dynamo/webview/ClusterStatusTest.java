package dynamo.webview;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.epoch.RingConfig;
import dynamo.core.membership.Member;
import dynamo.core.ring.Ring;
import dynamo.core.ring.RingLayout;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterStatusTest {
    private final Ring ring = new Ring(List.of("n1", "n2", "n3"), 4);

    private ClusterStatus status(Set<String> seemUp) {
        return ClusterStatus.of("n1", 4, ring, 3,
                id -> id.equals("n3") ? Optional.empty()
                        : Optional.of(new Member(id, "tcp://b", "http://" + id, "http://" + id + "-admin")),
                new ClusterStatus.Liveness(seemUp::contains));
    }

    @Test
    void listsEveryMemberWithItsTokensShareAndUrls() {
        ClusterStatus status = status(Set.of("n1", "n2", "n3"));

        assertThat(status.node()).isEqualTo("n1");
        assertThat(status.epoch()).as("the ring config's epoch").isEqualTo("4");
        assertThat(status.members()).extracting(ClusterStatus.MemberStatus::id).containsExactly("n1", "n2", "n3");
        assertThat(status.members()).allSatisfy(m -> assertThat(m.tokens()).hasSize(4));
        assertThat(status.members().get(1).tokens())
                .isSortedAccordingTo((a, b) -> Long.compareUnsigned(Long.parseUnsignedLong(a), Long.parseUnsignedLong(b)));
        assertThat(status.members().get(1).adminUrl()).isEqualTo("http://n2-admin");
        assertThat(status.members().get(2).adminUrl()).isNull();
        assertThat(status.members().stream().mapToDouble(ClusterStatus.MemberStatus::keyShare).sum())
                .isBetween(0.999, 1.001);
    }

    @Test
    void statesFollowTheFailureDetector() {
        ClusterStatus status = status(Set.of("n1", "n2"));
        assertThat(status.members()).extracting(ClusterStatus.MemberStatus::state)
                .containsExactly(MemberState.UP, MemberState.UP, MemberState.DOWN);
    }

    @Test
    void aMoveUnderWayIsReportedWithWhoJoinsAndWhoLeaves() {
        RingConfig seed = RingConfig.seed(List.of("n1", "n2", "n3"), new RingLayout.Tokens(4));
        assertThat(ClusterStatus.MembershipChange.of(seed)).as("no move").isNull();
        RingConfig moving = seed.startingMove(List.of("n1", "n2", "n4"), List.of());
        ClusterStatus.MembershipChange change = ClusterStatus.MembershipChange.of(moving);
        assertThat(change.epoch()).isEqualTo("2");
        assertThat(change.members()).containsExactly("n1", "n2", "n4");
        assertThat(change.joining()).containsExactly("n4");
        assertThat(change.leaving()).containsExactly("n3");
        assertThat(status(Set.of()).withChange(change).membershipChange()).isEqualTo(change);
        assertThat(ClusterStatus.MembershipChange.of(moving.finishingMove())).as("the move ended").isNull();
    }
}
