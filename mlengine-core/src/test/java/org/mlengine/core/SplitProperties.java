package org.mlengine.core;

import org.mlengine.runtime.IntArray;
import org.mlengine.runtime.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** Invariants of every split kind on small random tables, for any seed. */
class SplitProperties {

  private static final Instant DAY0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final long DAY = Duration.ofDays(1).toMillis();
  /** Most generated cases must be splittable, or the invariants would be checked on too few. */
  private static final Predicate<Double> MOSTLY = p -> p >= 40;

  enum Kind { RANDOM, STRATIFIED, GROUP, TIME }

  /** A small table: a class label, a group and a day (ties likely) per row. */
  record Data(List<String> labels, List<String> groups, List<Integer> days) {
    int n() {
      return labels.size();
    }

    Table table() {
      Instant[] t = days.stream().map(d -> DAY0.plus(Duration.ofDays(d))).toArray(Instant[]::new);
      return Table.builder()
          .categorical("y", labels.toArray(String[]::new))
          .categorical("g", groups.toArray(String[]::new))
          .timestamp("t", t)
          .build();
    }

    long time(int row) {
      return DAY0.toEpochMilli() + days.get(row) * DAY;
    }

    long distinctGroups() {
      return groups.stream().distinct().count();
    }

    long distinctDays() {
      return days.stream().distinct().count();
    }
  }

  @Provide
  Arbitrary<Data> data() {
    return Arbitraries.integers().between(2, 30).flatMap(n -> Combinators.combine(
            Arbitraries.frequency(Tuple.of(6, "a"), Tuple.of(3, "b"), Tuple.of(1, "c")).list().ofSize(n),
            Arbitraries.of("g1", "g2", "g3", "g4", "g5", "g6", "g7").list().ofSize(n),
            Arbitraries.integers().between(0, 12).list().ofSize(n))
        .as(Data::new));
  }

  @Provide
  Arbitrary<Double> trainFractions() {
    return Arbitraries.of(0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9);
  }

  @Provide
  Arbitrary<Double> validationFractions() {
    return Arbitraries.of(0.0, 0.0, 0.1, 0.15, 0.2);
  }

  // ---- hold-out ----

  @Property(tries = 400)
  void holdout_partsAreDisjointCoverTheRowsAndKeepTheKindsInvariant(
      @ForAll("data") Data d,
      @ForAll Kind kind,
      @ForAll("trainFractions") double f,
      @ForAll("validationFractions") double v,
      @ForAll @IntRange(min = 0, max = 2) int gapDays,
      @ForAll long seed) {
    Split split = holdout(kind, f);
    if (v > 0) {
      split = split.validation(v);
    }
    if (kind == Kind.TIME) {
      split = split.gap(Duration.ofDays(gapDays));
    }
    Table table = d.table();
    Partition p;
    try {
      p = split.partition(table, "y", seed);
    } catch (IllegalArgumentException e) {
      assertLegitimateRefusal(e.getMessage(), d, kind, gapDays, count(1 - f, d.n()), v > 0 ? count(v, d.n()) : 0);
      Statistics.label("outcome").collect("refused");
      return;
    }
    Statistics.label("outcome").collect("split");
    Statistics.label("outcome").coverage(c -> c.check("split").percentage(MOSTLY));

    int n = d.n();
    BitSet train = bits(p.train());
    BitSet validation = bits(p.validation());
    BitSet test = bits(p.test());
    assertDisjoint(train, validation);
    assertDisjoint(train, test);
    assertDisjoint(validation, test);
    assertFalse(train.isEmpty(), "empty train");
    assertFalse(test.isEmpty(), "empty test");
    assertEquals(v > 0, !validation.isEmpty(), "validation part present iff asked for");

    BitSet all = union(train, validation, test);
    if (kind != Kind.TIME || gapDays == 0) {
      assertEquals(n, all.cardinality(), "every row is in a part");
    }
    assertTrue(all.length() <= n, "row index out of range");

    int expectedTest = count(1 - f, n);
    int expectedValidation = v > 0 ? count(v, n) : 0;
    switch (kind) {
      case RANDOM -> {
        assertEquals(expectedTest, test.cardinality());
        assertEquals(expectedValidation, validation.cardinality());
      }
      case STRATIFIED -> {
        assertEquals(expectedTest, test.cardinality());
        assertEquals(expectedValidation, validation.cardinality());
        Map<String, Integer> classSize = tally(d.labels(), all);
        Map<String, Integer> held = tally(d.labels(), test);
        for (var e : classSize.entrySet()) {
          long ideal = Math.round((1 - f) * e.getValue());
          int got = held.getOrDefault(e.getKey(), 0);
          assertTrue(Math.abs(got - ideal) <= 1,
              "class " + e.getKey() + " of " + e.getValue() + " rows held out " + got + ", ideal " + ideal);
        }
      }
      case GROUP -> assertNoGroupInTwoParts(d, List.of(train, validation, test));
      case TIME -> {
        long gap = gapDays * DAY;
        assertBefore(d, train, union(validation, test), gap);
        assertBefore(d, validation, test, gap);
        long testStart = min(d, test);
        long heldStart = min(d, union(validation, test));
        long trainEnd = max(d, train);
        for (int r = 0; r < n; r++) {
          if (!all.get(r)) {
            // A row left out lies in a gap: after training, before test, too close to what follows it.
            long t = d.time(r);
            assertTrue(t > trainEnd && t < testStart, "row " + r + " left out outside a gap");
            long next = t >= heldStart ? testStart : heldStart;
            assertTrue(t + gap >= next, "row " + r + " left out though it is not inside the gap");
          }
        }
      }
    }
    assertEquals(p, split.partition(table, "y", seed), "same seed, same partition");
  }

