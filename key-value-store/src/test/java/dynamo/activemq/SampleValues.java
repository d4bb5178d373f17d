package dynamo.activemq;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Instances of any record type built reflectively from sample component values, so that the codec
 * tests cover every message type, including ones added after the tests were written. Variant 0
 * uses edge values (extremes, empty strings and lists) and null wherever the record accepts it;
 * the others use ordinary and non-ASCII values and pick different subtypes and constants.
 */
final class SampleValues {
    static final int VARIANTS = 4;
    private static final int MAX_DEPTH = 12;

    private SampleValues() {
    }

    /** One instance per variant of each concrete type reachable from {@code type} at the top. */
    static List<Object> of(Class<?> type) {
        List<Object> samples = new ArrayList<>();
        for (Class<?> concrete : concreteTypes(type)) {
            for (int v = 0; v < VARIANTS; v++) {
                samples.add(value(concrete, v, 0));
            }
        }
        return samples;
    }

    /** The records a sealed type permits (recursively, sorted by name), or the type itself. */
    static List<Class<?>> concreteTypes(Class<?> type) {
        if (!type.isSealed()) {
            return List.of(type);
        }
        List<Class<?>> all = new ArrayList<>();
        Arrays.stream(type.getPermittedSubclasses()).sorted(Comparator.comparing(Class::getName))
                .forEach(c -> all.addAll(concreteTypes(c)));
        return all;
    }

    static Object value(Type type, int variant, int depth) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type element = p.getActualTypeArguments()[0];
            if (element instanceof WildcardType w) {
                element = w.getUpperBounds()[0];
            }
            if (variant == 0 || depth >= MAX_DEPTH) {
                return List.of();
            }
            return List.of(value(element, variant, depth + 1), value(element, variant + 1, depth + 1));
        }
        Class<?> c = (Class<?>) type;
        if (c == long.class || c == Long.class) {
            return new long[] {Long.MIN_VALUE, 1, -300, Long.MAX_VALUE}[variant % 4];
        }
        if (c == int.class || c == Integer.class) {
            return new int[] {Integer.MIN_VALUE, 2, -64, Integer.MAX_VALUE}[variant % 4];
        }
        if (c == short.class || c == Short.class) {
            return new short[] {Short.MIN_VALUE, 3, -1, Short.MAX_VALUE}[variant % 4];
        }
        if (c == byte.class || c == Byte.class) {
            return new byte[] {Byte.MIN_VALUE, 4, -1, Byte.MAX_VALUE}[variant % 4];
        }
        if (c == boolean.class || c == Boolean.class) {
            return variant % 2 == 0;
        }
        if (c == char.class || c == Character.class) {
            return "\u0000x\u00e9\uffff".charAt(variant % 4);
        }
        if (c == double.class || c == Double.class) {
            return new double[] {-0.0, 1.5, Double.MIN_VALUE, Double.MAX_VALUE}[variant % 4];
        }
        if (c == float.class || c == Float.class) {
            return new float[] {Float.MIN_VALUE, 2.5f, Float.NEGATIVE_INFINITY, -7f}[variant % 4];
        }
        if (c == String.class) {
            return new String[] {"", "node-1", "n\u00f6de \u2713 \ud83d\ude00", "x".repeat(200)}[variant % 4];
        }
        if (c == byte[].class) {
            return variant == 0 ? new byte[0] : "value-\u00ff".repeat(variant * 20).getBytes(StandardCharsets.UTF_8);
        }
        if (c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            return constants[variant % constants.length];
        }
        if (c.isSealed()) {
            List<Class<?>> concrete = concreteTypes(c);
            return value(concrete.get((variant + depth) % concrete.size()), variant, depth);
        }
        if (c.isRecord()) {
            return record(c, variant, depth);
        }
        throw new IllegalArgumentException("no sample for " + type.getTypeName());
    }

    /** Non-null components first; in variant 0 each reference component then becomes null if the record allows it. */
    private static Object record(Class<?> c, int variant, int depth) {
        RecordComponent[] parts = c.getRecordComponents();
        Object[] args = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            args[i] = depth >= MAX_DEPTH && !parts[i].getType().isPrimitive()
                    ? null : value(parts[i].getGenericType(), variant, depth + 1);
        }
        try {
            Constructor<?> canonical = c.getDeclaredConstructor(Arrays.stream(parts).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            for (int i = 0; variant == 0 && i < parts.length; i++) {
                if (!parts[i].getType().isPrimitive() && args[i] != null) {
                    Object kept = args[i];
                    args[i] = null;
                    try {
                        canonical.newInstance(args);
                    } catch (InvocationTargetException refused) {
                        args[i] = kept;
                    }
                }
            }
            return canonical.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a sample " + c.getName(), e);
        }
    }
}
