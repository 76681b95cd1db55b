package org.mlengine.core.internal;

import org.mlengine.runtime.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link RowClasses} puts two rows in one class exactly when their values are equal (after
 * normalization, if asked), as the boxed-list keys of 0.1 compared them, whatever the row hash:
 * with a hash that makes every row collide, or one that sees a single column, it still only
 * joins rows whose values it has compared.
 */
class RowClassesProperties {
  private static final List<String> COLUMNS = List.of("n", "c", "t", "when");

  /** A small table of few distinct values, so that equal and near-equal rows are common. */
  record Data(List<Double> numbers, List<String> categories, List<String> texts, List<Integer> times, List<Boolean> kept) {
    Table table() {
      return Table.builder()
          .numeric("n", numbers.stream().mapToDouble(Double::doubleValue).toArray())
          .categorical("c", categories.toArray(String[]::new))
          .text("t", texts.toArray(String[]::new))
          .timestamp("when", times.stream().map(t -> t < 0 ? null : Instant.ofEpochMilli(t)).toArray(Instant[]::new))
          .build();
    }

    int[] rows() {
      List<Integer> out = new ArrayList<>();
      for (int r = 0; r < kept.size(); r++) {
        if (kept.get(r)) {
          out.add(r);
        }
      }
      return out.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  @Provide
  Arbitrary<Data> tables() {
    Arbitrary<Double> numbers = Arbitraries.of(0.0, -0.0, Double.NaN, 1.0, 1.0000001, 0.1234565, 0.123456, 0.1234566, 2.5, 1e-20,
        1.0000004e-20, Double.POSITIVE_INFINITY, 1234565.0, 1234570.0);
    Arbitrary<String> words = Arbitraries.of("a", " A ", "b", "a  b", "A\tB", "Aa", "BB", null);
    return Arbitraries.integers().between(1, 40).flatMap(n -> Combinators.combine(
        numbers.list().ofSize(n),
        words.list().ofSize(n),
        words.list().ofSize(n),
        Arbitraries.integers().between(-1, 2).list().ofSize(n),
        Arbitraries.of(true, true, true, false).list().ofSize(n)).as(Data::new));
  }

  private static Object normalizedReference(Object v) {
    if (v instanceof String s) {
      return s.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
    }
    return v instanceof Double d ? SignificantDigitsProperties.reference(d) : v;
  }

  /** Brute force: the rows' values compared one by one, as {@code List.equals} compared the old keys. */
  private static boolean equal(Table t, int a, int b, boolean normalize) {
    for (String c : COLUMNS) {
      Object x = t.value(c, a);
      Object y = t.value(c, b);
      if (normalize ? !Objects.equals(x == null ? null : normalizedReference(x), y == null ? null : normalizedReference(y))
          : !Objects.equals(x, y)) {
        return false;
      }
    }
    return true;
  }

  private static void assertClassesAreEqualRows(Data data, boolean normalize, RowClasses.RowHash hash) {
    Table t = data.table();
    int[] rows = data.rows();
    int[] classes = RowClasses.of(t.rowCount(), RowClasses.keys(t, COLUMNS, normalize), rows, hash);
    for (int r = 0; r < t.rowCount(); r++) {
      int row = r;
      assertEquals(Arrays.stream(rows).anyMatch(x -> x == row), classes[r] >= 0, "row " + r + " classed");
    }
    for (int a : rows) {
      for (int b : rows) {
        assertEquals(equal(t, a, b, normalize), classes[a] == classes[b], "rows " + a + " and " + b + ", normalize " + normalize);
      }
    }
  }

  @Property(tries = 300)
  void classes_withTheRealHash_areTheEqualRows(@ForAll("tables") Data data) {
    assertClassesAreEqualRows(data, false, RowClasses.MIXED);
    assertClassesAreEqualRows(data, true, RowClasses.MIXED);
  }

  @Property(tries = 300)
  void classes_whenEveryHashCollides_areStillTheEqualRows(@ForAll("tables") Data data) {
    RowClasses.RowHash colliding = (keys, rows) -> new long[rows.length];
    assertClassesAreEqualRows(data, false, colliding);
    assertClassesAreEqualRows(data, true, colliding);
  }

  @Property(tries = 300)
  void classes_whenTheHashSeesOneColumn_areStillTheEqualRows(@ForAll("tables") Data data) {
    RowClasses.RowHash firstColumnOnly = (keys, rows) -> Arrays.stream(rows).mapToLong(r -> keys.get(0).key(r)).toArray();
    assertClassesAreEqualRows(data, false, firstColumnOnly);
    assertClassesAreEqualRows(data, true, firstColumnOnly);
  }

  /**
   * Enough rows for several of the join's buckets (8k–16k rows each), some left out, a few
   * distinct values in two columns: the classes are numbered 0, 1, 2... in the order of their
   * first rows, as one table over every row numbered them, whatever the hash spreads or folds.
   */
  @Property(tries = 12)
  void classes_ofManyRows_areNumberedInTheOrderOfTheirFirstRows(
      @ForAll @net.jqwik.api.constraints.IntRange(min = 16_384, max = 70_000) int rowCount,
      @ForAll long seed,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 40) int distinct,
      @ForAll boolean foldedHash) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    long[] a = new long[rowCount];
    long[] b = new long[rowCount];
    List<Integer> kept = new ArrayList<>();
    for (int r = 0; r < rowCount; r++) {
      a[r] = random.nextInt(distinct);
      b[r] = random.nextInt(3);
      if (random.nextInt(10) > 0) {
        kept.add(r);
      }
    }
    int[] rows = kept.stream().mapToInt(Integer::intValue).toArray();
    List<RowClasses.ColumnKey> keys = List.of(r -> a[r], r -> b[r]);
    // Folded: a hash that sees only the first column's parity, so most rows of a bucket collide.
    RowClasses.RowHash hash = foldedHash ? (k, rs) -> Arrays.stream(rs).mapToLong(r -> a[r] % 2).toArray() : RowClasses.MIXED;
    int[] classes = RowClasses.of(rowCount, keys, rows, hash);
    int[] expected = new int[rowCount];
    Arrays.fill(expected, -1);
    java.util.Map<List<Long>, Integer> numbered = new java.util.HashMap<>();
    for (int r : rows) {
      expected[r] = numbered.computeIfAbsent(List.of(a[r], b[r]), v -> numbered.size());
    }
    assertEquals(Arrays.toString(expected), Arrays.toString(classes));
  }
}
