package org.mlengine.core.tuning;

import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The tuner scores candidates on folds of the outer split's kind, inside its training part, in
 * every successive-halving round: for any table, seed, fold count and share of rows.
 */
class TunerProperties {

  private static Table table(int n, int groups, long seed) {
    Random random = new Random(seed);
    Table base = TestData.binary(n, seed);
    String[] g = new String[n];
    Instant[] t = new Instant[n];
    for (int r = 0; r < n; r++) {
      g[r] = "g" + random.nextInt(groups);
      t[r] = Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofHours(random.nextInt(n))); // ties likely
    }
    return Table.builder().numeric("x1", base.numericColumn("x1")).numeric("x2", base.numericColumn("x2"))
        .categorical("g", g).timestamp("t", t).categorical("y", Targets.labels(base, "y")).build();
  }

  private static Pipeline pipeline(Split split, long seed) {
    return Pipeline.builder().target("y").split(split).drop(split.column().orElse("g").equals("g") ? "t" : "g")
        .trainer(Trainers.cart()).seed(seed).build();
  }

  @Property(tries = 200)
  void groupSplit_noGroupOnBothSidesOfAnyInnerFold(
      @ForAll @IntRange(min = 40, max = 200) int n,
      @ForAll @IntRange(min = 8, max = 40) int groups,
      @ForAll @IntRange(min = 2, max = 6) int folds,
      @ForAll @DoubleRange(min = 0.05, max = 1) double share,
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    Table table = table(n, groups, seed);
    Pipeline pipeline = pipeline(Split.group("g", 0.8), seed);
    Tuner.Search search = Tuner.Search.of(pipeline, table, folds).subsample(share, seed);
    Set<Integer> testRows = new HashSet<>();
    Split.group("g", 0.8).partition(table, "y", seed).test().forEach(testRows::add);
    Set<Object> testGroups = new HashSet<>();
    testRows.forEach(r -> testGroups.add(table.value("g", r)));
    for (Tuner.Search.Unit unit : search.units()) {
      Set<Object> fitGroups = new HashSet<>();
      unit.fit().train().forEach(r -> fitGroups.add(unit.table().value("g", r)));
      unit.scored().forEach(r -> assertTrue(!fitGroups.contains(unit.table().value("g", r))));
      // The folds lie inside the training part: no test group anywhere.
      fitGroups.forEach(g -> assertTrue(!testGroups.contains(g)));
      unit.scored().forEach(r -> assertTrue(!testGroups.contains(unit.table().value("g", r))));
    }
  }

  @Property(tries = 200)
  void timeSplit_innerTrainingRowsPrecedeTheScoredRows(
      @ForAll @IntRange(min = 40, max = 200) int n,
      @ForAll @IntRange(min = 2, max = 6) int folds,
      @ForAll @DoubleRange(min = 0.05, max = 1) double share,
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    Table table = table(n, 10, seed);
    Split split = Split.timeOrdered("t", 0.8);
    Tuner.Search search = Tuner.Search.of(pipeline(split, seed), table, folds).subsample(share, seed);
    long firstTest = split.partition(table, "y", seed).test().stream().mapToLong(r -> table.timestamp("t", r)).min().orElseThrow();
    for (Tuner.Search.Unit unit : search.units()) {
      long lastFit = unit.fit().train().stream().mapToLong(r -> unit.table().timestamp("t", r)).max().orElse(Long.MIN_VALUE);
      unit.scored().forEach(r -> assertTrue(lastFit < unit.table().timestamp("t", r)));
      unit.scored().forEach(r -> assertTrue(unit.table().timestamp("t", r) < firstTest));
    }
  }

  @Property(tries = 50)
  void params_readBackWhatWasDeclared(@ForAll @IntRange(min = -1000, max = 1000) int whole, @ForAll double number) {
    Tuner.Params p = new Tuner.Params(Map.of("w", whole, "x", number, "s", "text"));
    assertEquals(whole, p.integer("w"));
    assertEquals(whole, p.number("w"));
    assertEquals(number, p.number("x"));
    assertEquals("text", p.string("s"));
  }
}
