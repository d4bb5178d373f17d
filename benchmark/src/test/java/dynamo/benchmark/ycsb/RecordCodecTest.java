package dynamo.benchmark.ycsb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
  @Test
  void oneHundredByteFieldTakesEightBytesOfFraming() {
    byte[] value = new byte[100];
    Arrays.fill(value, (byte) 'x');

    byte[] encoded = RecordCodec.encode(Map.of("field0", value));

    assertThat(encoded).hasSize(108);
    assertThat(RecordCodec.decode(encoded)).containsOnlyKeys("field0");
    assertThat(RecordCodec.decode(encoded).get("field0")).isEqualTo(value);
  }

  @Test
  void severalFieldsRoundTripInNameOrder() {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    fields.put("field9", "nine".getBytes(StandardCharsets.UTF_8));
    fields.put("field1", new byte[300]); // a length that needs two varint bytes
    fields.put("empty", new byte[0]);
    fields.put("naïve", new byte[] {0, -1, 127});

    Map<String, byte[]> decoded = RecordCodec.decode(RecordCodec.encode(fields));

    assertThat(decoded.keySet()).containsExactly("empty", "field1", "field9", "naïve");
    fields.forEach((name, bytes) -> assertThat(decoded.get(name)).isEqualTo(bytes));
  }

  @Test
  void emptyRecordIsEmptyValue() {
    assertThat(RecordCodec.encode(Map.of())).isEmpty();
    assertThat(RecordCodec.decode(new byte[0])).isEmpty();
  }

  @Test
  void bytesThatAreNoRecordAreRejected() {
    assertThatThrownBy(() -> RecordCodec.decode(new byte[] {5, 'a', 'b'}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RecordCodec.decode(new byte[] {(byte) 0x80}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RecordCodec.decode(new byte[] {1, 'a', 9, 'x'}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
