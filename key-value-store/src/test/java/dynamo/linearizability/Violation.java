package dynamo.linearizability;

import java.util.List;

/**
 * Why a key's history is not linearizable, as found by the deepest attempt of the search.
 *
 * @param blocked the operation no linearization could place before its return (or, for an
 *     indeterminate write whose value was observed, before its observer's return)
 * @param possibleValues the register values that the linearizations of the operations before it
 *     could leave (absence shown as {@code null}); none of them allows {@code blocked}
 * @param involved the operations concurrent with {@code blocked} and the last ones before it
 * @param prefixEvents the history prefix up to this event (the blocked operation's deadline) is
 *     already not linearizable
 */
public record Violation(
    Operation blocked, List<String> possibleValues, List<Operation> involved, long prefixEvents) {}
