package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.ModelBundle;

/**
 * A request whose inputs cannot be copied on its thread (a {@code HashMap} another thread changes
 * meanwhile throws {@link ConcurrentModificationException}) fails alone: the monitor and the log
 * count it and go on with the requests after it in the same lane, flush and close return. A
 * request thread stalled in the middle of a copy holds {@link PredictionLog#close()} back for a
 * bounded time only.
 */
class ObserverCopyFailureTest {
  @TempDir
  Path dir;

  private static final ModelBundle BUNDLE = CreditBundles.classifier();

  private static Map<String, Object> good() {
    Map<String, Object> m = new HashMap<>(CreditBundles.credit().row(0).toMap());
    m.remove("Status");
    return m;
  }

  /** A map that throws as a HashMap changed by another thread while it is iterated does. */
  private static Map<String, Object> changing() {
    return new AbstractMap<>() {
      @Override
      public Set<Entry<String, Object>> entrySet() {
        throw new ConcurrentModificationException("changed while copied");
      }

      @Override
      public int size() {
        return 3;
      }
    };
  }

  @Test
  void monitor_aMapThatThrowsWhileCopied_failsAlone_theLaneGoesOn() throws Exception {
    Prediction p = Predictor.of(BUNDLE).predict(good());
    try (Monitor monitor = Monitor.builder(BUNDLE).window(100).build()) {
      assertThrows(ConcurrentModificationException.class, () -> monitor.record(changing(), p, 1000),
          "record tells its caller what reading the map threw");
      assertThrows(ConcurrentModificationException.class, () -> monitor.recordFailure(changing(), 1000));
      for (int i = 0; i < 10; i++) {
        monitor.record(good(), p, 1000);
      }
      assertTrue(monitor.flush(Duration.ofSeconds(30)), "the lane is not held by the places the failed copies claimed");
      assertEquals(10, monitor.processed(), monitor.toString());
      assertEquals(0, monitor.dropped(), monitor.toString());
      assertEquals(2, monitor.errors(), "the failed copies are the monitor's errors");
    }
  }

  @Test
  void monitor_inADeployment_theFailureIsCountedAndNeverReachesTheCaller() throws Exception {
    try (Monitor monitor = Monitor.builder(BUNDLE).window(100).build();
        Deployment d = Deployment.single(Predictor.of(BUNDLE))) {
      d.observe(monitor);
      Map<String, Object> changingOnce = new HashMap<>(good()) {
        private boolean thrown;

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
          if (!thrown && calledBy(MonitorQueue.class)) {
            thrown = true;
            throw new ConcurrentModificationException("changed while the monitor copied it");
          }
          return super.entrySet();
        }
      };
      Prediction answered = d.predict(changingOnce);
      assertTrue(answered.label().isPresent(), "the request is answered whatever its observer threw");
      for (int i = 0; i < 5; i++) {
        d.predict(good());
      }
      assertTrue(monitor.flush(Duration.ofSeconds(30)));
      assertEquals(5, monitor.processed(), monitor.toString());
      assertEquals(1, monitor.errors());
      assertEquals(1, d.observerFailures(), "the deployment counts what its observer threw");
    }
  }

  private static boolean calledBy(Class<?> type) {
    for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
      if (e.getClassName().equals(type.getName())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void log_aMapThatThrowsWhileCopied_isCountedLost_theLaneGoesOn_closeReturns() throws Exception {
    Prediction p = Predictor.of(BUNDLE).predict(good());
    PredictionLog log = PredictionLog.builder(dir).build();
    log.told("r0", null, "m", false, changing(), p, null, 1000);   // never throws
    for (int i = 1; i <= 10; i++) {
      log.told("r" + i, null, "m", false, good(), p, null, 1000);
    }
    Thread closer = new Thread(log::close);
    closer.start();
    closer.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(closer.isAlive(), "close() still waiting after 30 s: " + log);
    assertEquals(10, log.written(), log.toString());
    assertEquals(1, log.lost(), log.toString());
    assertEquals(0, log.dropped(), log.toString());
    String why = log.lastError().orElseThrow().getMessage();
    assertTrue(why.contains("'r0'") && why.contains("ConcurrentModificationException") && why.contains("counted lost"), why);
    try (Stream<LoggedPrediction> records = PredictionLog.read(dir, line -> { throw new AssertionError(line); })) {
      assertEquals(10, records.peek(r -> assertEquals(13, r.inputs().size())).count());
    }
  }

  @Test
  void log_closeGivesUpOnARequestThreadStalledInItsCopy_countingItDropped() throws Exception {
    AtomicLong clock = new AtomicLong();
    PredictionLog log = PredictionLog.builder(dir).clock(clock::get).build();
    Prediction p = Predictor.of(BUNDLE).predict(good());
    CountDownLatch copying = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Map<String, Object> stalling = new HashMap<>(good()) {
      @Override
      public Set<Map.Entry<String, Object>> entrySet() {
        copying.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.entrySet();
      }
    };
    Thread request = new Thread(() -> log.told("stalled", null, "m", false, stalling, p, null, 1000));
    request.start();
    assertTrue(copying.await(30, TimeUnit.SECONDS));
    Thread closer = new Thread(log::close);
    closer.start();
    for (int i = 0; i < 600 && closer.isAlive(); i++) {   // the writer's clock: a second a step
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
      closer.join(50);
    }
    assertFalse(closer.isAlive(), "close() waits for a stalled copy a bounded time: " + log);
    assertEquals(1, log.dropped(), log.toString());
    String why = log.lastError().orElseThrow().getMessage();
    assertTrue(why.contains("1 records were not handed over") && why.contains("close()"), why);
    release.countDown();
    request.join(TimeUnit.SECONDS.toMillis(30));
    assertEquals(1, log.dropped(), "the stalled request, finishing its copy after close, is not counted twice");
    assertEquals(0, log.written() + log.lost());
  }
}
