package dynamo.core.operation;

import dynamo.core.message.Message;
import dynamo.core.transport.MessageHandler;
import dynamo.core.transport.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A transport that delivers nothing: it records every send so that tests can assert on them. */
public final class RecordingTransport implements Transport {
    /** One recorded send. */
    public record Sent(String to, Message message) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile MessageHandler handler;
    private volatile boolean closed;

    @Override
    public void start(MessageHandler handler) {
        this.handler = handler;
    }

    @Override
    public void send(String toNode, Message message) {
        sent.add(new Sent(toNode, message));
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Hands {@code message} to the started handler, as if it had arrived from the network. */
    public void receive(Message message) {
        if (handler == null) {
            throw new IllegalStateException("transport not started");
        }
        handler.onMessage(message);
    }

    public MessageHandler handler() {
        return handler;
    }

    public boolean isClosed() {
        return closed;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Messages of {@code type} in send order. */
    public <T extends Message> List<T> sent(Class<T> type) {
        return sent.stream().map(Sent::message).filter(type::isInstance).map(type::cast).toList();
    }

    /** Messages of {@code type} sent to {@code node}, in send order. */
    public <T extends Message> List<T> sentTo(String node, Class<T> type) {
        return sent.stream().filter(s -> s.to().equals(node)).map(Sent::message)
                .filter(type::isInstance).map(type::cast).toList();
    }

    /** Receivers of messages of {@code type}, in send order. */
    public List<String> receiversOf(Class<? extends Message> type) {
        return sent.stream().filter(s -> type.isInstance(s.message())).map(Sent::to).toList();
    }

    public void clear() {
        sent.clear();
    }
}
