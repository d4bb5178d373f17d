package dynamo.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A call's invocation, or a required call's deadline, in a doubly linked list whose removals can
 * be undone (dancing links): a removed node keeps its neighbours, so undoing removals in reverse
 * order restores the list exactly. The search backtracks in exactly that order.
 */
final class CallNode {

  final Call call;
  final boolean isDeadline;
  CallNode prev;
  CallNode next;
  /** For an invocation of a required call: its deadline node. */
  private CallNode deadline;

  private CallNode(Call call, boolean isDeadline) {
    this.call = call;
    this.isDeadline = isDeadline;
  }

  /** A list holding the invocations of {@code calls}, in their order, after a sentinel head. */
  static CallNode invocations(List<Call> calls) {
    return link(calls.stream().map(call -> new CallNode(call, false)).toList());
  }

  /** A list holding the invocations and deadlines of required calls, in time order. */
  static CallNode timeline(List<Call> required) {
    List<CallNode> events = new ArrayList<>(2 * required.size());
    for (Call call : required) {
      CallNode invocation = new CallNode(call, false);
      invocation.deadline = new CallNode(call, true);
      events.add(invocation);
      events.add(invocation.deadline);
    }
    events.sort(Comparator.comparingLong(node -> node.isDeadline ? node.call.deadline : node.call.invokeSeq()));
    return link(events);
  }

  /** Whether this is the invocation of the call whose deadline {@code frontier} is. */
  boolean isDueAt(CallNode frontier) {
    return deadline == frontier;
  }

  /** Removes the invocation and its deadline, if any. */
  void lift() {
    remove(this);
    if (deadline != null) {
      remove(deadline);
    }
  }

  /** Undoes the matching {@link #lift}, which must be the latest one not yet undone. */
  void unlift() {
    if (deadline != null) {
      restore(deadline);
    }
    restore(this);
  }

  private static CallNode link(List<CallNode> nodes) {
    CallNode head = new CallNode(null, false);
    CallNode last = head;
    for (CallNode node : nodes) {
      last.next = node;
      node.prev = last;
      last = node;
    }
    return head;
  }

  private static void remove(CallNode node) {
    node.prev.next = node.next;
    if (node.next != null) {
      node.next.prev = node.prev;
    }
  }

  private static void restore(CallNode node) {
    node.prev.next = node;
    if (node.next != null) {
      node.next.prev = node;
    }
  }
}
