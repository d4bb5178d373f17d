package dynamo.linearizability;

import java.util.List;

/**
 * Why a key's history is not linearizable.
 *
 * @param blocked the operation that no linearization can explain
 * @param reason why, in words
 * @param possibleValues when found by the search: the register values (absence as {@code null})
 *     that its linearizations of the operations before {@code blocked} left, none of which allows
 *     it (a sample: the search skips orders that cannot matter); empty when the real-time order of
 *     writes alone proved the violation
 * @param involved the operations the reasoning rests on, in invocation order
 * @param prefixEvents the history prefix up to this event is already not linearizable
 */
public record Violation(
    Operation blocked, String reason, List<String> possibleValues, List<Operation> involved, long prefixEvents) {}
