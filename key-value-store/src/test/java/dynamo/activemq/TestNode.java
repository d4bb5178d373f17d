package dynamo.activemq;

import dynamo.core.membership.Membership;
import dynamo.core.message.Message;
import dynamo.core.transport.MessageHandler;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** One node's broker and transport; records what it receives unless given its own handler. */
final class TestNode implements AutoCloseable {
    final String id;
    final EmbeddedBroker broker;
    final ActiveMqTransport transport;
    final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    private TestNode(String id, String url, Membership membership, MessageHandler handler, TransportTuning tuning) {
        this.id = id;
        this.broker = EmbeddedBroker.start(id, url);
        this.transport = new ActiveMqTransport(id, membership, tuning);
        transport.start(handler == null ? received::add : handler);
    }

    static TestNode start(String id, Membership membership) {
        return start(id, membership, null);
    }

    static TestNode start(String id, Membership membership, MessageHandler handler) {
        return start(id, membership, handler, TransportTuning.defaults());
    }

    static TestNode start(String id, Membership membership, MessageHandler handler, TransportTuning tuning) {
        String url = membership.member(id).orElseThrow().brokerUrl();
        return new TestNode(id, url, membership, handler, tuning);
    }

    @Override
    public void close() {
        transport.close();
        broker.close();
    }
}
