package dynamo.activemq;

import java.util.Map;

/**
 * The leaf types. Integers are zigzag varints (request ids, counters and sizes are small), except
 * byte; float and double keep their fixed IEEE bits. Boxes take a presence byte; strings and byte
 * arrays fold null into their length.
 */
enum ScalarCodec implements ValueCodec {
    LONG {
        @Override public void write(BinaryWriter out, Object v) { out.writeSignedVarint((Long) v); }
        @Override public Object read(BinaryReader in) { return in.readSignedVarint(); }
    },
    INT {
        @Override public void write(BinaryWriter out, Object v) { out.writeSignedVarint((Integer) v); }
        @Override public Object read(BinaryReader in) { return (int) ranged(in, Integer.MIN_VALUE, Integer.MAX_VALUE); }
    },
    SHORT {
        @Override public void write(BinaryWriter out, Object v) { out.writeSignedVarint((Short) v); }
        @Override public Object read(BinaryReader in) { return (short) ranged(in, Short.MIN_VALUE, Short.MAX_VALUE); }
    },
    CHAR {
        @Override public void write(BinaryWriter out, Object v) { out.writeUnsignedVarint((Character) v); }
        @Override public Object read(BinaryReader in) {
            long v = in.readUnsignedVarint();
            if (v > Character.MAX_VALUE) {
                throw BinaryReader.malformed("char out of range: " + v);
            }
            return (char) v;
        }
    },
    BYTE {
        @Override public void write(BinaryWriter out, Object v) { out.writeByte((Byte) v); }
        @Override public Object read(BinaryReader in) { return in.readByte(); }
    },
    BOOLEAN {
        @Override public void write(BinaryWriter out, Object v) { out.writeByte((Boolean) v ? 1 : 0); }
        @Override public Object read(BinaryReader in) {
            byte b = in.readByte();
            if (b != 0 && b != 1) {
                throw BinaryReader.malformed("boolean byte " + b);
            }
            return b == 1;
        }
    },
    DOUBLE {
        @Override public void write(BinaryWriter out, Object v) { out.writeFixedLong(Double.doubleToRawLongBits((Double) v)); }
        @Override public Object read(BinaryReader in) { return Double.longBitsToDouble(in.readFixedLong()); }
    },
    FLOAT {
        @Override public void write(BinaryWriter out, Object v) { out.writeFixedInt(Float.floatToRawIntBits((Float) v)); }
        @Override public Object read(BinaryReader in) { return Float.intBitsToFloat(in.readFixedInt()); }
    },
    STRING {
        @Override public void write(BinaryWriter out, Object v) { out.writeNullableString((String) v); }
        @Override public Object read(BinaryReader in) {
            int length = in.readNullableLength();
            return length < 0 ? null : in.readUtf8(length);
        }
    },
    BYTES {
        @Override public void write(BinaryWriter out, Object v) { out.writeNullableBytes((byte[]) v); }
        @Override public Object read(BinaryReader in) {
            int length = in.readNullableLength();
            return length < 0 ? null : in.readBytes(length);
        }
    };

    private static final Map<Class<?>, ScalarCodec> PRIMITIVES = Map.of(long.class, LONG, int.class, INT,
            short.class, SHORT, char.class, CHAR, byte.class, BYTE, boolean.class, BOOLEAN,
            double.class, DOUBLE, float.class, FLOAT);
    private static final Map<Class<?>, ScalarCodec> BOXES = Map.of(Long.class, LONG, Integer.class, INT,
            Short.class, SHORT, Character.class, CHAR, Byte.class, BYTE, Boolean.class, BOOLEAN,
            Double.class, DOUBLE, Float.class, FLOAT);

    /** The codec of a leaf type, or null when {@code type} is not one. */
    static ValueCodec of(Class<?> type) {
        if (type == String.class) {
            return STRING;
        }
        if (type == byte[].class) {
            return BYTES;
        }
        ScalarCodec primitive = PRIMITIVES.get(type);
        if (primitive != null) {
            return primitive;
        }
        ScalarCodec boxed = BOXES.get(type);
        return boxed == null ? null : new Nullable(boxed);
    }

    private static long ranged(BinaryReader in, long min, long max) {
        long v = in.readSignedVarint();
        if (v < min || v > max) {
            throw BinaryReader.malformed("number out of range: " + v);
        }
        return v;
    }

    /** A presence byte (0 null, 1 present) before a value that has no null of its own. */
    record Nullable(ValueCodec inner) implements ValueCodec {
        @Override
        public void write(BinaryWriter out, Object v) {
            out.writeByte(v == null ? 0 : 1);
            if (v != null) {
                inner.write(out, v);
            }
        }

        @Override
        public Object read(BinaryReader in) {
            byte present = in.readByte();
            if (present == 0) {
                return null;
            }
            if (present != 1) {
                throw BinaryReader.malformed("presence byte " + present);
            }
            return inner.read(in);
        }
    }
}
