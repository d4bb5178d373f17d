package dynamo.benchmark.ycsb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A YCSB record (field name to bytes) as one store value: for each field, sorted by name, a
 * varint length and the UTF-8 name, then a varint length and the bytes. With the shared
 * workload (one field {@code field0} of 100 bytes) a value is 108 bytes: 8 bytes of framing.
 */
final class RecordCodec {
  private RecordCodec() {
  }

  static byte[] encode(Map<String, byte[]> fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    for (Map.Entry<String, byte[]> field : new TreeMap<>(fields).entrySet()) {
      byte[] name = field.getKey().getBytes(StandardCharsets.UTF_8);
      writeVarint(out, name.length);
      out.writeBytes(name);
      writeVarint(out, field.getValue().length);
      out.writeBytes(field.getValue());
    }
    return out.toByteArray();
  }

  /** The fields in name order; {@link IllegalArgumentException} when the bytes are not a record. */
  static Map<String, byte[]> decode(byte[] value) {
    Map<String, byte[]> fields = new TreeMap<>();
    int[] pos = {0};
    while (pos[0] < value.length) {
      String name = new String(readChunk(value, pos), StandardCharsets.UTF_8);
      fields.put(name, readChunk(value, pos));
    }
    return fields;
  }

  private static void writeVarint(ByteArrayOutputStream out, int n) {
    int rest = n;
    while ((rest & ~0x7F) != 0) {
      out.write((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    out.write(rest);
  }

  private static byte[] readChunk(byte[] value, int[] pos) {
    long length = 0;
    for (int shift = 0; ; shift += 7) {
      if (pos[0] >= value.length || shift > 28) {
        throw new IllegalArgumentException("not a record: bad length at byte " + pos[0]);
      }
      int b = value[pos[0]++] & 0xFF;
      length |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    if (length > value.length - pos[0]) {
      throw new IllegalArgumentException("not a record: a field runs past the end");
    }
    byte[] chunk = new byte[(int) length];
    System.arraycopy(value, pos[0], chunk, 0, chunk.length);
    pos[0] += chunk.length;
    return chunk;
  }
}
