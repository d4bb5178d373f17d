package dynamo.activemq;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Derives a binary codec from a type's structure, once: records by their components in declared
 * order (no field names on the wire), sealed interfaces by a tag (index of the permitted subclass,
 * sorted by name so that it does not depend on the compiler), enums by ordinal, {@code List<T>} by
 * size then elements, and the leaf types of {@link ScalarCodec}. Reflection happens here only; the
 * codecs hold method handles. The fingerprint summarises every type reached (names, components,
 * constants), so two nodes built from different message sets can tell they cannot talk.
 */
final class Schema {
    private final Map<Class<?>, Composite> built = new HashMap<>();
    private final Map<String, String> shapes = new TreeMap<>();

    private Schema() {
    }

    /** The codec for {@code root} (which must be a record, sealed interface or enum) and its fingerprint. */
    static Compiled compile(Class<?> root) {
        Schema schema = new Schema();
        ValueCodec codec = schema.codecOf(root, root.getName());
        CRC32 crc = new CRC32();
        schema.shapes.forEach((name, shape) -> crc.update((name + "=" + shape + ";").getBytes(StandardCharsets.UTF_8)));
        return new Compiled(codec, (int) crc.getValue());
    }

    record Compiled(ValueCodec codec, int fingerprint) {
    }

    private ValueCodec codecOf(Type type, String path) {
        if (type instanceof Class<?> c) {
            ValueCodec scalar = ScalarCodec.of(c);
            if (scalar != null) {
                return scalar;
            }
            if (c.isRecord()) {
                return new ScalarCodec.Nullable(composite(c, path)); // a presence byte
            }
            if (c.isEnum() || (c.isSealed() && c.isInterface())) {
                return composite(c, path); // null is ordinal or tag 0
            }
        } else if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return new ListCodec(codecOf(elementType(p, path), path + "[]"));
        }
        throw new IllegalArgumentException("no binary encoding for " + type.getTypeName() + " at " + path);
    }

    /** The codec of a record, enum or sealed interface, without null handling; built once per class (recursion-safe). */
    private Composite composite(Class<?> c, String path) {
        Composite known = built.get(c);
        if (known != null) {
            return known;
        }
        if (c.isEnum()) {
            EnumCodec codec = new EnumCodec(c.getName(), c.getEnumConstants());
            built.put(c, codec);
            shapes.put(c.getName(), "enum" + Arrays.toString(c.getEnumConstants()));
            return codec;
        }
        if (c.isRecord()) {
            RecordCodec codec = new RecordCodec();
            built.put(c, codec);
            codec.init(c, path);
            return codec;
        }
        if (c.isSealed() && c.isInterface()) {
            SealedCodec codec = new SealedCodec();
            built.put(c, codec);
            codec.init(c, path);
            return codec;
        }
        throw new IllegalArgumentException("no binary encoding for " + c.getName() + " at " + path
                + " (permitted subclasses must be records or sealed interfaces)");
    }

    private static Type elementType(ParameterizedType p, String path) {
        Type arg = p.getActualTypeArguments()[0];
        if (arg instanceof WildcardType w && w.getLowerBounds().length == 0) {
            arg = w.getUpperBounds()[0];
        }
        if (!(arg instanceof Class<?>) && !(arg instanceof ParameterizedType)) {
            throw new IllegalArgumentException("no binary encoding for element type " + arg.getTypeName() + " at " + path);
        }
        return arg;
    }

    /** A record (no null marker of its own), enum or sealed interface. */
    private abstract static class Composite implements ValueCodec {
    }

    /** Components in declared order, read back through the canonical constructor. */
    private final class RecordCodec extends Composite {
        private MethodHandle[] accessors;
        private ValueCodec[] components;
        private MethodHandle constructor;
        private String name;

        void init(Class<?> c, String path) {
            name = c.getName();
            RecordComponent[] parts = c.getRecordComponents();
            accessors = new MethodHandle[parts.length];
            components = new ValueCodec[parts.length];
            Class<?>[] types = new Class<?>[parts.length];
            StringBuilder shape = new StringBuilder("record(");
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                for (int i = 0; i < parts.length; i++) {
                    Method accessor = parts[i].getAccessor();
                    accessor.setAccessible(true);
                    accessors[i] = lookup.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
                    types[i] = parts[i].getType();
                    shape.append(parts[i].getName()).append(':').append(parts[i].getGenericType().getTypeName()).append(',');
                }
                shapes.put(name, shape.append(')').toString());
                for (int i = 0; i < parts.length; i++) {
                    components[i] = codecOf(parts[i].getGenericType(), path + "." + parts[i].getName());
                }
                Constructor<?> canonical = c.getDeclaredConstructor(types);
                canonical.setAccessible(true);
                constructor = lookup.unreflectConstructor(canonical).asSpreader(Object[].class, parts.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("cannot derive a codec for " + name + " at " + path + ": " + e, e);
            }
        }

        @Override
        public void write(BinaryWriter out, Object value) {
            for (int i = 0; i < components.length; i++) {
                Object part;
                try {
                    part = accessors[i].invokeExact(value);
                } catch (Throwable e) {
                    throw new IllegalStateException("cannot read a component of " + name, e);
                }
                components[i].write(out, part);
            }
        }

        @Override
        public Object read(BinaryReader in) {
            in.enter();
            Object[] args = new Object[components.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = components[i].read(in);
            }
            in.leave();
            try {
                return constructor.invokeExact(args);
            } catch (Throwable e) { // the record's own validation refused the values
                throw BinaryReader.malformed(name + " rejected its fields: " + e);
            }
        }
    }

    /** Tag + 1 of the concrete type (0 is null), then that type's own encoding. */
    private final class SealedCodec extends Composite {
        private final Map<Class<?>, Integer> tags = new IdentityHashMap<>();
        private Composite[] cases;
        private String name;

        void init(Class<?> c, String path) {
            name = c.getName();
            Class<?>[] permitted = c.getPermittedSubclasses().clone();
            Arrays.sort(permitted, Comparator.comparing(Class::getName));
            shapes.put(name, "sealed" + Arrays.stream(permitted).map(Class::getName).toList());
            cases = new Composite[permitted.length];
            for (int i = 0; i < permitted.length; i++) {
                tags.put(permitted[i], i);
                cases[i] = composite(permitted[i], path + "<" + permitted[i].getSimpleName() + ">");
            }
        }

        /** The tag of {@code type}, or -1 when it is not one of the permitted records. */
        int tagOf(Class<?> type) {
            Integer tag = tags.get(type);
            return tag == null ? -1 : tag;
        }

        @Override
        public void write(BinaryWriter out, Object value) {
            if (value == null) {
                out.writeByte(0);
                return;
            }
            int tag = tagOf(value.getClass());
            if (tag < 0) {
                throw new IllegalArgumentException(value.getClass().getName() + " is not a permitted " + name);
            }
            out.writeUnsignedVarint(tag + 1L);
            cases[tag].write(out, value);
        }

        @Override
        public Object read(BinaryReader in) {
            long tag = in.readUnsignedVarint();
            if (tag == 0) {
                return null;
            }
            if (Long.compareUnsigned(tag, cases.length) > 0) { // a corrupt varint may read as negative
                throw BinaryReader.malformed("unknown tag " + (tag - 1) + " of " + name);
            }
            return cases[(int) tag - 1].read(in);
        }
    }

    /** Ordinal + 1 (0 is null); the constants' names are in the fingerprint, so a reordering is caught. */
    private static final class EnumCodec extends Composite {
        private final String name;
        private final Object[] constants;

        EnumCodec(String name, Object[] constants) {
            this.name = name;
            this.constants = constants;
        }

        @Override
        public void write(BinaryWriter out, Object value) {
            out.writeUnsignedVarint(value == null ? 0 : ((Enum<?>) value).ordinal() + 1L);
        }

        @Override
        public Object read(BinaryReader in) {
            long v = in.readUnsignedVarint();
            if (Long.compareUnsigned(v, constants.length) > 0) {
                throw BinaryReader.malformed("unknown constant " + (v - 1) + " of " + name);
            }
            return v == 0 ? null : constants[(int) v - 1];
        }
    }

    /** Size + 1 (0 is null), then each element; read back as an unmodifiable list. */
    private record ListCodec(ValueCodec elements) implements ValueCodec {
        @Override
        public void write(BinaryWriter out, Object value) {
            if (value == null) {
                out.writeByte(0);
                return;
            }
            List<?> list = (List<?>) value;
            out.writeUnsignedVarint(list.size() + 1L);
            for (Object element : list) {
                elements.write(out, element);
            }
        }

        @Override
        public Object read(BinaryReader in) {
            int size = in.readNullableLength(); // every element takes at least one byte: bounded by what is left
            if (size < 0) {
                return null;
            }
            Object[] items = new Object[size];
            for (int i = 0; i < size; i++) {
                items[i] = elements.read(in);
            }
            return Collections.unmodifiableList(Arrays.asList(items));
        }
    }
}
