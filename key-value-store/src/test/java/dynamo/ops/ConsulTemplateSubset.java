package dynamo.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the subset of consul-template (Go text/template) our templates use, so tests can feed
 * the result to the real program it configures: comments, {@code range service "name"},
 * {@code if .Field}, {@code end}, and fields of a service instance ({@code .ID}, {@code .Address},
 * {@code .Port}, {@code .ServiceMeta.key}). Whitespace trimming ({@code {{-}} and {@code -}}) is as
 * in Go. Anything else is rejected, so a template that outgrows the subset fails its test instead
 * of being checked wrongly.
 */
final class ConsulTemplateSubset {
    private static final Pattern ACTION = Pattern.compile("\\{\\{(-\\s)?(.*?)(\\s-)?}}", Pattern.DOTALL);
    private static final Pattern RANGE = Pattern.compile("range service \"([^\"]+)\"");
    private static final Pattern FIELD = Pattern.compile("(\\.[A-Za-z]+)+");
    /** The fields of consul-template's health service that the subset knows. */
    private static final Set<String> INSTANCE_FIELDS = Set.of("ID", "Name", "Address", "Port", "ServiceMeta");

    private sealed interface Node permits Text, Print, Range, If {
    }

    private record Text(String text) implements Node {
    }

    private record Print(String field) implements Node {
    }

    private record Range(String service, List<Node> body) implements Node {
    }

    private record If(String field, List<Node> body) implements Node {
    }

    private final List<Object> tokens = new ArrayList<>();
    private int next;

    private ConsulTemplateSubset(String template) {
        tokenize(template);
    }

    /** {@code services}: service name to its passing instances, each a map of instance fields. */
    static String render(String template, Map<String, List<Map<String, Object>>> services) {
        ConsulTemplateSubset parser = new ConsulTemplateSubset(template);
        List<Node> nodes = parser.parseUntilEnd(false);
        StringBuilder out = new StringBuilder();
        write(nodes, null, services, out);
        return out.toString();
    }

    private void tokenize(String template) {
        Matcher m = ACTION.matcher(template);
        int at = 0;
        boolean trimNextLeading = false;
        while (m.find()) {
            String text = template.substring(at, m.start());
            if (trimNextLeading) {
                text = text.stripLeading();
            }
            if (m.group(1) != null) {
                text = text.stripTrailing();
            }
            tokens.add(new Text(text));
            tokens.add(m.group(2).trim());
            trimNextLeading = m.group(3) != null;
            at = m.end();
        }
        String rest = template.substring(at);
        tokens.add(new Text(trimNextLeading ? rest.stripLeading() : rest));
    }

    private List<Node> parseUntilEnd(boolean inBlock) {
        List<Node> nodes = new ArrayList<>();
        while (next < tokens.size()) {
            Object token = tokens.get(next++);
            if (token instanceof Text text) {
                nodes.add(text);
                continue;
            }
            String action = (String) token;
            if (action.startsWith("/*") && action.endsWith("*/")) {
                continue;
            }
            if (action.equals("end")) {
                if (!inBlock) {
                    throw new IllegalArgumentException("{{ end }} without a block");
                }
                return nodes;
            }
            nodes.add(parseAction(action));
        }
        if (inBlock) {
            throw new IllegalArgumentException("block without {{ end }}");
        }
        return nodes;
    }

    private Node parseAction(String action) {
        Matcher range = RANGE.matcher(action);
        if (range.matches()) {
            return new Range(range.group(1), parseUntilEnd(true));
        }
        if (action.startsWith("if ") && FIELD.matcher(action.substring(3).trim()).matches()) {
            return new If(action.substring(3).trim(), parseUntilEnd(true));
        }
        if (FIELD.matcher(action).matches()) {
            return new Print(action);
        }
        throw new IllegalArgumentException("outside the supported subset: {{ " + action + " }}");
    }

    private static void write(List<Node> nodes, Map<String, Object> instance,
            Map<String, List<Map<String, Object>>> services, StringBuilder out) {
        for (Node node : nodes) {
            if (node instanceof Text text) {
                out.append(text.text());
            } else if (node instanceof Print print) {
                out.append(field(instance, print.field()));
            } else if (node instanceof If when) {
                if (!field(instance, when.field()).isEmpty()) {
                    write(when.body(), instance, services, out);
                }
            } else if (node instanceof Range range) {
                for (Map<String, Object> each : services.getOrDefault(range.service(), List.of())) {
                    write(range.body(), each, services, out);
                }
            }
        }
    }

    /** A missing map key is "" as in Go for map[string]string; an unknown field is an error. */
    private static String field(Map<String, Object> instance, String path) {
        if (instance == null) {
            throw new IllegalArgumentException(path + " outside a range");
        }
        String[] parts = path.substring(1).split("\\.");
        if (!INSTANCE_FIELDS.contains(parts[0])) {
            throw new IllegalArgumentException("a service instance has no field " + parts[0]);
        }
        Object value = instance.get(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            value = value instanceof Map<?, ?> map ? map.get(parts[i]) : null;
        }
        return value == null ? "" : value.toString();
    }
}
