package dynamo.client.cli;

import dynamo.client.DynamoClient;
import dynamo.client.GetResult;
import dynamo.client.WriteResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands on one key: put, get, delete, cas. */
final class KeyCommands {
    private KeyCommands() {
    }

    @Command(name = "get", description = "print KEY's value; exit 1 if absent")
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Option(names = {"-r", "--reads"}, paramLabel = "R", description = "minNumReads (default: the cluster's R)")
        Integer reads;

        @Override
        Arguments arguments(Codec codec) {
            return new Arguments(codec.in(key, "KEY"), null, null);
        }

        @Override
        int run(DynamoClient client, Arguments arguments, Printer printer) {
            GetResult result = reads == null ? client.get(arguments.key()) : client.get(arguments.key(), reads);
            printer.get(arguments.key(), result);
            if (!result.found() && !printer.json()) {
                err().println("dynamo: not found");
            }
            return result.found() ? ExitCode.OK : ExitCode.NO;
        }
    }

    /** put, cas and delete: a write, its version printed; exit 1 if rejected. */
    abstract static class Write extends ClientCommand {
        @Option(names = {"-w", "--writes"}, paramLabel = "W", description = "minNumWrites (default: the cluster's W)")
        Integer writes;

        abstract WriteResult write(DynamoClient client, Arguments arguments);

        @Override
        int run(DynamoClient client, Arguments arguments, Printer printer) {
            WriteResult result = write(client, arguments);
            printer.write(result);
            if (result.rejected() && !printer.json()) {
                err().println("dynamo: rejected: the key was written since that version");
            }
            return result.written() ? ExitCode.OK : ExitCode.NO;
        }
    }

    /** put and cas: KEY and VALUE. */
    abstract static class ValueWrite extends Write {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        Arguments arguments(Codec codec, String version) {
            return new Arguments(codec.in(key, "KEY"), codec.in(value, "VALUE"), version);
        }
    }

    @Command(name = "put", description = "write VALUE under KEY (unconditional); prints the new version")
    static final class Put extends ValueWrite {
        @Override
        Arguments arguments(Codec codec) {
            return arguments(codec, null);
        }

        @Override
        WriteResult write(DynamoClient client, Arguments a) {
            return writes == null ? client.put(a.key(), a.value()) : client.put(a.key(), a.value(), writes);
        }
    }

    @Command(name = "cas", description = "write VALUE under KEY only if nobody wrote it since VERSION; exit 1 if rejected")
    static final class Cas extends ValueWrite {
        @Option(names = "--from", required = true, paramLabel = "VERSION", description = "the version a get printed")
        String from;

        @Override
        Arguments arguments(Codec codec) {
            if (from.isEmpty()) {
                throw new Codec.BadInputException("--from needs a version (get --json prints it)");
            }
            return arguments(codec, from);
        }

        @Override
        WriteResult write(DynamoClient client, Arguments a) {
            return writes == null ? client.putIfVersion(a.key(), a.value(), a.version())
                    : client.putIfVersion(a.key(), a.value(), a.version(), writes);
        }
    }

    @Command(name = "delete", description = "delete KEY (a tombstone)")
    static final class Delete extends Write {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Override
        Arguments arguments(Codec codec) {
            return new Arguments(codec.in(key, "KEY"), null, null);
        }

        @Override
        WriteResult write(DynamoClient client, Arguments a) {
            return writes == null ? client.delete(a.key()) : client.delete(a.key(), writes);
        }
    }
}
