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
import java.util.Set;

/**
 * Depth-first search for a linearization of one key's calls (Wing &amp; Gong, with Lowe's
 * memoization and the linked-list representation Porcupine popularised).
 *
 * <p>Required calls and their returns sit in one time-ordered list; the candidates to linearize
 * next are the calls before its first return (the frontier), since that call must be linearized
 * before anything invoked later. Optional (indeterminate) calls sit in a second list: they have no
 * return, so they are candidates once invoked, and are tried only after the required candidates,
 * "just in time". A state is the set of linearized calls plus the register value; states that
 * were fully explored without success are remembered, and a new state is pruned when a
 * remembered one has the same required calls and value and a subset of its optional calls (it
 * could do everything the new one can, so it would have succeeded too).
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

  private record Frame(Node node, String before, Node frontier) {}

  private record StateKey(int donePrefix, BitSet doneRest, String value) {}

  private static final int MAX_REPORTED_VALUES = 10;

  private final Node requiredList = new Node(null, false);
  private final Node optionalList = new Node(null, false);
  private final BitSet requiredDone = new BitSet();
  private final BitSet optionalDone = new BitSet();
  private final Map<StateKey, List<BitSet>> failed = new HashMap<>();
  private final Deque<Frame> stack = new ArrayDeque<>();
  private final Limits limits;
  private String value;
  private int requiredLeft;
  private long explored;
  private Call deepest;
  private final Set<String> deepestValues = new LinkedHashSet<>();

  RegisterSearch(Calls calls, Limits limits) {
    this.limits = limits;
    this.requiredLeft = calls.required().size();
    link(requiredList, requiredEvents(calls.required()));
    link(optionalList, calls.optional().stream().map(call -> new Node(call, false)).toList());
  }

  Outcome run() {
    long deadline = System.nanoTime() + limits.timeoutPerKey().toNanos();
    Node node = requiredList.next;
    Node frontier = null;
    boolean optionalPhase = false;
    for (long step = 1; ; step++) {
      if (requiredLeft == 0) {
        return new Outcome(Verdict.LINEARIZABLE, explored, null, List.of());
      }
      if (explored >= limits.maxStatesPerKey()
          || (step % 1024 == 0 && System.nanoTime() > deadline)) {
        return outcome(Verdict.UNKNOWN);
      }
      if (!optionalPhase && node.isReturn) {
        frontier = node;
        optionalPhase = true;
        node = optionalList.next;
      } else if (!optionalPhase || isCandidate(node, frontier)) {
        if (linearize(node, frontier)) {
          node = requiredList.next;
          optionalPhase = false;
        } else {
          node = node.next;
        }
      } else {
        // Every candidate was tried: the frontier call cannot be placed from this state.
        noteBlocked(frontier.call);
        if (stack.isEmpty()) {
          return outcome(Verdict.NOT_LINEARIZABLE);
        }
        rememberFailed();
        Frame frame = undo();
        node = frame.node.next;
        optionalPhase = !frame.node.call.required;
        frontier = frame.frontier;
      }
    }
  }

  private static boolean isCandidate(Node optional, Node frontier) {
    return optional != null && optional.call.invokeSeq() < frontier.call.returnSeq();
  }

  private boolean linearize(Node node, Node frontier) {
    Call call = node.call;
    if (!call.allows(value)) {
      return false;
    }
    String after = call.apply(value);
    BitSet done = call.required ? requiredDone : optionalDone;
    done.set(call.index);
    if (knownToFail(after)) {
      done.clear(call.index);
      return false;
    }
    stack.push(new Frame(node, value, frontier));
    value = after;
    lift(node);
    requiredLeft -= call.required ? 1 : 0;
    explored++;
    return true;
  }

  private Frame undo() {
    Frame frame = stack.pop();
    Call call = frame.node.call;
    unlift(frame.node);
    (call.required ? requiredDone : optionalDone).clear(call.index);
    requiredLeft += call.required ? 1 : 0;
    value = frame.before;
    return frame;
  }

  private boolean knownToFail(String valueAfter) {
    List<BitSet> optionalSets = failed.get(stateKey(valueAfter));
    return optionalSets != null && optionalSets.stream().anyMatch(set -> isSubset(set, optionalDone));
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
