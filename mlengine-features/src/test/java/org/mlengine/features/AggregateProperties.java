package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.AggregateDefinition;

/**
 * The aggregate step over random customers and calls (five keys, one without calls; times on a
 * six-hour grid, so calls share instants with each other and with cutoffs; missing minutes and
 * kinds): the offline values, the values from a History and the row kernel's agree bit for bit;
 * calls after a cutoff never change a row's values; and a brute-force loop over every call
 * agrees with the sorted, binary-searched offline path.
 */
class AggregateProperties {

  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  record Call(String key, int slot, double minutes, String kind) {}

  record Parent(String key, int slot) {}

  /**
   * One generated case.
   *
   * @param lookBackHours the look-back in hours, 0 for none
   */
  record Case(List<Call> calls, List<Parent> parents, boolean inclusive, int lookBackHours) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Double> minutes = Arbitraries.oneOf(
            Arbitraries.integers().between(0, 5).map(i -> (double) i), Arbitraries.doubles().between(0, 100))
        .injectNull(0.15).map(d -> d == null ? Double.NaN : d);
    Arbitrary<Call> call = Combinators.combine(
        Arbitraries.of("k0", "k1", "k2", "k3"), Arbitraries.integers().between(0, 80), minutes,
        Arbitraries.of("a", "b", "c", "d").injectNull(0.15)).as(Call::new);
    Arbitrary<Parent> parent = Combinators.combine(Arbitraries.of("k0", "k1", "k2", "k3", "k4"), Arbitraries.integers().between(0, 84))
        .as(Parent::new);
    return Combinators.combine(call.list().ofMaxSize(60), parent.list().ofMinSize(1).ofMaxSize(15), Arbitraries.of(true, false),
        Arbitraries.of(0, 0, 6, 24, 72, 200)).as(Case::new);
  }

  private static Table calls(List<Call> calls) {
    return Table.builder()
        .categorical("Customer", calls.stream().map(Call::key).toArray(String[]::new))
        .timestamp("At", calls.stream().map(c -> time(c.slot())).toArray(Instant[]::new))
        .numeric("Minutes", calls.stream().mapToDouble(Call::minutes).toArray())
        .categorical("Kind", calls.stream().map(Call::kind).toArray(String[]::new))
        .build();
  }

  private static Table parents(List<Parent> parents) {
    return Table.builder()
        .categorical("Customer", parents.stream().map(Parent::key).toArray(String[]::new))
        .timestamp("Snapshot", parents.stream().map(p -> time(p.slot())).toArray(Instant[]::new))
        .categorical("y", parents.stream().map(p -> p.slot() % 2 == 0 ? "yes" : "no").toArray(String[]::new))
        .build();
  }

  private static Instant time(int slot) {
    return START.plus(Duration.ofHours(6L * slot));
  }

  private static Aggregate step(Table calls, Case c) {
    Aggregate step = Features.aggregate("calls", calls).on("Customer").timedBy("At").asOf("Snapshot")
        .count().sum("Minutes").mean("Minutes").std("Minutes").min("Minutes").max("Minutes")
        .distinctCount("Kind", "Minutes").mode("Kind", "Minutes").latest("Kind", "Minutes").timeSinceLatest(Duration.ofHours(1));
    step = c.inclusive() ? step.inclusive() : step;
    return c.lookBackHours() > 0 ? step.lookBack(Duration.ofHours(c.lookBackHours())) : step;
  }

  private static List<String> outputs(Table out, Table parents) {
    return out.columnNames().subList(parents.columnNames().size(), out.columnNames().size());
  }

  @Property(tries = 300)
  void offlineHistoryAndRowKernel_agreeBitForBit(@ForAll("cases") Case c) throws ReflectiveOperationException {
    Table calls = calls(c.calls());
    Table parents = parents(c.parents());
    EventTransform t = AggregateFixtures.fit(step(calls, c), parents);
    History history = AggregateFixtures.historyOf(t, calls, "At");

    Table offline = t.apply(parents);
    Fixtures.assertSameTable(offline, t.apply(parents, history));
    List<String> outputs = outputs(offline, parents);
    AggregateFixtures.Kernel kernel = new AggregateFixtures.Kernel(t, parents.select("Customer", "Snapshot").schema(), outputs);
    for (int r = 0; r < parents.rowCount(); r++) {
      Object[] row = kernel.run(parents, r, history);
      for (int s = 0; s < outputs.size(); s++) {
        Object expected = offline.value(outputs.get(s), r);
        if (expected == null && offline.type(outputs.get(s)) == ColumnType.NUMERIC) {
          expected = Double.NaN;
        }
        assertEquals(expected, row[s], outputs.get(s) + " of row " + r); // Double.equals compares bits
      }
    }
  }

  @Property(tries = 300)
  void callsAfterACutoff_neverChangeThatRowsValues(@ForAll("cases") Case c) {
    int cut = c.parents().get(0).slot();
    List<Call> past = c.calls().stream().filter(call -> call.slot() <= cut).toList();
    Table parents = parents(c.parents());
    List<Integer> early = new ArrayList<>();
    for (int r = 0; r < parents.rowCount(); r++) {
      if (c.parents().get(r).slot() <= cut) {
        early.add(r);
      }
    }
    int[] rows = early.stream().mapToInt(Integer::intValue).toArray();

    Table withPast = AggregateFixtures.fit(step(calls(past), c), parents).apply(parents).rows(rows);
    Table withAll = AggregateFixtures.fit(step(calls(c.calls()), c), parents).apply(parents).rows(rows);
    Fixtures.assertSameTable(withPast, withAll);
  }

  @Property(tries = 300)
  void offline_agreesWithABruteForceLoopOverEveryCall(@ForAll("cases") Case c) {
    Table calls = calls(c.calls());
    Table parents = parents(c.parents());
    Table out = AggregateFixtures.fit(step(calls, c), parents).apply(parents);
    String prefix = c.lookBackHours() > 0 ? "calls_" + AggregateDefinition.label(Duration.ofHours(c.lookBackHours())) + "_" : "calls_";

    for (int r = 0; r < parents.rowCount(); r++) {
      Parent p = c.parents().get(r);
      List<Call> window = new ArrayList<>();
      for (Call call : c.calls()) { // every call, in table order
        boolean before = c.inclusive() ? call.slot() <= p.slot() : call.slot() < p.slot();
        boolean recent = c.lookBackHours() == 0 || 6L * call.slot() >= 6L * p.slot() - c.lookBackHours();
        if (call.key().equals(p.key()) && before && recent) {
          window.add(call);
        }
      }
      window.sort(Comparator.comparingInt(Call::slot)); // stable: ties stay in table order
      List<Double> minutes = window.stream().map(Call::minutes).filter(m -> !m.isNaN()).toList();
      List<String> kinds = window.stream().map(Call::kind).filter(k -> k != null).toList();
      String at = " of row " + r + " " + p + " over " + window;

      assertEquals(window.size(), out.numeric(prefix + "count", r), "count" + at);
      close(exactSum(minutes).doubleValue(), out.numeric(prefix + "sum_Minutes", r), "sum" + at);
      close(minutes.isEmpty() ? Double.NaN : exactMean(minutes).doubleValue(), out.numeric(prefix + "mean_Minutes", r), "mean" + at);
      close(exactStd(minutes), out.numeric(prefix + "std_Minutes", r), "std" + at);
      assertEquals(minutes.stream().min(Double::compare).orElse(Double.NaN), out.numeric(prefix + "min_Minutes", r), "min" + at);
      assertEquals(minutes.stream().max(Double::compare).orElse(Double.NaN), out.numeric(prefix + "max_Minutes", r), "max" + at);
      assertEquals(new HashSet<>(kinds).size(), out.numeric(prefix + "distinct_Kind", r), "distinct kinds" + at);
      assertEquals(new HashSet<>(minutes).size(), out.numeric(prefix + "distinct_Minutes", r), "distinct minutes" + at);
      assertEquals(mode(kinds), Optional.ofNullable(out.string(prefix + "mode_Kind", r)), "mode kind" + at);
      assertEquals(mode(minutes).orElse(Double.NaN), out.numeric(prefix + "mode_Minutes", r), "mode minutes" + at);
      assertEquals(kinds.isEmpty() ? null : kinds.get(kinds.size() - 1), out.string(prefix + "latest_Kind", r), "latest kind" + at);
      assertEquals(minutes.isEmpty() ? Double.NaN : minutes.get(minutes.size() - 1), out.numeric(prefix + "latest_Minutes", r),
          "latest minutes" + at);
      assertEquals(window.isEmpty() ? Double.NaN : 6.0 * (p.slot() - window.get(window.size() - 1).slot()),
          out.numeric(prefix + "hours_since_latest", r), "hours since latest" + at);
    }
  }

  /** Within 1e-12 relative (absolute below 1), or both missing. */
  private static void close(double expected, double actual, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(Double.isNaN(actual), what + ": expected missing, got " + actual);
    } else {
      assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), what);
    }
  }

  private static BigDecimal exactSum(List<Double> xs) {
    BigDecimal sum = BigDecimal.ZERO;
    for (double x : xs) {
      sum = sum.add(new BigDecimal(x));
    }
    return sum;
  }

  private static BigDecimal exactMean(List<Double> xs) {
    return exactSum(xs).divide(BigDecimal.valueOf(xs.size()), MathContext.DECIMAL128);
  }

  private static double exactStd(List<Double> xs) {
    if (xs.size() < 2) {
      return Double.NaN;
    }
    BigDecimal mean = exactMean(xs);
    BigDecimal ss = BigDecimal.ZERO;
    for (double x : xs) {
      BigDecimal d = new BigDecimal(x).subtract(mean);
      ss = ss.add(d.multiply(d));
    }
    return Math.sqrt(ss.divide(BigDecimal.valueOf(xs.size() - 1L), MathContext.DECIMAL128).doubleValue());
  }

  /** The most frequent value, the smallest among ties. */
  private static <T extends Comparable<T>> Optional<T> mode(List<T> xs) {
    Map<T, Integer> counts = new TreeMap<>();
    xs.forEach(x -> counts.merge(x, 1, Integer::sum));
    int best = counts.values().stream().max(Integer::compare).orElse(0);
    return counts.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey).findFirst();
  }

  /** Every generated call belongs to a key among four, so the fifth parent key has none. */
  @Property(tries = 50)
  void parentKeyWithoutCalls_countsZero(@ForAll("cases") Case c) {
    Table parents = parents(List.of(new Parent("k4", 40)));
    Table out = AggregateFixtures.fit(step(calls(c.calls()), c), parents).apply(parents);
    Set<String> none = Set.of("count", "sum_Minutes", "distinct_Kind", "distinct_Minutes");
    for (String name : outputs(out, parents)) {
      boolean zero = none.stream().anyMatch(name::endsWith);
      if (zero) {
        assertEquals(0.0, out.numeric(name, 0), name);
      } else {
        assertTrue(out.isMissing(name, 0), name);
      }
    }
  }
}
