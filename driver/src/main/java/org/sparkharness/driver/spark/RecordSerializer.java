package org.sparkharness.driver.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * Kryo serialiser for Java records: writes each component, reads them back through the canonical constructor
 * (so validation runs on executors too). Kryo 4's FieldSerializer cannot set a record's final fields.
 */
public final class RecordSerializer<T extends Record> extends Serializer<T> {
    private final Method[] accessors;
    private final Constructor<T> constructor;

    public RecordSerializer(Class<T> type) {
        RecordComponent[] components = type.getRecordComponents();
        accessors = new Method[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            accessors[i] = components[i].getAccessor();
            accessors[i].setAccessible(true);
            types[i] = components[i].getType();
        }
        try {
            constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("record " + type.getName() + " has no canonical constructor", e);
        }
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, T record) {
        try {
            for (Method accessor : accessors) kryo.writeClassAndObject(output, portable(accessor.invoke(record)));
        } catch (ReflectiveOperationException e) {
            throw new KryoException("cannot read components of " + record.getClass().getName(), e);
        }
    }

    /** JDK immutable collections have no no-arg constructor for Kryo: ship plain copies, the record re-wraps them. */
    private static Object portable(Object value) {
        if (value instanceof java.util.List<?> l) return new java.util.ArrayList<>(l);
        if (value instanceof java.util.Set<?> s) return new java.util.LinkedHashSet<>(s);
        if (value instanceof java.util.Map<?, ?> m) return new java.util.LinkedHashMap<>(m);
        return value;
    }

    @Override
    public T read(Kryo kryo, Input input, Class<T> type) {
        Object[] values = new Object[accessors.length];
        for (int i = 0; i < values.length; i++) values[i] = kryo.readClassAndObject(input);
        try {
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new KryoException("cannot construct " + type.getName(), e);
        }
    }
}
