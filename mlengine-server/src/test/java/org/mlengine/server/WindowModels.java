package org.mlengine.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/**
 * A bundle whose steps read past events, fitted once for the server's history tests: daily sales
 * of three stores (a weekly cycle, a level per store, the price, seeded noise), forecast from
 * each store's 14-day mean and spread and its sales one and seven days earlier, by a CART tree.
 * Its one event source is {@code rows} by {@code Store}, ordered by {@code Date}, carrying {@code
 * Sales}; its requests carry {@code Store}, {@code Date} and {@code Price}.
 */
final class WindowModels {
  static final Instant DAY0 = Instant.parse("2024-01-01T00:00:00Z");
  static final int DAYS = 120;
  static final String[] STORES = {"s0", "s1", "s2"};

  private static Table sales;
  private static ModelBundle forecaster;

  private WindowModels() {}

  /** Every store's every day, day by day (stores in order within a day). */
  static synchronized Table sales() {
    if (sales == null) {
      Random random = new Random(20);
      int n = DAYS * STORES.length;
      String[] store = new String[n];
      Instant[] date = new Instant[n];
      double[] price = new double[n];
      double[] sold = new double[n];
      for (int d = 0; d < DAYS; d++) {
        for (int s = 0; s < STORES.length; s++) {
          int r = d * STORES.length + s;
          store[r] = STORES[s];
          date[r] = DAY0.plus(Duration.ofDays(d));
          price[r] = 2 + random.nextInt(4) * 0.5;
          sold[r] = 20 + 10 * s + 6 * Math.sin(2 * Math.PI * d / 7) - 2 * price[r] + random.nextGaussian();
        }
      }
      sales = Table.builder().categorical("Store", store).timestamp("Date", date).numeric("Price", price)
          .numeric("Sales", sold).build();
    }
    return sales;
  }

  /** The forecaster: windows by store, the last quarter of the days held out. */
  static synchronized ModelBundle forecaster() {
    if (forecaster == null) {
      forecaster = Pipeline.builder().target("Sales").split(Split.timeOrdered("Date", 0.75))
          .add(Features.window("Sales").by("Store").orderedBy("Date").over(Duration.ofDays(14)).mean().std())
          .add(Features.window("Sales").by("Store").orderedBy("Date").last(7).lag(1).lag(7))
          .add(Features.impute("Sales_mean_14d", "Sales_std_14d", "Sales_lag1", "Sales_lag7").median())
          .trainer(Trainers.cart().maxDepth(6)).seed(7).build().fit(sales()).bundle();
    }
    return forecaster;
  }

  /** Row {@code r} as an event: {@code {"Store":..,"Date":..,"Sales":..}}. */
  static String event(int r) {
    Table t = sales();
    return "{\"Store\":\"" + t.string("Store", r) + "\",\"Date\":\"" + Instant.ofEpochMilli(t.timestamp("Date", r))
        + "\",\"Sales\":" + t.numeric("Sales", r) + "}";
  }

  /** Rows [from, to) as a JSON array of events. */
  static String events(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int r = from; r < to; r++) {
      out.add(event(r));
    }
    return "[" + String.join(",", out) + "]";
  }

  /** Row {@code r} as a request (no Sales: that is forecast). */
  static String request(int r) {
    Table t = sales();
    return "{\"Store\":\"" + t.string("Store", r) + "\",\"Date\":\"" + Instant.ofEpochMilli(t.timestamp("Date", r))
        + "\",\"Price\":" + t.numeric("Price", r) + "}";
  }
}
