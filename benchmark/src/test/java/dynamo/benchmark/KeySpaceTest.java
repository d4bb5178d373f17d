package dynamo.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeySpaceTest {

  @Test
  void pathKeysUseTheUrlSafeAlphabetWithoutPaddingAndBodyKeysTheStandardOne() {
    // "key:>>?" encodes to characters that differ between the two alphabets, plus padding.
    KeySpace keys = new KeySpace("key:>>?", 3);

    assertThat(keys.size()).isEqualTo(3);
    for (int i = 0; i < keys.size(); i++) {
      assertThat(keys.pathKey(i)).matches("[A-Za-z0-9_-]+");
      assertThat(new String(Base64.getUrlDecoder().decode(keys.pathKey(i)), StandardCharsets.UTF_8))
          .isEqualTo("key:>>?" + i);
      assertThat(new String(Base64.getDecoder().decode(keys.bodyKey(i)), StandardCharsets.UTF_8))
          .isEqualTo("key:>>?" + i);
    }
    assertThat(keys.pathKey(0)).isEqualTo("a2V5Oj4-PzA");
    assertThat(keys.bodyKey(0)).isEqualTo("a2V5Oj4+PzA=");
  }
}
