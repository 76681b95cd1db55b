package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;

/** Invariants of slices and fairness over random tables, each fitted with a small tree. */
class SliceProperties {

  /** x drives y; c is categorical with missing values, v numeric with ties and missing values. */
  static Table table(int n, long seed) {
    Random random = new Random(seed);
    double[] x = new double[n];
    String[] y = new String[n];
    String[] c = new String[n];
    double[] v = new double[n];
    String[] levels = {"a", "b", "c", null};
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian();
      y[i] = i < 3 ? "yes" : i < 6 ? "no" : x[i] + random.nextGaussian() > 0 ? "yes" : "no";
      c[i] = levels[random.nextInt(levels.length)];
      v[i] = random.nextInt(10) == 0 ? Double.NaN : random.nextInt(3) == 0 ? 5.0 : Math.round(random.nextGaussian() * 100) / 10.0;
    }
    return Table.builder().numeric("x", x).categorical("y", y).categorical("c", c).numeric("v", v).build();
  }

  static PipelineResult fit(Table table, long seed) {
    return Pipeline.builder().target("y").split(Split.stratified(0.7)).drop("c", "v")
        .trainer(Trainers.cart().maxDepth(2)).bootstrap(0).seed(seed).build().fit(table);
  }

  @Property(tries = 60)
  void slices_ofEveryColumn_partitionTheHeldOutRows(
      @ForAll @IntRange(min = 30, max = 150) int n, @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 6) int bins, @ForAll @IntRange(min = 1, max = 20) int minRows) {
    Table table = table(n, seed);
    PipelineResult result = fit(table, seed);
    SliceReport report = ErrorAnalysis.slices(result, table).bins(bins).minRows(minRows).resamples(100).run();
    int[] test = result.partition().test().toArray();
    assertEquals(List.of("x", "c", "v"), report.columns());
    for (String column : report.columns()) {
      assertEquals(test.length, report.column(column).stream().mapToInt(Slice::rows).sum(), column);
      assertTrue(report.column(column).stream().allMatch(s -> s.rows() > 0), column);
    }
    // A category's slice holds exactly the held-out rows with that value.
    for (Slice s : report.column("c")) {
      String value = s.label().equals("c missing") ? null : s.label().substring(2);
      long expected = Arrays.stream(test).filter(r -> java.util.Objects.equals(table.string("c", r), value)).count();
      assertEquals(expected, s.rows(), s.label());
    }
    // At most `bins` bins plus a missing slice; edges ascend strictly.
    for (String column : List.of("x", "v")) {
      List<Double> edges = report.edges().get(column);
      assertTrue(edges.size() <= bins - 1, edges.toString());
      for (int i = 1; i < edges.size(); i++) {
        assertTrue(edges.get(i) > edges.get(i - 1), edges.toString());
      }
    }
    // Ranked slices come first, most worse than overall first, each with enough rows.
    List<Slice> ranked = report.worst(Integer.MAX_VALUE);
    assertEquals(ranked, report.slices().subList(0, ranked.size()));
    for (int i = 0; i < ranked.size(); i++) {
      assertTrue(ranked.get(i).rows() >= minRows);
      assertTrue(i == 0 || ranked.get(i).worseBy() <= ranked.get(i - 1).worseBy());
    }
  }

  @Property(tries = 60)
  void fairness_differences_areTheSpreadOfTheGroupRates(
      @ForAll @IntRange(min = 30, max = 150) int n, @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll boolean byNumeric, @ForAll boolean yesPositive) {
    Table table = table(n, seed);
    PipelineResult result = fit(table, seed);
    FairnessReport f = Fairness.of(result, table, byNumeric ? "v" : "c").positive(yesPositive ? "yes" : "no")
        .resamples(100).seed(seed).run();
    assertEquals(result.partition().test().length(), f.groups().stream().mapToInt(GroupRates::rows).sum());
    double[] selection = f.groups().stream().mapToDouble(g -> g.selectionRate().value()).toArray();
    double dp = f.demographicParityDifference().value();
    assertTrue(dp >= 0, f.toString());
    assertEquals(Arrays.stream(selection).max().orElseThrow() - Arrays.stream(selection).min().orElseThrow(), dp);
    double[] tpr = f.groups().stream().filter(g -> g.positives() > 0).mapToDouble(g -> g.truePositiveRate().value())
        .toArray();
    if (tpr.length == 0) {
      assertTrue(!f.equalOpportunityDifference().defined(), f.toString());
    } else {
      double eo = f.equalOpportunityDifference().value();
      assertTrue(eo >= 0, f.toString());
      assertEquals(Arrays.stream(tpr).max().orElseThrow() - Arrays.stream(tpr).min().orElseThrow(), eo);
    }
    for (Estimate e : List.of(f.demographicParityDifference(), f.equalOpportunityDifference())) {
      e.interval().ifPresent(i -> assertTrue(i.lower() >= 0 && i.upper() <= 1, i.toString()));
    }
    for (GroupRates g : f.groups()) {
      assertEquals(Bounds.wilson(g.selected(), g.rows(), 0.95), g.selectionRate().interval().orElseThrow());
    }
  }
}
