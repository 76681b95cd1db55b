package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mlengine.runtime.ModelBundle;

/**
 * Swaps under load: many threads predict while another swaps the model; no request fails, and
 * every answer comes from a model that was current at some moment between the request's start
 * and its end (checked by bundle id and by the probabilities that bundle gives that request).
 * The default suite runs 16 threads × 20,000 predictions across 20 swaps; the size (16 ×
 * 1,000,000 across 100 swaps) runs with {@code -Dmlengine.deploy.soak=true}.
 */
class HotSwapTest {
  private static final int BUNDLES = 4;

  @Test
  void swap_underLoad_failsNothingAndAnswersFromTheCurrentModel() throws Exception {
    run(16, 20_000, 20);
  }

  @Test
  @EnabledIfSystemProperty(named = "mlengine.deploy.soak", matches = "true")
  void swap_soak_16ThreadsTimesAMillionAcross100Swaps() throws Exception {
    run(16, 1_000_000, 100);
  }

  /** The bundles cycle: generation g serves bundle g mod 4, each in a predictor of its own. */
  private static void run(int threads, int perThread, int swaps) throws Exception {
    ModelBundle[] bundles = new ModelBundle[BUNDLES];
    for (int b = 0; b < BUNDLES; b++) {
      bundles[b] = DeployFixtures.binary(11 + b);
    }
    List<Map<String, Object>> requests = new ArrayList<>();
    double[][] expected = new double[BUNDLES][64];
    for (int r = 0; r < 64; r++) {
      requests.add(DeployFixtures.request(r / 16.0 - 2, (r % 7) / 3.0 - 1));
      for (int b = 0; b < BUNDLES; b++) {
        expected[b][r] = Predictor.of(bundles[b]).predict(requests.get(r)).probability("yes");
      }
    }
    List<Predictor> served = new ArrayList<>();
    served.add(Predictor.of(bundles[0]));
    Deployment d = Deployment.single(served.get(0));
    Check check = new Check(bundles, expected);
    AtomicLong progress = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int seed = t;
      workers.add(new Thread(() -> check.predictMany(d, requests, perThread, seed, progress), "predict-" + t));
    }
    workers.forEach(Thread::start);
    long total = (long) threads * perThread;
    for (int s = 1; s <= swaps; s++) {
      while (progress.get() < total * s / (swaps + 1) && workers.stream().anyMatch(Thread::isAlive)) {
        Thread.onSpinWait();
      }
      Predictor next = Predictor.of(bundles[s % BUNDLES]);
      served.add(next);
      check.highest = s;
      d.swap(next);
      check.lowest = s;
    }
    for (Thread w : workers) {
      w.join();
    }
    assertEquals(null, check.firstFailure.get());
    assertEquals(0, check.failed.get());
    assertEquals(0, check.wrongModel.get());
    assertEquals(total, check.answered.get());
    assertEquals(swaps, d.stats().swaps());
    assertEquals(total, d.stats().models().get(0).requests());
    for (Predictor old : served.subList(0, served.size() - 1)) {
      assertThrows(IllegalStateException.class, () -> old.predict(requests.get(0)), "a swapped-out predictor was left open");
    }
    d.close();
    assertTrue(d.drained());
  }

  /** What the predicting threads saw. */
  private static final class Check {
    final ModelBundle[] bundles;
    final double[][] expected;
    volatile int lowest;    // set after a swap returns: every request starting later gets this generation or a newer one
    volatile int highest;   // set before a swap starts: no request ending earlier got a newer one
    final AtomicLong answered = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong wrongModel = new AtomicLong();
    final AtomicReference<String> firstFailure = new AtomicReference<>();

    Check(ModelBundle[] bundles, double[][] expected) {
      this.bundles = bundles;
      this.expected = expected;
    }

    void predictMany(Deployment d, List<Map<String, Object>> requests, int n, int seed, AtomicLong progress) {
      for (int i = 0; i < n; i++) {
        int r = (i * 31 + seed) & 63;
        int low = lowest;
        try {
          Prediction p = d.predict(requests.get(r));
          int high = highest;
          if (!fromACurrentModel(p, r, low, high)) {
            wrongModel.incrementAndGet();
            firstFailure.compareAndSet(null, "generations " + low + ".." + high + " but " + p);
          }
          answered.incrementAndGet();
        } catch (RuntimeException e) {
          failed.incrementAndGet();
          firstFailure.compareAndSet(null, e.toString());
        }
        progress.incrementAndGet();
      }
    }

    private boolean fromACurrentModel(Prediction p, int r, int low, int high) {
      for (int g = low; g <= high; g++) {
        int b = g % BUNDLES;
        if (bundles[b].id().equals(p.bundleId()) && expected[b][r] == p.probability("yes")) {
          return true;
        }
      }
      return false;
    }
  }
}
