package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.mlengine.runtime.FeatureValues;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/**
 * Random event streams (few riders, many events at equal whole hours, missing fares, riders gone
 * quiet past the time to live) materialised as of a random whole hour T (so events exactly at T
 * occur) into memory, disk and Redis, from the events table and from a History: every stored
 * value equals, bit for bit, {@code view.valuesAsOf(history, key, T)}, and a predictor reading
 * the store predicts, bit for bit, what a predictor with the history predicts for a request at T;
 * again after the disk and Redis stores are opened anew.
 */
class OnlineStoreParityProperties {
  private final ModelBundle bundle = ViewBundles.bundle();
  private final FeatureView view = bundle.featureViews().get(0);

  @Property(tries = 60)
  void storedValues_equalTheHistorysAndPredictionsToo(@ForAll long seed, @ForAll @IntRange(min = 1, max = 150) int n,
      @ForAll @IntRange(min = 1, max = 6) int riders, @ForAll @IntRange(min = 0, max = 360) int hour,
      @ForAll boolean fromHistory) throws Exception {
    Table events = ViewBundles.events(new Random(seed), n, riders);
    Instant asOf = ViewBundles.START.plusMillis(hour * ViewBundles.HOUR);
    History history = ViewBundles.history(view, events);
    Predictor expected = Predictor.of(bundle).withHistory(history);
    List<String> keys = new ArrayList<>();
    for (int r = 0; r <= riders; r++) {
      keys.add("r" + r);   // r<riders> has no events
    }
    ManualClock clock = new ManualClock(asOf);
    Path dir = Files.createTempDirectory("online-property");
    String namespace = "parity-" + UUID.randomUUID();
    OnlineStore[] stores = {OnlineStore.builder().clock(clock).inMemory(),
        OnlineStore.builder().clock(clock).segmentBytes(4096).compactAfterBytes(8192).onDisk(dir),
        OnlineStore.builder().clock(clock).redis(RedisServer.shared().uri(), namespace)};
    try {
      for (OnlineStore store : stores) {
        if (fromHistory) {
          store.materialize(view, history, keys, asOf);
        } else {
          store.materialize(view, events, asOf);
        }
        compare(store, history, expected, keys, asOf);
      }
      stores[1].close();
      stores[2].close();
      stores[1] = OnlineStore.builder().clock(clock).onDisk(dir);
      stores[2] = OnlineStore.builder().clock(clock).redis(RedisServer.shared().uri(), namespace);
      compare(stores[1], history, expected, keys, asOf);
      compare(stores[2], history, expected, keys, asOf);
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
    assertEquals(0, RedisServer.shared().keysUnder(namespace), "each try leaves no keys on the shared Redis");
  }

  private void compare(OnlineStore store, History history, Predictor expected, List<String> keys, Instant asOf) {
    Predictor served = Predictor.of(bundle).withFeatures(store);
    for (String key : keys) {
      FeatureValues want = view.valuesAsOf(history, key, asOf);
      var row = store.read("trips", key);
      if (row.isPresent()) {
        for (Schema.Field f : view.outputs()) {
          assertEquals(Double.doubleToRawLongBits(want.number(f.name())), Double.doubleToRawLongBits(row.get().number(f.name())),
              store + " " + key + " " + f.name());
        }
        assertEquals(asOf, row.get().asOf());
      }
      var request = ViewBundles.request(key, asOf);
      assertEquals(Double.doubleToRawLongBits(expected.predict(request).value()),
          Double.doubleToRawLongBits(served.predict(request).value()), store + " " + key);
    }
  }
}
