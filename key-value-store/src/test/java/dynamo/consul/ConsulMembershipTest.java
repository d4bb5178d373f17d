package dynamo.consul;

import static dynamo.consul.ConsulStub.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dynamo.core.membership.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

class ConsulMembershipTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ConsulStub consul = ConsulStub.start();
    private final List<ConsulMembership> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        nodes.forEach(ConsulMembership::close);
        consul.close();
    }

    /** A member as discovery reports it: with the admin URL it registered. */
    private static Member member(String id) {
        int n = Integer.parseInt(id.substring(1));
        return new Member(id, "tcp://127.0.0.1:" + (18200 + n), "http://127.0.0.1:" + (18000 + n), adminUrl(id));
    }

    private static String adminUrl(String id) {
        return "http://127.0.0.1:" + (18100 + Integer.parseInt(id.substring(1)));
    }

    private ConsulMembership node(String id) {
        DiscoveryConfig config = new DiscoveryConfig();
        config.type = DiscoveryConfig.Type.CONSUL;
        config.consulUrl = consul.url();
        config.pollMillis = 50;
        config.maxBackoffMillis = 200;
        config.httpUrl = member(id).httpUrl();
        config.adminUrl = adminUrl(id);
        ConsulMembership node = ConsulMembership.of(config, id, member(id).brokerUrl());
        nodes.add(node);
        node.start();
        return node;
    }

    private void awaitRegistered(String... ids) {
        await().atMost(WAIT).until(() -> List.of(ids).stream().allMatch(consul::isRegistered));
    }

    private static void awaitMembers(ConsulMembership node, String... ids) {
        List<Member> expected = List.of(ids).stream().map(ConsulMembershipTest::member).toList();
        await().atMost(WAIT).untilAsserted(() -> assertThat(node.members()).isEqualTo(expected));
    }

    @Test
    void registersWithNodeIdAsServiceIdMemberFieldsAsMetaAndAPingCheck() {
        node("n1");
        awaitRegistered("n1");

        JsonNode body = consul.registrations.get(0);
        assertThat(field(body, "ID").asText()).isEqualTo("n1");
        assertThat(field(body, "Name").asText()).isEqualTo("dynamo");
        assertThat(field(body, "Address").asText()).isEqualTo("127.0.0.1");
        assertThat(field(body, "Port").asInt()).isEqualTo(18001);
        JsonNode meta = field(body, "Meta");
        assertThat(meta.path("nodeId").asText()).isEqualTo("n1");
        assertThat(meta.path("brokerUrl").asText()).isEqualTo("tcp://127.0.0.1:18201");
        assertThat(meta.path("httpUrl").asText()).isEqualTo("http://127.0.0.1:18001");
        assertThat(meta.path("adminPort").asText()).isEqualTo("18101");
        JsonNode check = field(body, "Check");
        assertThat(field(check, "HTTP").asText()).isEqualTo("http://127.0.0.1:18101/ping");
        assertThat(field(check, "Interval").asText()).isEqualTo("2000ms");
        JsonNode reapAfter = field(check, "DeregisterCriticalServiceAfter");
        assertThat(reapAfter.isMissingNode() || reapAfter.isNull())
                .as("Consul must not reap a node that is down: it is still a member (%s)", reapAfter).isTrue();
    }

    @Test
    void registeredInstancesAreTheMembersSortedByIdWhetherTheirChecksPassOrNot() throws InterruptedException {
        ConsulMembership n2 = node("n2");
        ConsulMembership n1 = node("n1");
        awaitRegistered("n1", "n2");
        assertThat(n1.awaitFirstView(WAIT)).isTrue();

        awaitMembers(n1, "n1", "n2"); // checks start critical, as in Consul
        awaitMembers(n2, "n1", "n2");
    }

    @Test
    void anInstanceWhoseCheckTurnsCriticalStaysAMemberAndTheFailureDetectorIsTold() {
        ConsulMembership n1 = twoPassingNodes();
        AtomicInteger changes = new AtomicInteger();
        n1.onChange(changes::incrementAndGet);
        List<String> failing = new CopyOnWriteArrayList<>();
        n1.onFailingCheck(failing::add);

        consul.setStatus("n2", "critical");

        await().atMost(WAIT).until(() -> failing.contains("n2"));
        int queries = consul.healthQueries.get();
        await().atMost(WAIT).until(() -> consul.healthQueries.get() > queries + 2);
        assertThat(failing).as("told once, when the check turned").containsExactly("n2");
        assertThat(n1.members()).extracting(Member::id).containsExactly("n1", "n2");
        assertThat(changes.get()).as("the ring did not change").isZero();
    }

    @Test
    void anInstanceLeavesOnlyWhenDeregisteredAndListenersAreTold() {
        ConsulMembership n1 = twoPassingNodes();
        AtomicInteger changes = new AtomicInteger();
        n1.onChange(changes::incrementAndGet);

        consul.remove("n2");

        awaitMembers(n1, "n1");
        assertThat(changes.get()).isEqualTo(1);
    }

    @Test
    void instancesWithoutMemberMetaAreIgnored() {
        ConsulMembership n1 = node("n1");
        awaitRegistered("n1");
        consul.pass("n1");
        ObjectNode alien = new ObjectMapper().createObjectNode().put("Name", "dynamo").put("Address", "10.0.0.9")
                .put("Port", 80);
        consul.addInstance("alien", alien, "passing");

        awaitMembers(n1, "n1");
        int queries = consul.healthQueries.get();
        await().atMost(WAIT).until(() -> consul.healthQueries.get() > queries + 2);
        assertThat(n1.members()).extracting(Member::id).containsExactly("n1");
    }

    @Test
    void closeKeepsTheRegistrationSoARestartedNodeKeepsItsPlace() {
        ConsulMembership n1 = node("n1");
        ConsulMembership n2 = node("n2");
        awaitRegistered("n1", "n2");

        n2.close();

        assertThat(consul.deregistrations).isEmpty();
        assertThat(consul.isRegistered("n2")).isTrue();
        int queries = consul.healthQueries.get();
        await().atMost(WAIT).until(() -> consul.healthQueries.get() > queries + 2);
        assertThat(n1.members()).extracting(Member::id).containsExactly("n1", "n2");
    }

    /** Consul answering 500, or dropping the connections: the last view stays, and is followed again afterwards. */
    @ParameterizedTest
    @EnumSource(names = {"STATUS_500", "DROP_CONNECTION"})
    void keepsTheLastViewWhileConsulFailsAndFollowsItAgainAfterwards(ConsulStub.Fault fault) {
        ConsulMembership n1 = twoPassingNodes();

        consul.fault(fault);
        consul.remove("n2");
        await().atMost(WAIT).until(() -> consul.failedRequests.get() >= 3);
        assertThat(n1.members()).extracting(Member::id).containsExactly("n1", "n2");

        consul.fault(ConsulStub.Fault.NONE);
        awaitMembers(n1, "n1");
    }

    @Test
    void survivesAConsulOutageAndRegistersAgainWhenConsulReturnsWithoutItsState() throws InterruptedException {
        ConsulMembership n1 = twoPassingNodes();

        consul.stop();
        Thread.sleep(600); // several failed attempts with backoff
        assertThat(n1.members()).extracting(Member::id).containsExactly("n1", "n2");

        consul.restart();
        awaitRegistered("n1", "n2");
        awaitMembers(n1, "n1", "n2");
    }

    @Test
    void registersOnceConsulComesUpAfterTheNode() throws InterruptedException {
        consul.stop();
        ConsulMembership n1 = node("n1");
        assertThat(n1.awaitFirstView(Duration.ofMillis(300))).isFalse();

        consul.restart();

        awaitRegistered("n1");
        awaitMembers(n1, "n1");
    }

    @Test
    void warnsOncePerStreakOfFailures() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ConsulMembership.class);
        logger.addAppender(log);
        log.start();
        try {
            ConsulMembership n1 = node("n1");
            awaitRegistered("n1");
            consul.pass("n1");
            awaitMembers(n1, "n1");
            for (int streak = 1; streak <= 2; streak++) {
                int failedBefore = consul.failedRequests.get();
                consul.fault(ConsulStub.Fault.STATUS_500);
                await().atMost(WAIT).until(() -> consul.failedRequests.get() >= failedBefore + 4);
                consul.fault(ConsulStub.Fault.NONE);
                int queries = consul.healthQueries.get();
                await().atMost(WAIT).until(() -> consul.healthQueries.get() > queries + 1);
            }
        } finally {
            logger.detachAppender(log);
        }
        long warnings = log.list.stream()
                .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("failed"))
                .count();
        assertThat(warnings).as("one warning per streak of 4+ failures").isEqualTo(2);
    }

    /** Starts n1 and n2, both passing; returns n1 once it sees both. */
    private ConsulMembership twoPassingNodes() {
        ConsulMembership n1 = node("n1");
        node("n2");
        awaitRegistered("n1", "n2");
        consul.pass("n1");
        consul.pass("n2");
        awaitMembers(n1, "n1", "n2");
        await().atMost(WAIT).until(() -> n1.failingChecks().isEmpty()); // n1 has seen both pass
        return n1;
    }
}
