package dynamo.client.cli;

import dynamo.client.DynamoClient;
import dynamo.client.Entry;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scan}: every live pair ({@code *}), or what one node stores ({@code @}, tombstones in JSON only). */
@Command(name = "scan", description = "list every live pair of the store, or with --local what one node stores")
final class ScanCommand extends ClientCommand {
    @Option(names = "--local", paramLabel = "NODE",
            description = "one node's pairs (its replicas): its index in the URL list (1, 2, ...), its id, or its URL")
    String local;

    @Override
    Arguments arguments(Codec codec) {
        return new Arguments(null, null, null);
    }

    @Override
    int run(DynamoClient client, Arguments arguments, Printer printer) {
        try (Stream<Entry> entries = local == null ? client.scan() : client.scanNode(node())) {
            entries.forEach(printer::entry);
        }
        printer.out().flush();
        return ExitCode.OK;
    }

    /** An index counts from 1 into the client URLs. */
    private String node() {
        if (local.matches("[1-9][0-9]{0,3}")) {
            List<String> urls = cli.connection.urls(cli.env);
            int index = Integer.parseInt(local);
            if (index > urls.size()) {
                throw new Codec.BadInputException("--local " + local + ": only " + urls.size() + " node URLs are known");
            }
            return urls.get(index - 1);
        }
        return local;
    }
}
