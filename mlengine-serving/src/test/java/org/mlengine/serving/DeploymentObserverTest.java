package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.serving.DeployFixtures.predictor;
import static org.mlengine.serving.DeployFixtures.request;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;

class DeploymentObserverTest {

  @Test
  void observe_seesEachAnswerWithItsIdModelInputsAndTime() {
    List<Served> seen = new CopyOnWriteArrayList<>();
    try (Deployment d = Deployment.canary(predictor(1), predictor(2), 0.5)) {
      d.observe(seen::add);
      long before = System.currentTimeMillis();
      Prediction p = d.predict("req-1", "customer-9", request(0.5, -1));
      assertEquals(1, seen.size());
      Served s = seen.get(0);
      assertEquals("req-1", s.requestId());
      assertEquals("customer-9", s.key().orElseThrow());
      assertEquals(p.answer().name(), s.model());
      assertFalse(s.shadow());
      assertSame(p, s.prediction().orElseThrow());
      assertTrue(s.failure().isEmpty());
      assertEquals(request(0.5, -1), s.inputs());
      assertTrue(s.latencyNanos() > 0, s.toString());
      assertTrue(s.epochMillis() >= before && s.epochMillis() <= System.currentTimeMillis(), s.toString());
      assertThrows(UnsupportedOperationException.class, () -> s.inputs().clear());
    }
  }

  @Test
  void observe_seesARefusedRequestWithItsError_andTheCallerStillGetsTheError() {
    List<Served> seen = new CopyOnWriteArrayList<>();
    try (Deployment d = Deployment.single(predictor(1))) {
      d.observe(seen::add);
      Map<String, Object> bad = request(0.5, -1);
      bad.put("x1", "not a number");
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> d.predict("req-2", bad));
      assertEquals(1, seen.size());
      assertSame(e, seen.get(0).failure().orElseThrow());
      assertTrue(seen.get(0).prediction().isEmpty());
      assertEquals("champion", seen.get(0).model());
    }
  }

  @Test
  void observe_aThrowingObserver_isCountedAndNeverReachesTheCaller() {
    List<Served> seen = new CopyOnWriteArrayList<>();
    try (Deployment d = Deployment.single(predictor(1))) {
      d.observe(s -> {
        throw new IllegalStateException("broken observer");
      });
      d.observe(seen::add);
      d.predict(request(0.1, 0.2));
      d.predict(request(0.3, 0.4));
      assertEquals(2, seen.size(), "the observer after the broken one still sees every request");
      assertEquals(2, d.observerFailures());
    }
  }

  @Test
  void observe_batchRowsAndShadowAnswers_eachSeenOnce() throws InterruptedException {
    List<Served> seen = new CopyOnWriteArrayList<>();
    try (Deployment d = Deployment.shadow(predictor(1), predictor(2))) {
      d.observe(seen::add);
      Table t = Table.fromRows(List.of(request(0.1, 0.2), request(0.3, 0.4), request(0.5, 0.6)));
      List<Prediction> out = d.predictAll("batch-1", t);
      assertEquals(3, seen.size());
      for (int i = 0; i < 3; i++) {
        assertEquals("batch-1#" + i, seen.get(i).requestId());
        assertSame(out.get(i), seen.get(i).prediction().orElseThrow());
        assertEquals(t.row(i).toMap(), seen.get(i).inputs());
      }
      d.predict("req-3", request(0.7, 0.8));
      DeploymentTest.awaitShadow(d, 1);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (seen.size() < 5 && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      List<Served> shadow = seen.stream().filter(Served::shadow).toList();
      assertEquals(1, shadow.size(), seen.toString());
      assertEquals("req-3", shadow.get(0).requestId());
      assertEquals("shadow", shadow.get(0).model());
      assertEquals(d.stats().models().get(1).bundleId(), shadow.get(0).prediction().orElseThrow().bundleId());
    }
  }

  @Test
  void unobserve_stopsTheCalls() {
    List<Served> seen = new CopyOnWriteArrayList<>();
    ServingObserver o = seen::add;
    try (Deployment d = Deployment.single(predictor(1))) {
      d.observe(o);
      d.predict(request(0.1, 0.2));
      assertTrue(d.unobserve(o));
      assertFalse(d.unobserve(o));
      d.predict(request(0.1, 0.2));
      assertEquals(1, seen.size());
      assertThrows(NullPointerException.class, () -> d.observe(null));
    }
  }
}
