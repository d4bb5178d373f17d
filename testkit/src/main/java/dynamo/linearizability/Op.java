package dynamo.linearizability;

import java.util.Objects;

/**
 * An operation a client asks of one key's register. Values are strings; {@code null} means absent
 * (never written, or deleted).
 *
 * @param kind what the operation does
 * @param expected for {@link Kind#CAS}: the value the client read and requires to still be current
 * @param value for {@link Kind#WRITE} and {@link Kind#CAS}: the new value ({@code null} deletes)
 */
public record Op(Kind kind, String expected, String value) {

  /** The register operations the checker understands. */
  public enum Kind { READ, WRITE, CAS }

  public Op {
    Objects.requireNonNull(kind, "kind");
  }

  public static Op read() {
    return new Op(Kind.READ, null, null);
  }

  /** An unconditional put; {@code null} is a delete. */
  public static Op write(String value) {
    return new Op(Kind.WRITE, null, value);
  }

  public static Op delete() {
    return write(null);
  }

  /** A conditional put that succeeds iff the register still holds {@code expected}. */
  public static Op cas(String expected, String value) {
    return new Op(Kind.CAS, expected, value);
  }

  /** Whether this operation may change the register. */
  boolean mutates() {
    return kind != Kind.READ;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case READ -> "read";
      case WRITE -> value == null ? "delete" : "write " + show(value);
      case CAS -> "cas " + show(expected) + " -> " + show(value);
    };
  }

  /** Renders a register value, making absence visible. */
  static String show(String value) {
    return value == null ? "<absent>" : '"' + value + '"';
  }
}
