package dynamo.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The benchmark's keys "key:0" .. "key:(n-1)", encoded once up front for the path and for JSON bodies. */
final class KeySpace {
  private final String[] pathKeys;
  private final String[] bodyKeys;

  KeySpace(String prefix, int size) {
    pathKeys = new String[size];
    bodyKeys = new String[size];
    Base64.Encoder urlSafe = Base64.getUrlEncoder().withoutPadding();
    Base64.Encoder standard = Base64.getEncoder();
    for (int i = 0; i < size; i++) {
      byte[] key = (prefix + i).getBytes(StandardCharsets.UTF_8);
      pathKeys[i] = urlSafe.encodeToString(key);
      bodyKeys[i] = standard.encodeToString(key);
    }
  }

  int size() {
    return pathKeys.length;
  }

  /** URL-safe alphabet, no padding: needs no percent-encoding in a path segment. */
  String pathKey(int i) {
    return pathKeys[i];
  }

  String bodyKey(int i) {
    return bodyKeys[i];
  }
}
