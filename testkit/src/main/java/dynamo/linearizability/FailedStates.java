package dynamo.linearizability;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Search states explored fully without finding a linearization. A state is the set of linearized
 * required calls, the set of linearized optional calls and the register value. A remembered state
 * covers a new one with the same required calls and value and a subset of its optional calls:
 * it had every option the new one has (optional calls only add options while unused).
 */
final class FailedStates {

  /** Dominance checks scan this many optional sets per key; beyond that only exact matches count. */
  private static final int SCANNED = 8;

  /** Linearized required calls are mostly a prefix: its length and the rest keep the key small. */
  private record Key(int donePrefix, BitSet doneRest, int value) {}

  private static final class OptionalSets {
    final List<BitSet> scanned = new ArrayList<>(1);
    final Set<BitSet> all = new HashSet<>();
  }

  private final Map<Key, OptionalSets> states = new HashMap<>();

  void remember(BitSet requiredDone, BitSet optionalDone, int value) {
    OptionalSets sets = states.computeIfAbsent(key(requiredDone, value), key -> new OptionalSets());
    BitSet copy = (BitSet) optionalDone.clone();
    if (sets.scanned.size() < SCANNED) {
      sets.scanned.add(copy);
    }
    sets.all.add(copy);
  }

  boolean covers(BitSet requiredDone, BitSet optionalDone, int value) {
    OptionalSets sets = states.get(key(requiredDone, value));
    if (sets == null) {
      return false;
    }
    if (sets.all.contains(optionalDone)) {
      return true;
    }
    for (BitSet set : sets.scanned) {
      if (isSubset(set, optionalDone)) {
        return true;
      }
    }
    return false;
  }

  private static Key key(BitSet requiredDone, int value) {
    int prefix = requiredDone.nextClearBit(0);
    return new Key(prefix, requiredDone.get(prefix, Math.max(prefix, requiredDone.length())), value);
  }

  private static boolean isSubset(BitSet subset, BitSet superset) {
    for (int i = subset.nextSetBit(0); i >= 0; i = subset.nextSetBit(i + 1)) {
      if (!superset.get(i)) {
        return false;
      }
    }
    return true;
  }
}
