package dynamo.linearizability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Depth-first search for a linearization of one key's calls (Wing &amp; Gong, with Lowe's
 * memoization and just-in-time linearization, on the linked-list representation Porcupine uses).
 *
 * <p>Required calls and their returns sit in one time-ordered list; the candidates to linearize
 * next are the calls before its first return (the frontier), since that call must be linearized
 * before anything invoked later. Optional (indeterminate) calls sit in a second list: they have no
 * return, so they stay candidates once invoked.
 *
 * <p>Three reductions keep the search small, each preserving at least one linearization if any
 * exists:
 * <ul>
 *   <li>A candidate observation (read, failed cas) that the current value allows is linearized
 *       at once with no alternative: moving it earlier in any linearization keeps it valid.
 *   <li>An optional call is tried only when its new value enables a current candidate (a reader
 *       of that value, say); otherwise it could as well be linearized later or omitted.
 *   <li>States (linearized calls, register value) fully explored without success are remembered;
 *       a state is pruned when a remembered one has the same required calls and value and a
 *       subset of its optional calls, as that one could do everything the new one can.
 * </ul>
 */
final class RegisterSearch {

  /** The search's conclusion; {@code blocked} is the deepest call it could not place. */
  record Outcome(Verdict verdict, long explored, Call blocked, List<String> possibleValues) {}

  private static final class Node {
    final Call call;
    final boolean isReturn;
    Node prev;
    Node next;
    Node match;

    Node(Call call, boolean isReturn) {
      this.call = call;
      this.isReturn = isReturn;
    }
  }

  /** A linearized call, the value before it, and the frontier of the state it was chosen in. */
  private record Frame(Node node, String before, Node frontier, boolean forced) {}

  private record StateKey(int donePrefix, BitSet doneRest, String value) {}

  private static final int MAX_REPORTED_VALUES = 10;
  static int SCAN = Integer.getInteger("scan", 1000000);

  private final Node requiredList = new Node(null, false);
  private final Node optionalList = new Node(null, false);
  private final Map<String, List<Call>> needing = new HashMap<>();
  private final Map<String, List<Call>> failedCasExpecting = new HashMap<>();
  private final BitSet requiredDone = new BitSet();
  private final BitSet optionalDone = new BitSet();
  private final Map<StateKey, List<BitSet>> failed = new HashMap<>();
  private final Deque<Frame> stack = new ArrayDeque<>();
  private final Limits limits;
  private String value;
  private int requiredLeft;
  private long explored;
  private Node frontier;
  /** Next call to try in the current state; meaningful only once the state is examined. */
  private Node cursor;
  private boolean examined;
  private Call deepest;
  private final Set<String> deepestValues = new LinkedHashSet<>();

  RegisterSearch(Calls calls, Limits limits) {
    this.limits = limits;
    this.requiredLeft = calls.required().size();
    link(requiredList, requiredEvents(calls.required()));
    link(optionalList, calls.optional().stream().map(call -> new Node(call, false)).toList());
    calls.required().forEach(this::index);
    calls.optional().forEach(this::index);
  }

  Outcome run() {
    long deadline = System.nanoTime() + limits.timeoutPerKey().toNanos();
    for (long step = 1; ; step++) {
      if (requiredLeft == 0) {
        return new Outcome(Verdict.LINEARIZABLE, explored, null, List.of());
      }
      if (explored >= limits.maxStatesPerKey()
          || (step % 1024 == 0 && System.nanoTime() > deadline)) {
        return outcome(Verdict.UNKNOWN);
      }
      if (!examined) {
        if (!examine()) {
          return outcome(Verdict.NOT_LINEARIZABLE);
        }
      } else if (!isExhausted(cursor)) {
        if (!tryCandidate(cursor)) {
          cursor = following(cursor);
        }
      } else {
        noteBlocked(frontier.call);
        if (!backtrack()) {
          return outcome(Verdict.NOT_LINEARIZABLE);
        }
      }
    }
  }

  /**
   * Enters a new state: linearizes an allowed observation right away (its only move), or prepares
   * to try every candidate. False when the state fails and there is nothing to backtrack to.
   */
  private boolean examine() {
    examined = true;
    frontier = firstReturn();
    Node observation = allowedObservation();
    if (observation == null) {
      cursor = requiredList.next;
      return true;
    }
    return linearize(observation, true) || backtrack();
  }

  private boolean tryCandidate(Node node) {
    Call call = node.call;
    if (!call.allows(value) || (!call.required && !enablesCandidate(call))) {
      return false;
    }
    return linearize(node, false);
  }

  private boolean linearize(Node node, boolean forced) {
    Call call = node.call;
    String after = call.apply(value);
    BitSet done = call.required ? requiredDone : optionalDone;
    done.set(call.index);
    if (knownToFail(after)) {
      done.clear(call.index);
      return false;
    }
    stack.push(new Frame(node, value, frontier, forced));
    value = after;
    lift(node);
    requiredLeft -= call.required ? 1 : 0;
    explored++;
    examined = false;
    return true;
  }

