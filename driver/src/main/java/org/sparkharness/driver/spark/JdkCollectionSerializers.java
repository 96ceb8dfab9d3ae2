package org.sparkharness.driver.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Kryo serialisers for the JDK's synchronised wrappers and immutable collections ({@code List.of}, {@code Map.of},
 * {@code Arrays.asList}, {@code Collections.synchronizedMap}, …): Kryo's collection serialiser rebuilds a collection by
 * adding to an empty instance, which the immutable ones refuse, and its field serialiser leaves a synchronised
 * wrapper without its lock. Each is sent as a plain copy and wrapped again on arrival. (The read-only wrappers,
 * {@code Collections.unmodifiable*}, are Spark's: it registers chill's serialiser for them after ours.) This covers
 * what dl4j-spark's registrator borrowed from the kryo-serializers library.
 */
final class JdkCollectionSerializers {
    private JdkCollectionSerializers() {}

    static void register(Kryo kryo) {
        // Synchronised views.
        as(kryo, Collections.synchronizedCollection(new ArrayList<>()), ArrayList::new, c -> Collections.synchronizedCollection((Collection<?>) c));
        as(kryo, Collections.synchronizedList(new ArrayList<>()), ArrayList::new, c -> Collections.synchronizedList((List<?>) c));
        as(kryo, Collections.synchronizedList(new LinkedList<>()), LinkedList::new, c -> Collections.synchronizedList((List<?>) c));
        as(kryo, Collections.synchronizedSet(new HashSet<>()), LinkedHashSet::new, c -> Collections.synchronizedSet((Set<?>) c));
        asSorted(kryo, Collections.synchronizedSortedSet(new TreeSet<>()), c -> Collections.synchronizedSortedSet((TreeSet<?>) c));
        map(kryo, Collections.synchronizedMap(new HashMap<>()), HashMap::new, m -> Collections.synchronizedMap((Map<?, ?>) m));
        sortedMap(kryo, Collections.synchronizedSortedMap(new TreeMap<>()), m -> Collections.synchronizedSortedMap((TreeMap<?, ?>) m));
        // Immutable collections (Java 9+) and fixed-size array views.
        for (List<?> l : List.of(List.of(), List.of(1), List.of(1, 2, 3))) as(kryo, l, ArrayList::new, c -> List.copyOf((Collection<?>) c));
        for (Set<?> s : List.of(Set.of(), Set.of(1), Set.of(1, 2, 3))) as(kryo, s, LinkedHashSet::new, c -> Set.copyOf((Collection<?>) c));
        for (Map<?, ?> m : List.of(Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2))) map(kryo, m, LinkedHashMap::new, c -> Map.copyOf((Map<?, ?>) c));
        as(kryo, Arrays.asList(1, 2), ArrayList::new, c -> Arrays.asList(((List<?>) c).toArray()));
    }

    private static <T> void as(Kryo kryo, Collection<?> example, Function<Collection<?>, ? extends Collection<?>> copy,
                               Function<Object, Object> wrap) {
        kryo.register(example.getClass(), new Copying(c -> copy.apply((Collection<?>) c), wrap));
    }

    private static void asSorted(Kryo kryo, Collection<?> example, Function<Object, Object> wrap) {
        kryo.register(example.getClass(), new Copying(c -> new TreeSet<>((java.util.SortedSet<?>) c), wrap));
    }

    private static void map(Kryo kryo, Map<?, ?> example, Function<Map<?, ?>, ? extends Map<?, ?>> copy,
                            Function<Object, Object> wrap) {
        kryo.register(example.getClass(), new Copying(m -> copy.apply((Map<?, ?>) m), wrap));
    }

    private static void sortedMap(Kryo kryo, Map<?, ?> example, Function<Object, Object> wrap) {
        kryo.register(example.getClass(), new Copying(m -> new TreeMap<>((java.util.SortedMap<?, ?>) m), wrap));
    }

    /** Writes a modifiable copy (Kryo serialises those) and wraps what it reads. */
    private static final class Copying extends Serializer<Object> {
        private final Function<Object, Object> copy;
        private final Function<Object, Object> wrap;

        Copying(Function<Object, Object> copy, Function<Object, Object> wrap) {
            super(false, true);
            this.copy = copy;
            this.wrap = wrap;
        }

        @Override
        public void write(Kryo kryo, Output output, Object value) {
            Object plain;
            synchronized (value) { // a synchronised view is copied under its own lock, as its iterators require
                plain = copy.apply(value);
            }
            kryo.writeClassAndObject(output, plain);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<Object> type) {
            return wrap.apply(kryo.readClassAndObject(input));
        }
    }
}