  private static void assertLegitimateRefusal(String message, Data d, Kind kind, int gapDays, int nTest, int nValidation) {
    if (message.contains("which leaves no row to train on")) {
      assertTrue(nTest + nValidation >= d.n(), message);
    } else if (kind == Kind.GROUP && message.contains("distinct value(s)")) {
      assertEquals(1, d.distinctGroups(), message);
    } else if (kind == Kind.GROUP && message.contains("with validation needs at least 3")) {
      assertTrue(nValidation > 0 && d.distinctGroups() < 3, message);
    } else if (kind == Kind.TIME && message.contains("has the same time")) {
      assertEquals(1, d.distinctDays(), message);
    } else if (kind == Kind.TIME && message.contains("with validation needs at least 3")) {
      assertTrue(nValidation > 0 && d.distinctDays() < 3, message);
    } else if (kind == Kind.TIME && (message.contains("no rows to train on") || message.contains("no rows for validation"))) {
      assertTrue(gapDays > 0, message);
    } else {
      throw new AssertionError("unexpected refusal: " + message);
    }
  }

  // ---- k folds ----

  @Property(tries = 400)
  void kFold_foldsAreDisjointAndKeepTheKindsInvariant(
      @ForAll("data") Data d,
      @ForAll Kind kind,
      @ForAll @IntRange(min = 2, max = 6) int k,
      @ForAll @IntRange(min = 0, max = 2) int gapDays,
      @ForAll boolean crossFit,
      @ForAll long seed) {
    Split split = crossFit ? holdout(kind, 0.8).crossFitFolds(k) : kFold(kind, k);
    if (kind == Kind.TIME) {
      split = split.gap(Duration.ofDays(gapDays));
    }
    Table table = d.table();
    List<Partition> folds;
    try {
      folds = split.partitions(table, "y", seed);
    } catch (IllegalArgumentException e) {
      assertFalse(crossFit, "cross-fitting folds never refuse for lack of data: " + e.getMessage());
      String m = e.getMessage();
      boolean legitimate =
          m.contains("one per fold, but there are") && units(d, kind) < k
              || m.contains("needs at least " + (k + 1) + " rows") && d.n() <= k
              || m.contains("distinct value(s)") && d.distinctGroups() == 1
              || m.contains("has the same time") && d.distinctDays() == 1
              || m.contains("distinct times, one per block") && d.distinctDays() <= k
              || m.contains("no rows to train on") && gapDays > 0;
      assertTrue(legitimate, "unexpected refusal: " + m);
      Statistics.label("outcome").collect("refused");
      return;
    }
    Statistics.label("outcome").collect("folds");
    Statistics.label("outcome").coverage(c -> c.check("folds").percentage(MOSTLY));

    int n = d.n();
    int units = (int) units(d, kind);
    if (!crossFit) {
      assertEquals(k, folds.size());
    } else if (kind == Kind.TIME) {
      assertTrue(folds.size() <= Math.min(k, units - 1));
      if (gapDays == 0) {
        assertEquals(Math.min(k, units - 1), folds.size());
      }
    } else {
      assertEquals(units < 2 ? 0 : Math.max(2, Math.min(k, units)), folds.size());
    }

    BitSet heldOut = new BitSet();
    for (Partition p : folds) {
      BitSet train = bits(p.train());
      BitSet test = bits(p.test());
      assertTrue(p.validation().isEmpty());
      assertFalse(train.isEmpty(), "empty train");
      assertFalse(test.isEmpty(), "empty test");
      assertDisjoint(train, test);
      assertDisjoint(heldOut, test);
      heldOut.or(test);
      switch (kind) {
        case RANDOM, STRATIFIED, GROUP -> assertEquals(n, union(train, test).cardinality(), "fold covers every row");
        case TIME -> {
          long gap = gapDays * DAY;
          assertBefore(d, train, test, gap);
          long from = min(d, test);
          for (int r = 0; r < n; r++) {
            assertEquals(d.time(r) + gap < from, train.get(r), "train is every row early enough, row " + r);
          }
        }
      }
      if (kind == Kind.GROUP) {
        assertNoGroupInTwoParts(d, List.of(train, test));
      }
      if (kind == Kind.STRATIFIED) {
        Map<String, Integer> held = tally(d.labels(), test);
        for (var e : tally(d.labels(), union(train, test)).entrySet()) {
          int got = held.getOrDefault(e.getKey(), 0);
          int lower = e.getValue() / folds.size();
          assertTrue(got == lower || got == lower + 1,
              "class " + e.getKey() + " of " + e.getValue() + " rows has " + got + " in a fold of " + folds.size());
        }
      }
    }
    if (kind != Kind.TIME && !folds.isEmpty()) {
      assertEquals(n, heldOut.cardinality(), "every row is held out once");
    }
    if (kind == Kind.TIME) {
      for (int f = 1; f < folds.size(); f++) {
        assertTrue(max(d, bits(folds.get(f - 1).test())) < min(d, bits(folds.get(f).test())), "folds in time order");
      }
    }
    assertEquals(folds, split.partitions(table, "y", seed), "same seed, same folds");
  }

