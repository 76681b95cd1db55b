package org.mlengine.runtime.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Unmodifiable copies of maps and sets that keep the iteration order Guava's immutable
 * collections had (insertion order, or sorted for the sorted kinds) and reject {@code null} like
 * them. The order matters: maps and sets are written into bundle JSON, whose hash is the bundle
 * id. Lists need no helper: {@link java.util.List#copyOf} keeps order and rejects nulls.
 *
 * <pre>{@code
 * Map<String, Double> copy = Immutables.map(values);
 * }</pre>
 */
public final class Immutables {
  private Immutables() {}

  /** An unmodifiable copy in {@code map}'s iteration order; no null key or value. */
  public static <K, V> Map<K, V> map(Map<? extends K, ? extends V> map) {
    Map<K, V> copy = new LinkedHashMap<>(map.size() * 2);
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "null key"), Objects.requireNonNull(v, "null value")));
    return Collections.unmodifiableMap(copy);
  }

  /** An unmodifiable copy in {@code items}' iteration order, duplicates dropped; no null. */
  public static <E> Set<E> set(Collection<? extends E> items) {
    Set<E> copy = new LinkedHashSet<>(items.size() * 2);
    for (E e : items) {
      copy.add(Objects.requireNonNull(e, "null element"));
    }
    return Collections.unmodifiableSet(copy);
  }

  /**
   * Puts a key that must be new, as Guava's {@code ImmutableMap.Builder} insisted: a repeated key
   * fails with its message, {@code "Multiple entries with same key: k=new and k=old"}.
   */
  public static <K, V> void putNew(Map<K, V> map, K key, V value) {
    V old = map.putIfAbsent(Objects.requireNonNull(key, "null key"), Objects.requireNonNull(value, "null value"));
    if (old != null) {
      throw new IllegalArgumentException("Multiple entries with same key: " + key + "=" + value + " and " + key + "=" + old);
    }
  }

  /** An unmodifiable copy in natural order; no null. */
  public static <E extends Comparable<? super E>> SortedSet<E> sortedSet(Collection<? extends E> items) {
    SortedSet<E> copy = new TreeSet<>();
    for (E e : items) {
      copy.add(Objects.requireNonNull(e, "null element"));
    }
    return Collections.unmodifiableSortedSet(copy);
  }

  /** An unmodifiable copy in the natural order of the keys; no null key or value. */
  public static <K extends Comparable<? super K>, V> SortedMap<K, V> sortedMap(Map<? extends K, ? extends V> map) {
    SortedMap<K, V> copy = new TreeMap<>();
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "null key"), Objects.requireNonNull(v, "null value")));
    return Collections.unmodifiableSortedMap(copy);
  }
}
