package dynamo.node;

import io.dropwizard.lifecycle.Managed;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Components started in the order they were added (each after those it depends on) and stopped in
 * reverse. A start that fails stops, in reverse, exactly the components that had started, logs one
 * line naming the cause and throws {@link StartFailure}; those after the failed one never start. A
 * component whose start throws is not stopped: its start leaves nothing open, or only what belongs to
 * a component started before it. Stopping twice, or after a failed start, stops nothing more.
 */
final class StartOrder implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(StartOrder.class);

    /** A component's start or stop. */
    interface Step {
        void run() throws Exception;
    }

    private record Component(String name, Step start, Step stop) {
    }

    /** Why the start failed, in one line; the cause is the component's own exception. */
    static final class StartFailure extends Exception {
        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String owner;
    private final List<Component> components = new ArrayList<>();
    private final Deque<Component> started = new ArrayDeque<>();

    /** {@code owner} names what starts in the messages ("node1 cannot start: ..."). */
    StartOrder(String owner) {
        this.owner = owner;
    }

    StartOrder add(String name, Step start, Step stop) {
        components.add(new Component(name, start, stop));
        return this;
    }

    @Override
    public synchronized void start() throws StartFailure {
        long begun = System.nanoTime();
        for (Component component : components) {
            try {
                component.start().run();
            } catch (Exception e) {
                StartFailure failure = new StartFailure(owner + " cannot start: " + reason(e), e);
                LOG.error("{}", failure.getMessage());
                LOG.info("{}: stopping what had started, last first: {}", owner, namesOf(started));
                stop();
                throw failure;
            }
            started.push(component);
            LOG.debug("{}: started {}", owner, component.name());
        }
        LOG.info("{}: started {} in {} ms", owner, String.join(", ", components.stream().map(Component::name).toList()),
                (System.nanoTime() - begun) / 1_000_000);
    }

    /** Stops the started components, last first; one that fails to stop does not keep the others running. */
    @Override
    public synchronized void stop() {
        while (!started.isEmpty()) {
            Component component = started.pop();
            try {
                component.stop().run();
                LOG.info("{}: stopped {}", owner, component.name());
            } catch (Exception e) {
                LOG.warn("{}: stopping {} failed", owner, component.name(), e);
            }
        }
    }

    /** The exception's own message (its first line), or its type when it has none. */
    private static String reason(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message.lines().findFirst().orElse(message);
    }

    private static String namesOf(Deque<Component> components) {
        return components.isEmpty() ? "nothing"
                : String.join(", ", components.stream().map(Component::name).toList());
    }
}
