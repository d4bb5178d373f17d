package dynamo.linearizability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
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

  /**
   * The search's answer; {@code blocked} is the deepest call it could not place (a hint only:
   * {@link ShortestFailingPrefix} names the culprit), {@code possibleValues} the register values
   * it was blocked with.
   */
  record Conclusion(Verdict verdict, long explored, Call blocked, List<String> possibleValues) {}

  /**
   * A linearized call, the register before it (value, and the call that wrote it, to name
   * concrete values in reports), and the frontier of the state it was chosen in.
   */
  private record Frame(CallNode node, int before, Call writerBefore, CallNode frontier, boolean forced) {}

  private static final int MAX_REPORTED_VALUES = 10;

  private final CallNode requiredList;
  private final CallNode optionalList;
  private final CallNode unreadWriteList;
  private final List<List<Call>> needing = new ArrayList<>();
  private final List<List<Call>> failedCasExpecting = new ArrayList<>();
  private final BitSet requiredDone = new BitSet();
  private final BitSet optionalDone = new BitSet();
  private final FailedStates failed = new FailedStates();
  private final Deque<Frame> stack = new ArrayDeque<>();
  private final Values values;
  private final Limits limits;
  private int value = Values.ABSENT;
  private Call writer;
  private int requiredLeft;
  private long explored;
  private CallNode frontier;
  /** Next call to try in the current state; meaningful only once the state is examined. */
  private CallNode cursor;
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
    requiredList = CallNode.timeline(calls.required());
    optionalList = CallNode.invocations(calls.optional().stream().filter(call -> !isUnreadWrite(call)).toList());
    unreadWriteList = CallNode.invocations(calls.optional().stream().filter(RegisterSearch::isUnreadWrite).toList());
    calls.required().forEach(this::index);
    calls.optional().forEach(this::index);
  }

  Conclusion run() {
    long deadline = System.nanoTime() + limits.timeoutPerKey().toNanos();
    for (long step = 1; ; step++) {
      if (requiredLeft == 0) {
        return new Conclusion(Verdict.LINEARIZABLE, explored, null, List.of());
      }
      if (explored >= limits.maxStatesPerKey()
          || (step % 1024 == 0 && System.nanoTime() > deadline)) {
        return conclusion(Verdict.UNKNOWN);
      }
      if (!examined) {
        if (!examine()) {
          return conclusion(Verdict.NOT_LINEARIZABLE);
        }
      } else if (!isExhausted(cursor)) {
        if (!tryCandidate(cursor)) {
          cursor = following(cursor);
        }
      } else {
        noteBlocked(frontier.call);
        if (!backtrack()) {
          return conclusion(Verdict.NOT_LINEARIZABLE);
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
    CallNode observation = allowedObservation();
    if (observation == null) {
      cursor = requiredList.next;
      return true;
    }
    return linearize(observation, true) || backtrack();
  }

  private boolean tryCandidate(CallNode node) {
    Call call = node.call;
    boolean due = node.isDueAt(frontier);
    if (!call.allows(value) || (call.justInTime && !due && !enablesCandidate(call))) {
      return false;
    }
    return linearize(node, false);
  }

  private boolean linearize(CallNode node, boolean forced) {
    Call call = node.call;
    int after = call.apply(value);
    BitSet done = call.required ? requiredDone : optionalDone;
    done.set(call.index);
    if (failed.covers(requiredDone, optionalDone, after)) {
      done.clear(call.index);
      return false;
    }
    stack.push(new Frame(node, value, writer, frontier, forced));
    writer = call.observes() ? writer : call;
    value = after;
    node.lift();
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
      failed.remember(requiredDone, optionalDone, value);
      Frame frame = stack.pop();
      Call call = frame.node.call;
      frame.node.unlift();
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

  private CallNode firstDeadline() {
    CallNode node = requiredList.next;
    while (!node.isDeadline) {
      node = node.next;
    }
    return node;
  }

  private CallNode allowedObservation() {
    for (CallNode node = requiredList.next; node != frontier; node = node.next) {
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
  private CallNode following(CallNode node) {
    if (node.call.required) {
      return node.next.isDeadline ? optionalFrom(optionalList.next) : node.next;
    }
    return isUnreadWrite(node.call) ? null : optionalFrom(node.next);
  }

  private CallNode optionalFrom(CallNode node) {
    return node != null && node.call.invokeSeq() < frontier.call.deadline ? node : unreadWriteList.next;
  }

  private boolean isExhausted(CallNode node) {
    return node == null || (!node.call.required && node.call.invokeSeq() >= frontier.call.deadline);
  }

  /** Whether the call's new value lets some current candidate take effect. */
  private boolean enablesCandidate(Call call) {
    int after = call.apply(value);
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


  private void noteBlocked(Call frontierCall) {
    if (deepest == null || frontierCall.deadline > deepest.deadline) {
      deepest = frontierCall;
      deepestValues.clear();
    }
    if (frontierCall == deepest && deepestValues.size() < MAX_REPORTED_VALUES) {
      deepestValues.add(value == Values.UNREAD ? writer.operation.op().value() : values.text(value));
    }
  }

  private Conclusion conclusion(Verdict verdict) {
    return new Conclusion(verdict, explored, deepest, new ArrayList<>(deepestValues));
  }
}
