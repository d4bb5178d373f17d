package dynamo.linearizability;

import java.util.List;
import java.util.NoSuchElementException;

/** The check of a whole history: one {@link KeyResult} per key, in order of first use. */
public record Result(List<KeyResult> keys) {

  public Result {
    keys = List.copyOf(keys);
  }

  /** The worst verdict of any key: a violation beats unknown, which beats linearizable. */
  public Verdict verdict() {
    return keys.stream().map(KeyResult::verdict).max(Enum::compareTo).orElse(Verdict.LINEARIZABLE);
  }

  /** True only if every key was proved linearizable (unknown counts as not proved). */
  public boolean isLinearizable() {
    return verdict() == Verdict.LINEARIZABLE;
  }

  public List<KeyResult> violations() {
    return keys.stream().filter(key -> key.verdict() == Verdict.NOT_LINEARIZABLE).toList();
  }

  public List<KeyResult> unknown() {
    return keys.stream().filter(key -> key.verdict() == Verdict.UNKNOWN).toList();
  }

  public KeyResult forKey(String key) {
    return keys.stream().filter(result -> result.key().equals(key)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no operations on key " + key));
  }

  /** The verdict, then the explanation of every key that is not linearizable or unknown. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder()
        .append(verdict()).append(" (").append(keys.size()).append(" keys, ")
        .append(keys.stream().mapToInt(KeyResult::operations).sum()).append(" operations)");
    keys.stream().filter(key -> !key.isLinearizable())
        .forEach(key -> text.append('\n').append(key.explanation()));
    return text.toString();
  }
}
