package dynamo.multiprocess;

import dynamo.linearizability.Op;
import dynamo.linearizability.Operation;
import dynamo.linearizability.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Acknowledged writes that the final read of their key (after healing) proves lost: the final read
 * returned a value whose only possible writer completed, or the absence whose every possible cause
 * (the initial state, the deletes) ended, before an acknowledged write of another value was even
 * invoked. Values are unique per write, so that writer is known. Sound under concurrency (an
 * operation with an unknown outcome is assumed to take effect as late as it likes), so it reports
 * only certain losses; the linearizability checker, which also sees the final reads, catches the rest.
 */
final class LostWrites {
    private LostWrites() {
    }

    static List<String> find(List<Operation> operations, int finalReader) {
        Map<String, List<Operation>> byKey = new LinkedHashMap<>();
        operations.forEach(o -> byKey.computeIfAbsent(o.key(), key -> new ArrayList<>()).add(o));
        List<String> lost = new ArrayList<>();
        byKey.forEach((key, ops) -> finalRead(ops, finalReader).ifPresent(read -> lost.addAll(lostBefore(key, ops, read))));
        return lost;
    }

    private static Optional<Operation> finalRead(List<Operation> ops, int finalReader) {
        return ops.stream()
                .filter(o -> o.process() == finalReader && o.op().kind() == Op.Kind.READ && o.outcome() == Outcome.OK)
                .max(Comparator.comparingLong(Operation::completeSeq));
    }

    private static List<String> lostBefore(String key, List<Operation> ops, Operation read) {
        String seen = read.readValue();
        // The latest event at which the value seen may have been written: an unknown outcome, any time.
        long latestCause;
        if (seen == null) {
            latestCause = 0; // the initial absence
            for (Operation o : ops) {
                if (mayHaveWritten(o) && o.op().value() == null) {
                    latestCause = Math.max(latestCause, o.outcome() == Outcome.OK ? o.completeSeq() : Long.MAX_VALUE);
                }
            }
        } else {
            List<Operation> writers = ops.stream().filter(o -> mayHaveWritten(o) && seen.equals(o.op().value())).toList();
            if (writers.size() != 1) {
                return List.of(); // never written: the checker reports it; written twice: cannot tell
            }
            Operation writer = writers.get(0);
            latestCause = writer.outcome() == Outcome.OK ? writer.completeSeq() : Long.MAX_VALUE;
        }
        List<String> lost = new ArrayList<>();
        for (Operation o : ops) {
            boolean acknowledged = o.outcome() == Outcome.OK
                    && (o.op().kind() == Op.Kind.WRITE || o.op().kind() == Op.Kind.CAS && o.casSucceeded());
            if (acknowledged && !Objects.equals(o.op().value(), seen) && o.invokeSeq() > latestCause) {
                lost.add(key + ": acknowledged " + o + " is lost: the final read " + read
                        + " saw a value written before it was invoked");
            }
        }
        return lost;
    }

    private static boolean mayHaveWritten(Operation o) {
        return switch (o.outcome()) {
            case OK -> o.op().kind() == Op.Kind.WRITE || o.op().kind() == Op.Kind.CAS && o.casSucceeded();
            case INFO, PENDING -> o.op().kind() != Op.Kind.READ;
            case FAIL -> false;
        };
    }
}
