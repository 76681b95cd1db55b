package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.core.spi.FitContext;
import org.mlengine.eval.Metrics;
import org.mlengine.features.FeatureStore;
import org.mlengine.features.Features;
import org.mlengine.features.TrainingSet;
import org.mlengine.runtime.FeatureValues;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * The Chicago ridership windows as one feature view that two models share: its point-in-time
 * training set equals the example's own window steps bit for bit, and a model served from a
 * History, day by day, gives exactly its offline forecasts from exactly the training set's values.
 */
class ChicagoFeatureViewTest {
  private static final List<String> COLUMNS = List.of("ridership_mean_7d", "ridership_std_7d", "ridership_mean_28d",
      "ridership_median_28d", "ridership_mean_91d", "ridership_lag1", "ridership_lag7", "ridership_lag14", "ridership_lag21",
      "ridership_lag28");
  private static Table days;
  private static FeatureStore store;

  @BeforeAll
  static void register() throws IOException {
    days = ChicagoExample.ridershipData();
    store = FeatureStore.inMemory();
    store.register(Features.featureView("ridership_history").source("ridership").time("date")
        .add(Features.window("ridership").over(Duration.ofDays(7)).mean().std())
        .add(Features.window("ridership").over(Duration.ofDays(28)).mean().median())
        .add(Features.window("ridership").over(Duration.ofDays(91)).mean())
        .add(Features.window("ridership").last(28).lag(1).lag(7).lag(14).lag(21).lag(28))
        .build());
  }

  @Test
  void trainingSet_equalsTheExampleWindowStepsBitForBit() {
    TrainingSet training = store.trainingSet(days.select("date", "ridership"), "date", Map.of("ridership", days),
        "ridership_history");
    assertEquals(COLUMNS, training.featureColumns());
    Table bySteps = days;
    FitContext context = FitContext.of(days, "ridership", Split.timeOrdered("date", 0.8), 42);
    bySteps = Features.window("ridership").orderedBy("date").over(Duration.ofDays(7)).mean().std().fit(context).apply(bySteps);
    bySteps = Features.window("ridership").orderedBy("date").over(Duration.ofDays(28)).mean().median().fit(context).apply(bySteps);
    bySteps = Features.window("ridership").orderedBy("date").over(Duration.ofDays(91)).mean().fit(context).apply(bySteps);
    bySteps = Features.window("ridership").orderedBy("date").last(28).lag(1).lag(7).lag(14).lag(21).lag(28).fit(context)
        .apply(bySteps);
    for (String c : COLUMNS) {
      for (int r = 0; r < days.rowCount(); r++) {
        assertEquals(Double.doubleToRawLongBits(bySteps.numeric(c, r)), Double.doubleToRawLongBits(training.table().numeric(c, r)),
            c + " day " + r);
      }
    }
    assertEquals(Map.of("ridership_history", 0), training.expiredRows());
    assertEquals(1, training.missingValues().get("ridership_lag1"));   // the first day has no past
  }

  @Test
  void twoModels_shareTheView_andServeExactlyTheOfflineForecastsFromAHistory(@TempDir Path dir) throws IOException {
    PipelineResult tree = model(Trainers.cart().maxDepth(8));
    PipelineResult linear = model(Trainers.linearSgd());
    assertEquals(tree.bundle().featureViews(), linear.bundle().featureViews());
    assertEquals(List.of(store.view("ridership_history")), tree.bundle().featureViews());
    Path file = dir.resolve("chicago-view.mlb");
    tree.bundle().save(file);
    TrainingSet training = store.trainingSet(days.select("date"), "date", Map.of("ridership", days), "ridership_history");
    int[] test = tree.partition().test().toArray();
    double[] offline = tree.testOutcomes().predictedValues();
    try (Predictor base = Predictor.load(file)) {
      store.requireSameViews(base.bundle());
      FeatureView view = base.featureViews().get(0);
      History history = base.newHistory(Retention.of(Duration.ofDays(91), 28));
      Predictor predictor = base.withHistory(history);
      long firstTest = days.timestamp("date", test[0]);
      for (int r = 0; r < days.rowCount() && days.timestamp("date", r) < firstTest; r++) {
        history.append("ridership", days.row(r));
      }
      for (int i = 0; i < test.length; i++) {
        int r = test[i];
        Map<String, Object> request = days.row(r).toMap();
        request.remove("ridership");
        Prediction p = predictor.predict(request);
        assertEquals(Double.doubleToRawLongBits(offline[i]), Double.doubleToRawLongBits(p.value()), "test day " + i);
        FeatureValues online = view.valuesAsOf(history, null, Instant.ofEpochMilli(days.timestamp("date", r)));
        for (String c : COLUMNS) {
          assertEquals(Double.doubleToRawLongBits(training.table().numeric(c, r)), Double.doubleToRawLongBits(online.number(c)), c);
        }
        history.append("ridership", days.row(r));
      }
    }
    assertTrue(test.length > 100, "the test part has " + test.length + " days");
  }

  private static PipelineResult model(org.mlengine.core.Trainer trainer) {
    return Pipeline.builder()
        .target("ridership")
        .split(Split.timeOrdered("date", 0.8).gap(Duration.ofDays(7)))
        .add(Features.view(store, "ridership_history"))
        .add(Features.calendar(ZoneOffset.UTC, "date").parts(Features.CalendarPart.DAY_OF_WEEK, Features.CalendarPart.DAY_OF_YEAR))
        .add(Features.impute(COLUMNS.toArray(String[]::new)).median())
        .trainer(trainer)
        .metrics(Metrics.rmse())
        .seed(42)
        .build()
        .fit(days);
  }
}
