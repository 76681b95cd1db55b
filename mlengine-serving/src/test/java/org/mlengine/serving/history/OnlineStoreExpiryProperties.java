package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.mlengine.features.Features;
import org.mlengine.runtime.FeatureValues;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/**
 * Rows materialised as of T into memory, disk and Redis, then read at T + k·ttl/4 (k = 0..5) with
 * no event after T's cutoff: a row reads as present exactly when {@code view.valuesAsOf} at that
 * time is not expired, with the values as of T, and a predictor reading the store predicts, when
 * it is expired, what a predictor with the history predicts. With and without a gap.
 */
class OnlineStoreExpiryProperties {
  private final ModelBundle bundle = ViewBundles.bundle();
  private final FeatureView view = bundle.featureViews().get(0);
  private final FeatureView gapped = Features.featureView("trips_gap").entity("rider").time("at").version(1)
      .gap(Duration.ofHours(5)).ttl(Duration.ofDays(2))
      .add(Features.window("fare").over(Duration.ofDays(7)).gap(Duration.ofHours(5)).mean().max())
      .build();

  @Property(tries = 40)
  void rowsExpire_exactlyWhenTheViewsValuesDo(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int n,
      @ForAll @IntRange(min = 1, max = 6) int riders, @ForAll @IntRange(min = 0, max = 360) int hour,
      @ForAll boolean fromHistory, @ForAll boolean withGap) throws Exception {
    FeatureView v = withGap ? gapped : view;
    Table events = ViewBundles.events(new Random(seed), n, riders);
    Instant asOf = ViewBundles.START.plusMillis(hour * ViewBundles.HOUR);
    long cutoff = asOf.toEpochMilli() - v.gap().toMillis();
    Table known = events.rows(IntStream.range(0, n).filter(r -> events.timestamp("at", r) < cutoff).toArray());
    History history = ViewBundles.history(v, events);
    History knownHistory = ViewBundles.history(v, known);   // no event after the cutoff of T: what the store was given
    List<String> keys = new ArrayList<>();
    for (int r = 0; r <= riders; r++) {
      keys.add("r" + r);
    }
    ManualClock clock = new ManualClock(asOf);
    Path dir = Files.createTempDirectory("online-expiry");
    String namespace = "expiry-" + UUID.randomUUID();
    OnlineStore[] stores = {OnlineStore.builder().clock(clock).inMemory(), OnlineStore.builder().clock(clock).onDisk(dir),
        OnlineStore.builder().clock(clock).redis(RedisServer.shared().uri(), namespace)};
    try {
      for (OnlineStore store : stores) {
        if (fromHistory) {
          store.materialize(v, history, keys, asOf);
        } else {
          store.materialize(v, events, asOf);
        }
      }
      long quarter = v.ttl().orElseThrow().toMillis() / 4;
      for (int k = 0; k <= 5; k++) {
        Instant at = asOf.plusMillis(k * quarter);
        clock.set(at);
        for (OnlineStore store : stores) {
          compare(store, v, history, knownHistory, keys, asOf, at);
        }
      }
    } finally {
      for (OnlineStore s : stores) {
        s.close();
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
      RedisServer.shared().dropNamespace(namespace);
    }
  }

  private void compare(OnlineStore store, FeatureView v, History history, History knownHistory, List<String> keys, Instant asOf,
      Instant at) {
    Predictor served = v == view ? Predictor.of(bundle).withFeatures(store) : null;
    Predictor expected = v == view ? Predictor.of(bundle).withHistory(knownHistory) : null;
    for (String key : keys) {
      FeatureValues later = v.valuesAsOf(knownHistory, key, at);
      var row = store.read(v.name(), key);
      assertEquals(!later.expired(), row.isPresent(), store + " " + key + " at " + at + " (as of " + asOf + ")");
      if (row.isPresent()) {
        FeatureValues then = v.valuesAsOf(history, key, asOf);
        for (Schema.Field f : v.outputs()) {
          assertEquals(Double.doubleToRawLongBits(then.number(f.name())), Double.doubleToRawLongBits(row.get().number(f.name())),
              store + " " + key + " " + f.name());
        }
      } else if (served != null) {
        var request = ViewBundles.request(key, at);
        assertEquals(Double.doubleToRawLongBits(expected.predict(request).value()),
            Double.doubleToRawLongBits(served.predict(request).value()), store + " " + key + " at " + at);
      }
    }
  }
}
