package dynamo.faults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The iptables rules of one chain that carry {@code -m comment --comment TAG}: added, listed and
 * deleted by that tag only, so that a heal never removes a rule of someone else (iptables is
 * machine-wide), even one whose tag starts like ours.
 */
final class TaggedRules {
    private final String table;
    private final String chain;
    private final String tag;

    /** {@code tag}: letters, digits, '-' and '_' only, unique to this run (it marks the rules we may delete). */
    TaggedRules(String table, String chain, String tag) {
        if (!tag.matches("[A-Za-z0-9_-]{8,200}")) {
            throw new IllegalArgumentException("a tag of 8-200 letters, digits, '-' or '_', got " + tag);
        }
        this.table = table;
        this.chain = chain;
        this.tag = tag;
    }

    String tag() {
        return tag;
    }

    /** Whether iptables can be used here for this table and chain (installed, and we may change rules: root). */
    static boolean available(String table, String chain) {
        try {
            return run(List.of("iptables", "-w", "-t", table, "-S", chain)).exitCode == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Inserts (first in the chain) the rule {@code match}, tagged, jumping to {@code target}. */
    void insert(List<String> match, List<String> target) throws IOException {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-I", chain));
        command.addAll(match);
        command.addAll(List.of("-m", "comment", "--comment", tag));
        command.addAll(target);
        check(run(command), command);
    }

    /** Removes every rule carrying the tag (and only those). */
    void deleteAll() throws IOException {
        for (String rule : list()) {
            List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-D"));
            delete.addAll(tokens(rule.substring("-A ".length())));
            check(run(delete), delete);
        }
    }

    /** The rules carrying the tag now in place, as {@code iptables -S} prints them. */
    List<String> list() throws IOException {
        List<String> command = List.of("iptables", "-w", "-t", table, "-S", chain);
        Result listed = check(run(command), command);
        return listed.output.lines().filter(line -> line.startsWith("-A " + chain + " ")).filter(this::ours).toList();
    }

    /** Whether a rule as {@code iptables -S} prints it carries exactly our tag. */
    private boolean ours(String rule) {
        List<String> tokens = tokens(rule);
        int comment = tokens.indexOf("--comment");
        return comment >= 0 && comment + 1 < tokens.size() && tokens.get(comment + 1).equals(tag);
    }

    /** A rule's words: our tags and matches hold no spaces or quotes, so plain splitting suffices. */
    private static List<String> tokens(String rule) {
        return List.of(rule.trim().split(" +"));
    }

    /** What the heal says when it could not remove every rule: where to look for the leftovers. */
    String leftovers() {
        return "iptables -t " + table + " -S " + chain + " | grep " + tag;
    }

    record Result(int exitCode, String output) {
    }

    static Result check(Result result, List<String> command) throws IOException {
        if (result.exitCode != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + result.exitCode + ": " + result.output);
        }
        return result;
    }

    static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", command), e);
        }
    }
}
