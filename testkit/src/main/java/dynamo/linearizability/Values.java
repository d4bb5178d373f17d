package dynamo.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns a key's register values to small ints. Values no operation ever looked at (read, or
 * compared in a cas) cannot be told apart by anything, so they all share {@link #UNREAD}: the
 * search then treats states differing only in such a value as one.
 */
final class Values {

  static final int ABSENT = 0;
  static final int UNREAD = -1;

  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> texts = new ArrayList<>();

  Values() {
    texts.add(null);
    ids.put(null, ABSENT);
  }

  /** Registers a value that some operation looked at. */
  int distinguish(String value) {
    return ids.computeIfAbsent(value, v -> {
      texts.add(v);
      return texts.size() - 1;
    });
  }

  int id(String value) {
    return ids.getOrDefault(value, UNREAD);
  }

  /** The value behind a distinguished id ({@link #UNREAD} stands for many values, so has none). */
  String text(int id) {
    return texts.get(id);
  }

  int size() {
    return texts.size();
  }
}
