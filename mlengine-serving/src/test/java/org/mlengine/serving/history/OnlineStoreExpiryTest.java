package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/** The review's case: a 2-day time to live, one event at T, materialised at T + 47 h, read at T + 72 h. */
class OnlineStoreExpiryTest {
  private final ModelBundle bundle = ViewBundles.bundle();
  private final FeatureView view = bundle.featureViews().get(0);
  private final Instant t = ViewBundles.START.plus(Duration.ofDays(3));
  private final Table events = Table.builder().categorical("rider", "r1").timestamp("at", t).numeric("fare", 10.0).build();

  @Test
  void rowMaterialisedJustBeforeTheTtl_expiresWithTheLatestEvent_notWithTheMaterialisation() throws Exception {
    History history = ViewBundles.history(view, events);
    ManualClock clock = new ManualClock(t.plus(Duration.ofHours(47)));
    for (boolean fromHistory : new boolean[] {true, false}) {
      try (OnlineStore store = OnlineStore.builder().clock(clock).inMemory()) {
        clock.set(t.plus(Duration.ofHours(47)));
        if (fromHistory) {
          store.materialize(view, history, List.of("r1"), clock.instant());
        } else {
          store.materialize(view, events, clock.instant());
        }
        assertEquals(10.0, store.read("trips", "r1").orElseThrow().number("fare_mean_7d"));
        clock.set(t.plus(Duration.ofDays(2)));
        assertTrue(store.read("trips", "r1").isPresent(), "at T + ttl the event is not older than t - ttl");
        clock.set(t.plus(Duration.ofDays(2)).plusMillis(1));
        assertEquals(Optional.empty(), store.read("trips", "r1"), "the view's values have expired: T < t - ttl");
        clock.set(t.plus(Duration.ofHours(72)));
        assertTrue(view.valuesAsOf(history, "r1", clock.instant()).expired());
        assertEquals(Optional.empty(), store.read("trips", "r1"));
        var request = ViewBundles.request("r1", clock.instant());
        assertEquals(Predictor.of(bundle).withHistory(history).predict(request).value(),
            Predictor.of(bundle).withFeatures(store).predict(request).value(), "the store serves what the history does");
      }
    }
  }
}