  /**
   * Abandons the current state as failed and returns to the closest ancestor that has other
   * candidates left (skipping ancestors whose only move was forced). False when none is left.
   */
  private boolean backtrack() {
    while (!stack.isEmpty()) {
      rememberFailed();
      Frame frame = stack.pop();
      Call call = frame.node.call;
      unlift(frame.node);
      (call.required ? requiredDone : optionalDone).clear(call.index);
      requiredLeft += call.required ? 1 : 0;
      value = frame.before;
      if (!frame.forced) {
        frontier = frame.frontier;
        cursor = following(frame.node);
        examined = true;
        return true;
      }
    }
    return false;
  }

  private Node firstReturn() {
    Node node = requiredList.next;
    while (!node.isReturn) {
      node = node.next;
    }
    return node;
  }

  private Node allowedObservation() {
    for (Node node = requiredList.next; node != frontier; node = node.next) {
      if (!node.isReturn && node.call.observes() && node.call.allows(value)) {
        return node;
      }
    }
    return null;
  }

  /** The candidate after {@code node}: required calls up to the frontier, then optional calls. */
  private Node following(Node node) {
    if (!node.call.required) {
      return node.next;
    }
    return node.next.isReturn ? optionalList.next : node.next;
  }

  private boolean isExhausted(Node node) {
    return node == null || (!node.call.required && node.call.invokeSeq() >= frontier.call.returnSeq());
  }

  /** Whether the optional call's new value lets some current candidate take effect. */
  private boolean enablesCandidate(Call optional) {
    String after = optional.apply(value);
    if (Objects.equals(after, value)) {
      return false;
    }
    return anyCandidate(needing.get(after)) || anyCandidate(failedCasExpecting.get(value));
  }

  private boolean anyCandidate(List<Call> calls) {
    if (calls != null) {
      for (Call call : calls) {
        boolean done = (call.required ? requiredDone : optionalDone).get(call.index);
        if (!done && call.invokeSeq() < frontier.call.returnSeq()) {
          return true;
        }
      }
    }
    return false;
  }

  private void index(Call call) {
    if (call.needsExactValue()) {
      needing.computeIfAbsent(call.neededValue(), v -> new ArrayList<>()).add(call);
    } else if (call.observes()) {
      failedCasExpecting.computeIfAbsent(call.operation.op().expected(), v -> new ArrayList<>()).add(call);
    }
  }

  private boolean knownToFail(String valueAfter) {
    List<BitSet> optionalSets = failed.get(stateKey(valueAfter));
    if (optionalSets != null) {
      for (BitSet set : optionalSets.subList(0, Math.min(SCAN, optionalSets.size()))) {
        if (isSubset(set, optionalDone)) {
          return true;
        }
      }
    }
    return false;
  }

  private void rememberFailed() {
    failed.computeIfAbsent(stateKey(value), key -> new ArrayList<>(1)).add((BitSet) optionalDone.clone());
  }

  /** Compact key: linearized required calls are mostly a prefix, so store its length and the rest. */
  private StateKey stateKey(String registerValue) {
    int prefix = requiredDone.nextClearBit(0);
    return new StateKey(prefix, requiredDone.get(prefix, Math.max(prefix, requiredDone.length())), registerValue);
  }

  private static boolean isSubset(BitSet subset, BitSet superset) {
    for (int i = subset.nextSetBit(0); i >= 0; i = subset.nextSetBit(i + 1)) {
      if (!superset.get(i)) {
        return false;
      }
    }
    return true;
  }

  private void noteBlocked(Call frontierCall) {
    if (deepest == null || frontierCall.returnSeq() > deepest.returnSeq()) {
      deepest = frontierCall;
      deepestValues.clear();
    }
    if (frontierCall == deepest && deepestValues.size() < MAX_REPORTED_VALUES) {
      deepestValues.add(value);
    }
  }

  private Outcome outcome(Verdict verdict) {
    return new Outcome(verdict, explored, deepest, new ArrayList<>(deepestValues));
  }

  private static List<Node> requiredEvents(List<Call> required) {
    List<Node> events = new ArrayList<>(2 * required.size());
    for (Call call : required) {
      Node invoke = new Node(call, false);
      invoke.match = new Node(call, true);
      events.add(invoke);
      events.add(invoke.match);
    }
    events.sort(Comparator.comparingLong(node -> node.isReturn ? node.call.returnSeq() : node.call.invokeSeq()));
    return events;
  }

  private static void link(Node head, List<Node> nodes) {
    Node last = head;
    for (Node node : nodes) {
      last.next = node;
      node.prev = last;
      last = node;
    }
  }

  // Dancing links: a removed node keeps its neighbours, so undoing removals in reverse order
  // restores the list exactly.
  private static void lift(Node call) {
    remove(call);
    if (call.match != null) {
      remove(call.match);
    }
  }

  private static void unlift(Node call) {
    if (call.match != null) {
      restore(call.match);
    }
    restore(call);
  }

  private static void remove(Node node) {
    node.prev.next = node.next;
    if (node.next != null) {
      node.next.prev = node.prev;
    }
  }

  private static void restore(Node node) {
    node.prev.next = node;
    if (node.next != null) {
      node.next.prev = node;
    }
  }
}
