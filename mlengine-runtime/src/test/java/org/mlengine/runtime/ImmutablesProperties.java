package org.mlengine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.primitives.ImmutableDoubleArray;
import com.google.common.primitives.ImmutableIntArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.mlengine.runtime.internal.Immutables;

/**
 * The Guava-free copies against the Guava collections they replace: the same iteration order
 * (which bundle JSON, and so bundle ids, depend on), equality, hash codes and text.
 */
class ImmutablesProperties {

  @Property(tries = 300)
  void map_anyEntries_keepGuavasOrder(@ForAll List<String> keys, @ForAll List<Integer> values) {
    Map<String, Integer> source = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(keys.size(), values.size()); i++) {
      source.put(keys.get(i), values.get(i));
    }
    Map<String, Integer> ours = Immutables.map(source);
    ImmutableMap<String, Integer> guava = ImmutableMap.copyOf(source);
    assertEquals(new ArrayList<>(guava.entrySet()), new ArrayList<>(ours.entrySet()));
    assertEquals(guava.toString(), ours.toString());
    assertEquals(guava.hashCode(), ours.hashCode());
    assertEquals(guava, ours);
    assertEquals(ImmutableSortedMap.copyOf(source).toString(), Immutables.sortedMap(source).toString());
  }

  @Property(tries = 300)
  void set_anyElements_keepGuavasOrder(@ForAll List<String> items) {
    assertEquals(ImmutableSet.copyOf(items).asList(), List.copyOf(Immutables.set(items)));
    assertEquals(ImmutableSortedSet.copyOf(items).asList(), List.copyOf(Immutables.sortedSet(items)));
    assertEquals(ImmutableSet.copyOf(items).toString(), Immutables.set(items).toString());
  }

  @Property(tries = 300)
  void arrays_anyValues_equalHashAndPrintAsGuavas(@ForAll int[] ints, @ForAll double[] doubles) {
    assertEquals(ImmutableIntArray.copyOf(ints).hashCode(), IntArray.copyOf(ints).hashCode());
    assertEquals(ImmutableIntArray.copyOf(ints).toString(), IntArray.copyOf(ints).toString());
    assertEquals(ImmutableDoubleArray.copyOf(doubles).hashCode(), DoubleArray.copyOf(doubles).hashCode());
    assertEquals(ImmutableDoubleArray.copyOf(doubles).toString(), DoubleArray.copyOf(doubles).toString());
    assertEquals(DoubleArray.copyOf(doubles), DoubleArray.copyOf(doubles.clone()));
  }

  @Property(tries = 300)
  void intArray_anyValues_readAsGuavas(@ForAll int[] ints) {
    ImmutableIntArray guava = ImmutableIntArray.copyOf(ints);
    IntArray ours = IntArray.copyOf(ints);
    assertEquals(guava.length(), ours.length());
    assertEquals(guava.isEmpty(), ours.isEmpty());
    for (int i = 0; i < ints.length; i++) {
      assertEquals(guava.get(i), ours.get(i));
    }
    assertArrayEquals(guava.toArray(), ours.toArray());
    assertArrayEquals(guava.stream().toArray(), ours.stream().toArray());
    List<Integer> seen = new ArrayList<>();
    ours.forEach(seen::add);
    assertEquals(guava.asList(), seen);
    assertEquals(IntArray.copyOf(guava.asList()), ours);
  }

  @Example
  void intArray_stream_cannotChangeTheArray() {
    int[] source = {3, 1, 2};
    IntArray ours = IntArray.copyOf(source);
    int[] sorted = ours.stream().sorted().toArray();
    source[0] = 99;
    assertArrayEquals(new int[] {1, 2, 3}, sorted);
    assertEquals("[3, 1, 2]", ours.toString());
    assertEquals(0, IntArray.of().stream().count());
  }

  @Example
  void doubleArray_nanAndSignedZero_compareAsGuavas() {
    double[][] pairs = {{Double.NaN, Double.NaN}, {0.0, -0.0}, {1.0, 1.0}};
    for (double[] p : pairs) {
      assertEquals(ImmutableDoubleArray.of(p[0]).equals(ImmutableDoubleArray.of(p[1])),
          DoubleArray.copyOf(new double[] {p[0]}).equals(DoubleArray.copyOf(new double[] {p[1]})), p[0] + " vs " + p[1]);
    }
  }

  @Property(tries = 200)
  void putNew_repeatedKey_failsWithGuavasMessage(
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 40) int size,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 39) int repeated) {
    int dup = repeated % size;
    ImmutableMap.Builder<String, Integer> guava = ImmutableMap.builder();
    Map<String, Integer> ours = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      guava.put("k" + i, i);
      Immutables.putNew(ours, "k" + i, i);
    }
    guava.put("k" + dup, -1);
    IllegalArgumentException expected = assertThrows(IllegalArgumentException.class, guava::buildOrThrow);
    IllegalArgumentException actual = assertThrows(IllegalArgumentException.class, () -> Immutables.putNew(ours, "k" + dup, -1));
    assertEquals(expected.getMessage(), actual.getMessage());
  }

  @Example
  void putNew_repeatedKey_namesNewThenOld() {
    Map<String, Integer> ours = new LinkedHashMap<>();
    Immutables.putNew(ours, "x", 0);
    IllegalArgumentException actual = assertThrows(IllegalArgumentException.class, () -> Immutables.putNew(ours, "x", 2));
    assertEquals("Multiple entries with same key: x=2 and x=0", actual.getMessage());
  }
}
