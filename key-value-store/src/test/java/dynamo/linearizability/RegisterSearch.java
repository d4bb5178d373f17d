package dynamo.linearizability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Depth-first search for a linearization of one key's calls (Wing &amp; Gong, with Lowe's
 * memoization and just-in-time linearization, on the linked-list representation Porcupine uses).
 *
 * <p>Required calls and their deadlines sit in one time-ordered list; the candidates to linearize
 * next are the calls before its first deadline (the frontier), since that call must be linearized
 * before anything invoked later. Optional calls have no deadline: they stay candidates once
 * invoked. Optional writes of an unread value sit in a list of their own, since they are
 * interchangeable: only the first one still available is ever tried.
 *
 * <p>Reductions that keep the search small, each preserving a linearization if one exists:
 * <ul>
 *   <li>A candidate observation (read, failed cas) that the current value allows is linearized
 *       at once with no alternative: moving it earlier in any linearization keeps it valid.
 *   <li>An optional call is tried only when its new value enables a current candidate (a reader
 *       of that value, say); otherwise it could as well be linearized later or omitted. The same
 *       holds for the only writer of a value that a completed operation observed, until it is
 *       due: its observers must directly follow it, so it can wait for the first of them.
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
    final boolean isDeadline;
    Node prev;
    Node next;
    Node match;

    Node(Call call) {
      this(call, false);
    }

    Node(Call call, boolean isDeadline) {
      this.call = call;
      this.isDeadline = isDeadline;
    }
  }

  /**
   * A linearized call, the register before it (value, and the call that wrote it, to name
   * concrete values in reports), and the frontier of the state it was chosen in.
   */
  private record Frame(Node node, int before, Call writerBefore, Node frontier, boolean forced) {}

  private record StateKey(int donePrefix, BitSet doneRest, int value) {}

  static final java.util.TreeMap<String, Long> STATS = new java.util.TreeMap<>();
  private static final int MAX_REPORTED_VALUES = 10;
  /** Dominance checks scan this many remembered optional sets; beyond that only exact matches count. */
  private static final int DOMINANCE_SCAN = Integer.getInteger("scan", 8);

  private final Node requiredList = new Node(null);
  private final Node optionalList = new Node(null);
  private final Node unreadWriteList = new Node(null);
  private final List<List<Call>> needing = new ArrayList<>();
  private final List<List<Call>> failedCasExpecting = new ArrayList<>();
  private final BitSet requiredDone = new BitSet();
  private final BitSet optionalDone = new BitSet();
  private final Map<StateKey, Remembered> failed = new HashMap<>();
  private final Deque<Frame> stack = new ArrayDeque<>();
  private final Values values;
  private final Limits limits;
  private int value = Values.ABSENT;
  private Call writer;
  private int requiredLeft;
  private long explored;
  private Node frontier;
  /** Next call to try in the current state; meaningful only once the state is examined. */
  private Node cursor;
  private boolean examined;
  private Call deepest;
  private final Set<String> deepestValues = new LinkedHashSet<>();

  RegisterSearch(Calls calls, Limits limits) {
    this.values = calls.values();
    this.limits = limits;
    this.requiredLeft = calls.required().size();
    for (int id = 0; id < values.size(); id++) {
      needing.add(new ArrayList<>());
      failedCasExpecting.add(new ArrayList<>());
    }
    link(requiredList, requiredEvents(calls.required()));
    link(optionalList, calls.optional().stream().filter(call -> !isUnreadWrite(call)).map(Node::new).toList());
    link(unreadWriteList, calls.optional().stream().filter(RegisterSearch::isUnreadWrite).map(Node::new).toList());
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
    frontier = firstDeadline();
    Node observation = allowedObservation();
    if (observation == null) {
      cursor = requiredList.next;
      return true;
    }
    return linearize(observation, true) || backtrack();
  }

  private boolean tryCandidate(Node node) {
    Call call = node.call;
    boolean due = node.match == frontier;
    if (!call.allows(value) || (call.justInTime && !due && !enablesCandidate(call))) {
      return false;
    }
    return linearize(node, false);
  }

  private boolean linearize(Node node, boolean forced) {
    Call call = node.call;
    int after = call.apply(value);
    BitSet done = call.required ? requiredDone : optionalDone;
    done.set(call.index);
    if (knownToFail(after)) {
      done.clear(call.index);
      return false;
    }
    stack.push(new Frame(node, value, writer, frontier, forced));
    String k = forced ? "forced" : (call.required ? (call.justInTime ? (node.match == frontier ? "req-jit-due" : "req-jit-enable") : "req-" + call.kind() + (call.written == Values.UNREAD ? "-unread" : call.written == Values.ABSENT ? "-absent" : "")) : "opt-" + call.kind() + "-" + (call.written == Values.UNREAD ? "unread" : "v"));
    STATS.merge(String.format("f%05d", frontier.call.deadline / 250 * 250), 1L, Long::sum);
    writer = call.observes() ? writer : call;
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
      writer = frame.writerBefore;
      if (!frame.forced) {
        frontier = frame.frontier;
        cursor = following(frame.node);
        examined = true;
        return true;
      }
    }
    return false;
  }

  private Node firstDeadline() {
    Node node = requiredList.next;
    while (!node.isDeadline) {
      node = node.next;
    }
    return node;
  }

  private Node allowedObservation() {
    for (Node node = requiredList.next; node != frontier; node = node.next) {
      if (!node.isDeadline && node.call.observes() && node.call.allows(value)) {
        return node;
      }
    }
    return null;
  }

  /**
   * The candidate after {@code node}: required calls up to the frontier, then optional calls
   * invoked before it, then the first unread-value write.
   */
  private Node following(Node node) {
    if (node.call.required) {
      return node.next.isDeadline ? optionalFrom(optionalList.next) : node.next;
    }
    return isUnreadWrite(node.call) ? null : optionalFrom(node.next);
  }

  private Node optionalFrom(Node node) {
    return node != null && node.call.invokeSeq() < frontier.call.deadline ? node : unreadWriteList.next;
  }

  private boolean isExhausted(Node node) {
    return node == null || (!node.call.required && node.call.invokeSeq() >= frontier.call.deadline);
  }

  /** Whether the optional call's new value lets some current candidate take effect. */
  private boolean enablesCandidate(Call optional) {
    int after = optional.apply(value);
    if (after == value) {
      return false;
    }
    return (after != Values.UNREAD && anyCandidate(needing.get(after)))
        || (value != Values.UNREAD && anyCandidate(failedCasExpecting.get(value)));
  }

  private boolean anyCandidate(List<Call> calls) {
    for (Call call : calls) {
      boolean done = (call.required ? requiredDone : optionalDone).get(call.index);
      if (!done && call.invokeSeq() < frontier.call.deadline) {
        return true;
      }
    }
    return false;
  }

  private void index(Call call) {
    if (call.needsExactValue()) {
      needing.get(call.seen).add(call);
    } else if (call.observes() && call.kind() == Op.Kind.CAS) {
      failedCasExpecting.get(call.seen).add(call);
    }
  }

  private static boolean isUnreadWrite(Call call) {
    return !call.required && call.kind() == Op.Kind.WRITE && call.written == Values.UNREAD;
  }

  private boolean knownToFail(int valueAfter) {
    Remembered remembered = failed.get(stateKey(valueAfter));
    return remembered != null && remembered.dominates(optionalDone);
  }

  private void rememberFailed() {
    failed.computeIfAbsent(stateKey(value), key -> new Remembered()).add((BitSet) optionalDone.clone());
  }

  /** Compact key: linearized required calls are mostly a prefix, so store its length and the rest. */
  private StateKey stateKey(int registerValue) {
    int prefix = requiredDone.nextClearBit(0);
    return new StateKey(prefix, requiredDone.get(prefix, Math.max(prefix, requiredDone.length())), registerValue);
  }

  /** The optional-call sets of failed states sharing required calls and value. */
  private static final class Remembered {
    private final List<BitSet> scanned = new ArrayList<>(1);
    private final Set<BitSet> exact = new HashSet<>();

    void add(BitSet optional) {
      if (scanned.size() < DOMINANCE_SCAN) {
        scanned.add(optional);
      }
      exact.add(optional);
    }

    boolean dominates(BitSet optional) {
      if (exact.contains(optional)) {
        return true;
      }
      for (BitSet set : scanned) {
        if (isSubset(set, optional)) {
          return true;
        }
      }
      return false;
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

  private void noteBlocked(Call frontierCall) {
    if (deepest == null || frontierCall.deadline > deepest.deadline) {
      deepest = frontierCall;
      deepestValues.clear();
    }
    if (frontierCall == deepest && deepestValues.size() < MAX_REPORTED_VALUES) {
      deepestValues.add(value == Values.UNREAD ? writer.operation.op().value() : values.text(value));
    }
  }

  private Outcome outcome(Verdict verdict) {
    return new Outcome(verdict, explored, deepest, new ArrayList<>(deepestValues));
  }

  private static List<Node> requiredEvents(List<Call> required) {
    List<Node> events = new ArrayList<>(2 * required.size());
    for (Call call : required) {
      Node invoke = new Node(call);
      invoke.match = new Node(call, true);
      events.add(invoke);
      events.add(invoke.match);
    }
    events.sort(Comparator.comparingLong(node -> node.isDeadline ? node.call.deadline : node.call.invokeSeq()));
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
