package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.AliasFollower;
import org.mlengine.serving.Deployment;
import org.mlengine.serving.ModelRegistry;
import org.mlengine.serving.ModelVersion;
import org.mlengine.serving.Predictor;
import org.mlengine.serving.Registration;

/**
 * A deployment whose model reads an online store or a history keeps reading it across a swap:
 * a hot swap, or a follower opening a new version from a registry, serves the replacement from
 * the same store or history, unless the replacement was given its own.
 */
class DeploymentReadingTest {
  private final ModelBundle bundle = ViewBundles.bundle();
  private final FeatureView view = bundle.featureViews().get(0);
  private final Table events = ViewBundles.events(new Random(11), 500, 10);
  private final Instant asOf = ViewBundles.START.plus(Duration.ofDays(9)).plusMillis(1234);

  @TempDir
  Path dir;

  private OnlineStore materialised() {
    OnlineStore store = OnlineStore.builder().clock(new ManualClock(asOf)).inMemory();
    store.materialize(view, events, asOf);
    return store;
  }

  /** The deployment answers every rider as {@code expected} does, bit for bit. */
  private void assertServesAs(Predictor expected, Deployment d, String when) {
    for (int r = 0; r < 10; r++) {
      var request = ViewBundles.request("r" + r, asOf);
      assertEquals(Double.doubleToRawLongBits(expected.predict(request).value()), Double.doubleToRawLongBits(d.predict(request).value()),
          when + ", rider r" + r);
    }
  }

  @Test
  void hotSwap_underAnOnlineStore_servesTheReplacementFromTheStore() throws Exception {
    try (OnlineStore store = materialised(); Deployment d = Deployment.single(Predictor.of(bundle).withFeatures(store))) {
      d.swap(Predictor.of(bundle));   // the same bundle loaded again, as a reload would
      assertServesAs(Predictor.of(bundle).withFeatures(store), d, "after the swap");
      assertEquals(1, d.stats().swaps());
    }
  }

  @Test
  void follower_aNewVersionUnderAnOnlineStore_isServedFromTheStore() throws Exception {
    ModelBundle retrained = ViewBundles.fit(4);
    assertNotEquals(bundle.id(), retrained.id(), "another version of the model");
    try (OnlineStore store = materialised(); ModelRegistry registry = ModelRegistry.inDirectory(dir.resolve("registry"))) {
      ModelVersion v1 = registry.register("fares", bundle, Registration.by("ana", "first"));
      ModelVersion v2 = registry.register("fares", retrained, Registration.by("ana", "retrained"));
      registry.promote("fares", "production", v1.number(), "ana", "go");
      try (Deployment d = Deployment.single(registry.open("fares", "production").withFeatures(store));
          AliasFollower follower = d.follow("champion", registry, "fares", "production", Duration.ofHours(1))) {
        registry.promote("fares", "production", v2.number(), "ana", "better");
        assertEquals(Optional.of(v2), follower.checkNow());
        assertEquals(retrained.id(), d.predict(ViewBundles.request("r1", asOf)).bundleId());
        assertServesAs(Predictor.of(retrained).withFeatures(store), d, "v2 opened by the follower");
      }
    }
  }

  @Test
  void swap_underAHistory_carriesTheHistory_unlessTheReplacementHasItsOwn() throws Exception {
    History history = ViewBundles.history(view, events);
    History empty = ViewBundles.history(view, events.rows(new int[0]));
    try (Deployment d = Deployment.single(Predictor.of(bundle).withHistory(history))) {
      d.swap(Predictor.of(bundle));
      assertServesAs(Predictor.of(bundle).withHistory(history), d, "a replacement without a history");
      d.swap(Predictor.of(bundle).withHistory(empty));
      assertServesAs(Predictor.of(bundle).withHistory(empty), d, "a replacement with a history of its own");
    }
  }
}
