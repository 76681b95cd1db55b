package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;

class FeatureStoreTest {
  private static final long DAY = 86_400_000L;

  static FeatureView salesHistory(int version, int days) {
    return Features.featureView("sales_history").entity("store").time("date").version(version)
        .ttl(Duration.ofDays(5))
        .add(Features.window("sales").over(Duration.ofDays(days)).mean().max())
        .add(Features.window("sales").lag(1))
        .build();
  }

  static Table sales() {
    int n = 60;
    String[] store = new String[n];
    Instant[] date = new Instant[n];
    double[] sales = new double[n];
    for (int i = 0; i < n; i++) {
      store[i] = i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c";
      // store c goes quiet after day 10, so its later rows expire
      date[i] = Instant.ofEpochMilli((i % 3 == 2 && i > 30 ? i - 20 : i) * DAY / 2);
      sales[i] = (i * 37 % 11) + 0.25 * (i % 3);
    }
    return Table.builder().categorical("store", store).timestamp("date", date).numeric("sales", sales).build();
  }

  @Test
  void register_changedDefinitionUnderSameVersion_refusedWithNextVersion() {
    FeatureStore store = FeatureStore.inMemory();
    FeatureView v1 = store.register(salesHistory(1, 7));
    assertEquals(v1, store.register(salesHistory(1, 7)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.register(salesHistory(1, 14)));
    assertEquals("feature view 'sales_history' version 1 is already registered with fingerprint " + v1.fingerprint()
        + ", and this definition's is " + salesHistory(1, 14).fingerprint() + ": a changed definition is a new version. Register"
        + " it as version 2 (.version(2) on the builder, or view.withVersion(2))", e.getMessage());
    store.register(salesHistory(2, 14));
    assertEquals(2, store.view("sales_history").version());
    assertEquals(List.of(1, 2), store.versions("sales_history"));
    assertEquals(v1, store.view("sales_history", 1));
  }

  @Test
  void directory_registeredViewsSurviveReopenAndAreFilesOfTheirVersion(@TempDir Path dir) throws IOException {
    FeatureStore store = FeatureStore.open(dir);
    store.register(salesHistory(1, 7));
    FeatureStore again = FeatureStore.open(dir);
    assertEquals(salesHistory(1, 7), again.view("sales_history"));
    assertEquals(List.of("sales_history"), again.names());
    assertTrue(Files.exists(dir.resolve("sales_history/v1.json")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> again.register(salesHistory(1, 3)));
    assertTrue(e.getMessage().startsWith("feature view 'sales_history' version 1 is already registered"), e.getMessage());
  }

  @Test
  void directory_fileMovedToAnotherVersion_refusedNamingWhereItBelongs(@TempDir Path dir) throws IOException {
    FeatureStore store = FeatureStore.open(dir);
    store.register(salesHistory(1, 7));
    Files.copy(dir.resolve("sales_history/v1.json"), dir.resolve("sales_history/v2.json"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.view("sales_history"));
    assertEquals("feature view file " + dir.resolve("sales_history/v2.json") + " holds 'sales_history' version 1; it belongs at"
        + " sales_history/v1.json. Move it there or correct its name and version", e.getMessage());
  }

  @Test
  void golden_formatOneFile_stillReadsToTheSameDefinition() throws IOException {
    String json;
    try (InputStream in = getClass().getResourceAsStream("/feature-views/sales_history/v1.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    FeatureView golden = FeatureView.fromJson(json);
    assertEquals(salesHistory(1, 7), golden);
    assertEquals(List.of("sales_mean_7d", "sales_max_7d", "sales_lag1"), golden.outputColumns());
  }

  @Test
  void trainingSet_equalsThePipelineStepAndTheHistory_andCountsExpiredRows() {
    FeatureStore store = FeatureStore.inMemory();
    FeatureView view = store.register(salesHistory(1, 7));
    Table events = sales();
    Table labelled = events.select("store", "date").withNumeric("y", events.numericColumn("sales"));
    TrainingSet training = store.trainingSet(labelled, "date", Map.of("sales_history", events), "sales_history");
    Table byStep = Features.view(store, "sales_history").fit(org.mlengine.core.spi.FitContext.of(events, "sales",
        Split.timeOrdered("date", 0.8), 1)).apply(events);
    History history = History.inMemory(Retention.unbounded(), List.of(view.eventSource()));
    history.appendAll("sales_history", events);
    int expired = 0;
    for (int r = 0; r < events.rowCount(); r++) {
      var online = view.valuesAsOf(history, events.string("store", r), Instant.ofEpochMilli(events.timestamp("date", r)));
      expired += online.expired() ? 1 : 0;
      for (String c : view.outputColumns()) {
        long offline = Double.doubleToRawLongBits(training.table().numeric(c, r));
        assertEquals(offline, Double.doubleToRawLongBits(byStep.numeric(c, r)), c + " row " + r);
        assertEquals(offline, Double.doubleToRawLongBits(online.number(c)), c + " row " + r);
      }
    }
    assertTrue(expired > 0, "store c's late rows expire");
    assertEquals(Map.of("sales_history", expired), training.expiredRows());
    assertTrue(training.missingValues().get("sales_lag1") >= expired);
  }

  @Test
  void trainingSet_sourceWithoutEvents_refusedNamingTheSource() {
    FeatureStore store = FeatureStore.inMemory();
    store.register(salesHistory(1, 7));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store.trainingSet(sales(), "date", Map.of("other", sales()), "sales_history", "nope"));
    assertEquals("feature view 'sales_history' reads source 'sales_history', but events has no table for it (it has [other]); add"
        + " Map.entry(\"sales_history\", table)\nno feature view 'nope' in in-memory feature store; registered: [sales_history]."
        + " Register it with store.register(Features.featureView(\"nope\")...build())", e.getMessage());
  }

  @Test
  void twoModels_shareOneView_bundlesRecordItAndRefuseAnotherDefinition(@TempDir Path dir) throws IOException {
    FeatureStore store = FeatureStore.inMemory();
    store.register(salesHistory(1, 7));
    Table table = sales();
    PipelineResult first = fit(Features.view(store, "sales_history"), table, false);
    PipelineResult second = fit(Features.view(store, "sales_history"), table, true);
    Path file = dir.resolve("first.mlb");
    first.bundle().save(file);
    ModelBundle loaded = ModelBundle.load(file);
    assertEquals(List.of(store.view("sales_history")), loaded.featureViews());
    assertEquals(loaded.featureViews(), second.bundle().featureViews());
    store.requireSameViews(loaded);
    FeatureStore other = FeatureStore.inMemory();
    other.register(salesHistory(1, 14));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.requireSameViews(loaded));
    assertEquals("bundle " + loaded.id() + " does not match in-memory feature store:\nfeature view 'sales_history' version 1 has"
        + " fingerprint " + salesHistory(1, 14).fingerprint() + " here but " + salesHistory(1, 7).fingerprint() + " in the model"
        + "\nServe it with the store it was trained with, or retrain it on this store's views", e.getMessage());
  }

  private static PipelineResult fit(ViewStep view, Table table, boolean withStore) {
    return Pipeline.builder()
        .target("sales")
        .split(Split.timeOrdered("date", 0.7))
        .add(view)
        .add(Features.impute("sales_mean_7d", "sales_max_7d", "sales_lag1"))
        .add(withStore ? Features.oneHot("store") : Features.standardize("sales_mean_7d"))
        .trainer(Trainers.linearSgd())
        .seed(5)
        .build()
        .fit(table);
  }
}
