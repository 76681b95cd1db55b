package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.runtime.Profile;
import org.mlengine.runtime.Table;

/** The window's distribution that the monitoring page draws beside the reference's. */
class MonitorWindowProperties {

  /** A NUMERIC column's window quantiles rise with the level, start at the window's minimum and end at its maximum. */
  @Property(tries = 200)
  void numeric_windowQuantiles_areOrderedFromMinimumToMaximum(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 2000) int size) {
    Random random = new Random(seed);
    double[] reference = new double[500];
    for (int i = 0; i < reference.length; i++) {
      reference[i] = random.nextGaussian();
    }
    Profile p = Profile.of(Table.builder().numeric("x", reference).build());
    ColumnWatch watch = new ColumnWatch.Numeric((ColumnProfile.Numeric) p.column("x").orElseThrow(), Monitor.Statistic.KS);
    ColumnWatch.Pane pane = watch.newPane();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      double v = random.nextGaussian() * 2 + 1;
      min = Math.min(min, v);
      max = Math.max(max, v);
      pane.add(v);
    }
    List<MonitorSnapshot.Quantile> q = watch.measure(List.of(pane)).quantiles();
    assertEquals(List.of(0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0), q.stream().map(MonitorSnapshot.Quantile::level).toList());
    assertEquals(min, q.get(0).window());
    assertEquals(max, q.get(q.size() - 1).window());
    for (int i = 1; i < q.size(); i++) {
      assertTrue(q.get(i).window() >= q.get(i - 1).window(), q::toString);
      assertTrue(q.get(i).reference() >= q.get(i - 1).reference(), q::toString);
    }
  }

  /**
   * A CATEGORICAL column's window shares over the reference's bins sum to 1 and count each value
   * once, the reference's sum to 1, and values outside the reference land in (other) or (unseen).
   */
  @Property(tries = 200)
  void categorical_windowShares_holdEveryValueOnce(@ForAll long seed, @ForAll @IntRange(min = 2, max = 15) int categories,
      @ForAll @IntRange(min = 1, max = 1000) int size) {
    Random random = new Random(seed);
    List<String> reference = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      reference.add("v" + random.nextInt(categories));
    }
    Profile p = Profile.of(Table.builder().categorical("c", reference.toArray(String[]::new)).build());
    ColumnProfile.Categorical profile = (ColumnProfile.Categorical) p.column("c").orElseThrow();
    ColumnWatch watch = new ColumnWatch.Categorical(profile, Monitor.Statistic.PSI);
    ColumnWatch.Pane pane = watch.newPane();
    int outside = 0;
    for (int i = 0; i < size; i++) {
      int v = random.nextInt(categories + 3);   // three values the reference never had
      outside += v >= categories ? 1 : 0;
      pane.add("v" + v);
    }
    List<MonitorSnapshot.Share> shares = watch.measure(List.of(pane)).shares();
    boolean keptAll = profile.topValues().size() >= profile.distinct();
    assertEquals(profile.topValues().size() + 1, shares.size());
    assertEquals(keptAll ? MonitorSnapshot.Share.UNSEEN : MonitorSnapshot.Share.OTHER, shares.get(shares.size() - 1).value());
    assertEquals(1.0, shares.stream().mapToDouble(MonitorSnapshot.Share::window).sum(), 1e-9);
    assertEquals(1.0, shares.stream().mapToDouble(MonitorSnapshot.Share::reference).sum(), 1e-9);
    if (keptAll) {
      assertEquals((double) outside / size, shares.get(shares.size() - 1).window(), 1e-12);
    }
  }
}
