package dynamo.client.cli;

import dynamo.client.DynamoClient;

/** A command that talks to the store: opens a client from the options, runs, closes it. */
abstract class ClientCommand extends CliCommand {
    @Override
    public Integer call() {
        Codec codec = cli.codec();
        Arguments arguments = arguments(codec); // bad input fails before any connection
        try (DynamoClient client = cli.connection.open(cli.env)) {
            return run(client, arguments, new Printer(out(), cli.json, codec));
        }
    }

    /** The command's arguments, decoded. */
    abstract Arguments arguments(Codec codec);

    abstract int run(DynamoClient client, Arguments arguments, Printer printer);

    /** Decoded key, value and version of a command (unused ones null). */
    record Arguments(byte[] key, byte[] value, String version) {
    }
}
