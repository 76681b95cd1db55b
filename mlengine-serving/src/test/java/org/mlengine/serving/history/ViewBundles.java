package org.mlengine.serving.history;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.features.FeatureStore;
import org.mlengine.features.Features;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;

/**
 * A feature view of riders' fares (the mean and max of the last {@code days} days and the last
 * fare, expiring after two days) and a model trained with it, fitted once per JVM, for the tests
 * that serve it from an online store.
 *
 * <pre>{@code
 * ModelBundle bundle = ViewBundles.bundle();
 * Table events = ViewBundles.events(new Random(1), 300, 8);
 * }</pre>
 */
final class ViewBundles {
  static final long HOUR = 3_600_000L;
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static ModelBundle bundle;

  private ViewBundles() {}

  static FeatureView trips(int version, int days) {
    return Features.featureView("trips").entity("rider").time("at").version(version).ttl(Duration.ofDays(2))
        .add(Features.window("fare").over(Duration.ofDays(days)).mean().max())
        .add(Features.window("fare").lag(1))
        .build();
  }

  /** Random events of {@code riders} riders over about two weeks, some riders going quiet, times often equal, a fifth of the fares missing. */
  static Table events(Random random, int n, int riders) {
    return events(random, n, riders, true);
  }

  static Table events(Random random, int n, int riders, boolean missing) {
    String[] rider = new String[n];
    Instant[] at = new Instant[n];
    double[] fare = new double[n];
    for (int i = 0; i < n; i++) {
      int r = random.nextInt(riders);
      rider[i] = "r" + r;
      long hours = random.nextInt(r % 3 == 0 ? 24 : 340);   // every third rider stops after a day
      at[i] = START.plusMillis(hours * HOUR);
      fare[i] = missing && random.nextInt(5) == 0 ? Double.NaN : Math.round(random.nextGaussian() * 1000) / 100.0 + 12;
    }
    return Table.builder().categorical("rider", rider).timestamp("at", at).numeric("fare", fare).build();
  }

  /** The model trained with view {@code trips} v1 (7 days), fitted once. */
  static synchronized ModelBundle bundle() {
    if (bundle == null) {
      bundle = fit(3);
    }
    return bundle;
  }

  /** A model trained with view {@code trips} v1 (7 days) with this seed: another version of {@link #bundle()}'s model. */
  static ModelBundle fit(long seed) {
    FeatureStore store = FeatureStore.inMemory();
    store.register(trips(1, 7));
    Table table = sortedByTime(events(new Random(7), 400, 12, false));
    return Pipeline.builder()
        .target("fare")
        .split(Split.timeOrdered("at", 0.75))
        .add(Features.view(store, "trips"))
        .add(Features.impute("fare_mean_7d", "fare_max_7d", "fare_lag1"))
        .trainer(Trainers.linearSgd())
        .seed(seed)
        .build()
        .fit(table)
        .bundle();
  }

  static Table sortedByTime(Table t) {
    Integer[] order = new Integer[t.rowCount()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Long.compare(t.timestamp("at", a), t.timestamp("at", b)));
    return t.rows(java.util.Arrays.stream(order).mapToInt(Integer::intValue).toArray());
  }

  /** A history holding the events under the view's source. */
  static History history(FeatureView view, Table events) {
    History h = History.inMemory(Retention.unbounded(), List.of(view.eventSource()));
    h.appendAll(view.source(), events);
    return h;
  }

  /** A request of a rider at a time. */
  static Map<String, Object> request(String rider, Instant at) {
    Map<String, Object> m = new HashMap<>();
    m.put("rider", rider);
    m.put("at", at);
    return m;
  }
}
