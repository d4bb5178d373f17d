package dynamo.client.cli;

import dynamo.client.DynamoException;
import dynamo.client.InvalidRequestException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code bin/dynamo}: the store from the command line. */
@Command(name = "dynamo", mixinStandardHelpOptions = true, version = "dynamo CLI 1.0.0-SNAPSHOT",
        description = "Reads and writes the Dynamo store. Exit codes: 0 found or written, 1 not found or rejected, "
                + "2 unavailable or outcome unknown, 3 bad input.",
        subcommands = {KeyCommands.Put.class, KeyCommands.Get.class, KeyCommands.Delete.class, KeyCommands.Cas.class,
                ScanCommand.class, RingCommand.class})
public final class DynamoCli implements Runnable {
    @Mixin
    Connection connection;

    @Option(names = "--base64", scope = ScopeType.INHERIT,
            description = "keys and values are base64 (standard or URL-safe), in arguments and output")
    boolean base64;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print JSON")
    boolean json;

    final Map<String, String> env;

    DynamoCli(Map<String, String> env) {
        this.env = env;
    }

    Codec codec() {
        return new Codec(base64);
    }

    /** Without a command: the usage, and exit code 3. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is needed");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        PrintWriter stdout = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter stderr = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cli = new CommandLine(new DynamoCli(env));
        cli.setOut(stdout);
        cli.setErr(stderr);
        cli.setParameterExceptionHandler((e, arguments) -> {
            stderr.println("dynamo: " + e.getMessage());
            e.getCommandLine().usage(stderr);
            return ExitCode.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            stderr.println("dynamo: " + describe(e));
            return exitCode(e);
        });
        int code = cli.execute(args);
        stdout.flush();
        stderr.flush();
        return code;
    }

    static int exitCode(Exception e) {
        if (e instanceof InvalidRequestException || e instanceof Codec.BadInputException
                || e instanceof IllegalArgumentException) {
            return ExitCode.BAD_INPUT;
        }
        return ExitCode.UNAVAILABLE;
    }

    private static String describe(Exception e) {
        if (e instanceof InvalidRequestException invalid) {
            return "invalid request (" + invalid.status() + "): " + invalid.serverMessage();
        }
        if (e instanceof dynamo.client.OutcomeUnknownException) {
            return "outcome unknown (the write may or may not have been applied): " + e.getMessage();
        }
        if (e instanceof DynamoException || e instanceof Codec.BadInputException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return e.toString();
    }
}