  // ---- helpers ----

  private static Split holdout(Kind kind, double f) {
    return switch (kind) {
      case RANDOM -> Split.random(f);
      case STRATIFIED -> Split.stratified(f);
      case GROUP -> Split.group("g", f);
      case TIME -> Split.timeOrdered("t", f);
    };
  }

  private static Split kFold(Kind kind, int k) {
    return switch (kind) {
      case RANDOM -> Split.kFold(k);
      case STRATIFIED -> Split.stratifiedKFold(k);
      case GROUP -> Split.groupKFold("g", k);
      case TIME -> Split.timeSeriesKFold("t", k);
    };
  }

  private static long units(Data d, Kind kind) {
    return switch (kind) {
      case RANDOM, STRATIFIED -> d.n();
      case GROUP -> d.distinctGroups();
      case TIME -> d.distinctDays();
    };
  }

  /** round-half-up of share * n on the decimal share, at least 1: the documented part size. */
  private static int count(double share, int n) {
    BigDecimal exact = BigDecimal.valueOf(share).setScale(2, RoundingMode.HALF_UP).multiply(BigDecimal.valueOf(n));
    return Math.max(1, exact.setScale(0, RoundingMode.HALF_UP).intValueExact());
  }

  private static BitSet bits(IntArray rows) {
    BitSet out = new BitSet();
    rows.forEach(out::set);
    assertEquals(rows.length(), out.cardinality(), "a row twice in one part");
    return out;
  }

  private static BitSet union(BitSet... parts) {
    BitSet out = new BitSet();
    for (BitSet p : parts) {
      out.or(p);
    }
    return out;
  }

  private static void assertDisjoint(BitSet a, BitSet b) {
    assertFalse(a.intersects(b), "parts share rows " + a + " / " + b);
  }

  private static Map<String, Integer> tally(List<String> values, BitSet rows) {
    Map<String, Integer> out = new HashMap<>();
    rows.stream().forEach(r -> out.merge(values.get(r), 1, Integer::sum));
    return out;
  }

  private static void assertNoGroupInTwoParts(Data d, List<BitSet> parts) {
    Set<String> seen = new HashSet<>();
    for (BitSet part : parts) {
      Set<String> here = new HashSet<>();
      part.stream().forEach(r -> here.add(d.groups().get(r)));
      for (String g : here) {
        assertTrue(seen.add(g), "group " + g + " in two parts");
      }
    }
  }

  private static long min(Data d, BitSet rows) {
    return rows.stream().mapToLong(d::time).min().orElse(Long.MAX_VALUE);
  }

  private static long max(Data d, BitSet rows) {
    return rows.stream().mapToLong(d::time).max().orElse(Long.MIN_VALUE / 2);
  }

  private static void assertBefore(Data d, BitSet earlier, BitSet later, long gap) {
    if (!earlier.isEmpty() && !later.isEmpty()) {
      assertTrue(max(d, earlier) + gap < min(d, later),
          "earlier part ends " + Instant.ofEpochMilli(max(d, earlier)) + ", later part starts "
              + Instant.ofEpochMilli(min(d, later)) + ", gap " + gap);
    }
  }
}
