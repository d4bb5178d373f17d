package dynamo.node;

import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /tasks/log-mark?text=...} on the admin port: the node logs "mark: text" at INFO, so an
 * operator can mark a moment (a benchmark's start, a fault injected) in the central logs.
 */
final class LogMarkTask extends Task {
    private static final Logger LOG = LoggerFactory.getLogger(LogMarkTask.class);

    LogMarkTask() {
        super("log-mark");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        // One line whatever was sent: a mark never forges the lines after it.
        String text = String.join(" ", parameters.getOrDefault("text", List.of())).replaceAll("[\\r\\n]+", " ").strip();
        if (text.isEmpty()) {
            output.println("nothing logged: give the mark as ?text=...");
            return;
        }
        LOG.info("mark: {}", text);
        output.println("logged mark: " + text);
    }
}
