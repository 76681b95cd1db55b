package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/**
 * A predictor reading its feature view from an online store: the same predictions as from a
 * history at the materialised time, the stated values for a missing or expired entity, and a
 * store holding another version of the view refused naming both.
 */
class OnlineStorePredictorTest {
  private final ModelBundle bundle = ViewBundles.bundle();
  private final FeatureView view = bundle.featureViews().get(0);
  private final Table events = ViewBundles.events(new Random(11), 500, 10);
  private final Instant asOf = ViewBundles.START.plus(Duration.ofDays(9)).plusMillis(1234);
  private final ManualClock clock = new ManualClock(asOf);

  /** A store whose clock reads the materialisation time, so the rows have not expired. */
  private OnlineStore store() {
    return OnlineStore.builder().clock(clock).inMemory();
  }

  @Test
  void withFeatures_materialisedAtT_predictsAsTheHistoryDoesAtT() throws Exception {
    History history = ViewBundles.history(view, events);
    Predictor fromHistory = Predictor.of(bundle).withHistory(history);
    try (OnlineStore store = store()) {
      OnlineStore.Materialization m = store.materialize(view, events, asOf);
      int alive = (int) java.util.stream.IntStream.range(0, 10).filter(r -> !view.valuesAsOf(history, "r" + r, asOf).expired()).count();
      assertEquals(6, alive, "r0, r3, r6 and r9 went quiet after a day: their values have expired");
      assertEquals(new OnlineStore.Materialization("trips", 1, asOf, 10, alive, 10 - alive), m);
      Predictor fromStore = Predictor.of(bundle).withFeatures(store);
      for (int r = 0; r < 10; r++) {
        var request = ViewBundles.request("r" + r, asOf);
        assertEquals(Double.doubleToRawLongBits(fromHistory.predict(request).value()),
            Double.doubleToRawLongBits(fromStore.predict(request).value()), "rider r" + r);
        Table one = Table.builder().categorical("rider", "r" + r).timestamp("at", asOf).build();
        assertEquals(fromHistory.predictAll(one).get(0).value(), fromStore.predictAll(one).get(0).value(), "rider r" + r + ", table path");
      }
      assertEquals(List.of(), fromStore.eventSources(), "the view's values come from the store: no history needed");
      assertEquals(Optional.of(asOf), store.lastMaterialised("trips"));
    }
  }

  @Test
  void withFeatures_entityNeverMaterialised_getsTheValuesOfAnEntityWithoutEvents() throws Exception {
    try (OnlineStore store = store()) {
      store.materialize(view, events, asOf);
      Predictor fromStore = Predictor.of(bundle).withFeatures(store);
      Predictor empty = Predictor.of(bundle).withHistory(ViewBundles.history(view, events.rows(new int[0])));
      var stranger = ViewBundles.request("nobody", asOf);
      assertEquals(empty.predict(stranger).value(), fromStore.predict(stranger).value());
      var values = view.valuesAsOf(ViewBundles.history(view, events.rows(new int[0])), "nobody", asOf);
      assertTrue(values.expired(), "with a time to live, an entity without events has every value missing");
    }
  }

  @Test
  void withFeatures_expiredRow_readsAsAbsent() throws Exception {
    try (OnlineStore store = store()) {
      store.materialize(view, events, asOf);
      Predictor fromStore = Predictor.of(bundle).withFeatures(store);
      Predictor empty = Predictor.of(bundle).withHistory(ViewBundles.history(view, events.rows(new int[0])));
      var request = ViewBundles.request("r1", asOf);
      double fresh = fromStore.predict(request).value();
      clock.advance(Duration.ofDays(2));
      assertEquals(Optional.empty(), store.read("trips", "r1"));
      double expired = fromStore.predict(request).value();
      assertEquals(empty.predict(request).value(), expired, "an expired row is served as an entity without events");
      assertFalse(fresh == expired, "the fresh row's values differ from the empty ones");
    }
  }

  @Test
  void withFeatures_storeHoldingAnotherVersion_isRefusedNamingBoth() throws Exception {
    FeatureView v2 = ViewBundles.trips(2, 14);
    try (OnlineStore store = store()) {
      store.materialize(v2, events, asOf);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Predictor.of(bundle).withFeatures(store));
      assertEquals("the model was trained with view 'trips' version 1 (fingerprint " + view.fingerprint() + "), and the online"
          + " store in memory holds view 'trips' version 2 (fingerprint " + v2.fingerprint() + "); serve this model from a store"
          + " that holds version 1 (materialise it into a new store) or serve the model trained with version 2", e.getMessage());
      IllegalStateException twice = assertThrows(IllegalStateException.class, () -> store.materialize(view, events, asOf));
      assertTrue(twice.getMessage().startsWith("the online store in memory holds view 'trips' version 2"), twice.getMessage());
    }
    try (OnlineStore empty = store()) {
      assertEquals("the model was trained with view 'trips' version 1 (fingerprint " + view.fingerprint() + "), and the online"
          + " store in memory holds no view 'trips' (it holds []); materialise it first: store.materialize(view, events, asOf)",
          assertThrows(IllegalStateException.class, () -> Predictor.of(bundle).withFeatures(empty)).getMessage());
    }
  }

  @Test
  void withFeatures_bundleWithoutViews_isRefused() throws Exception {
    try (OnlineStore store = store()) {
      store.materialize(view, events, asOf);
      Predictor fromStore = Predictor.of(bundle).withFeatures(store);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> fromStore.withFeatures(store));
      assertEquals("bundle " + bundle.id() + " uses no feature view that is not already read from an online store, so an online"
          + " store has nothing to serve it; an online store serves the values of feature views (train with"
          + " Features.view(featureStore, \"name\")), and window steps of a pipeline read a History (predictor.withHistory)",
          e.getMessage());
    }
  }

  @Test
  void materializeIncremental_equalsAFullMaterialisation() throws Exception {
    Instant later = asOf.plus(Duration.ofHours(30));
    FeatureView view = org.mlengine.features.Features.featureView("trips").entity("rider").time("at").ttl(Duration.ofDays(2))
        .add(org.mlengine.features.Features.window("fare").over(Duration.ofDays(3)).mean().max()).build();
    try (OnlineStore incremental = store(); OnlineStore full = store()) {
      OnlineStore.Materialization first = incremental.materializeIncremental(view, events, asOf);
      assertEquals(10, first.entities(), "never materialised: every entity");
      OnlineStore.Materialization second = incremental.materializeIncremental(view, events, later);
      assertEquals(6, second.entities(), "only riders with events within the look-back (3 days) before " + asOf + ": " + second);
      try (OnlineStore withLag = store()) {
        withLag.materializeIncremental(this.view, events, asOf);
        assertEquals(10, withLag.materializeIncremental(this.view, events, later).entities(), "a lag reads the latest event"
            + " however old, so a view with one is materialised whole");
      }
      full.materialize(view, events, later);
      for (int r = 0; r < 10; r++) {
        assertEquals(full.read("trips", "r" + r).map(f -> f.values()), incremental.read("trips", "r" + r).map(f -> f.values()),
            "rider r" + r);
      }
    }
  }
}
