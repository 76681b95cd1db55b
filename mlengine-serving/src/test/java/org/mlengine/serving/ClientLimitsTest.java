package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.serving.Admission.Decision;
import org.mlengine.serving.Reputation.Standing;

/** {@link ClientLimits}: the progressive delays, the near-duplicate quota, reputations, pins, eviction and the errors. */
class ClientLimitsTest {
  private static final Predictor CLASSIFIER = Predictor.of(CreditBundles.classifier());
  private static final long MS = 1_000_000;

  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

  private ClientLimits.Builder limits() {
    return ClientLimits.builder().ticker(clock::get);
  }

  private void advance(Duration d) {
    clock.addAndGet(d.toNanos());
  }

  // ---- rate and progressive delays ----

  @Test
  void admit_overTheRate_delaysDoublingPerRequestAhead_thenRefusesWithRetryAfter() {
    ClientLimits l = limits().rate(10, Duration.ofSeconds(1)).burst(1).maxDelay(Duration.ofSeconds(1)).build();
    assertEquals(Admission.ADMITTED, l.admit("acme"));
    Admission b = l.admit("acme");   // waits 100 ms for the next token: 1 request over, 100 ms
    assertEquals(Decision.DELAYED, b.decision());
    assertEquals(Duration.ofMillis(100), b.delay());
    assertEquals(Optional.of("client 'acme' is over its rate of 10 requests per 1000 ms by 1 request; delayed 100 ms"), b.reason());
    Admission c = l.admit("acme");   // waits 200 ms: 2 requests over, 200 ms * 2
    assertEquals(Duration.ofMillis(400), c.delay());
    assertEquals(Optional.of("client 'acme' is over its rate of 10 requests per 1000 ms by 2 requests; delayed 400 ms"), c.reason());
    Admission d = l.admit("acme");   // its token comes after c's delay: 500 ms, 5 over, 500 ms * 16 > 1 s
    assertTrue(d.refused());
    assertEquals(Optional.of("client 'acme' is over its rate of 10 requests per 1000 ms by 5 requests: the delay would be longer"
        + " than maxDelay (1000 ms)"), d.reason());
    assertEquals(Optional.of(Duration.ofMillis(500)), d.retryAfter());
    advance(Duration.ofMillis(500));
    assertEquals(Admission.ADMITTED, l.admit("acme"));
    assertEquals(Admission.ADMITTED, l.admit("another client"), "each client has its own bucket");
  }

  @Test
  void admit_clientThatWaitsAsTold_isServedAtItsRateAndNeverRefused() {
    ClientLimits l = limits().rate(10, Duration.ofSeconds(1)).burst(5).build();
    int admittedAtOnce = 0;
    for (int i = 0; i < 100; i++) {
      Admission a = l.admit("patient");
      assertFalse(a.refused(), a::toString);
      if (a.delayed()) {
        assertEquals(Duration.ofMillis(100), a.delay(), "a client one request over waits one token's time");
      } else {
        admittedAtOnce++;
      }
      advance(a.delay());
    }
    assertEquals(5, admittedAtOnce, "the burst, then one request per 100 ms");
    Reputation r = l.reputation("patient");
    assertEquals(100, r.requests());
    assertEquals(95, r.delayed());
  }

  @Test
  void admit_maxDelayZero_refusesEveryRequestOverTheRate() {
    ClientLimits l = limits().rate(2, Duration.ofSeconds(1)).maxDelay(Duration.ZERO).build();
    assertEquals(Admission.ADMITTED, l.admit("acme"));
    assertEquals(Admission.ADMITTED, l.admit("acme"));
    Admission third = l.admit("acme");
    assertEquals("Admission[REFUSED: client 'acme' is over its rate of 2 requests per 1000 ms by 1 request: the delay would be"
        + " longer than maxDelay (0 ms); retry after 500 ms]", third.toString());
    var e = assertThrows(IllegalStateException.class, third::awaitDelay);
    assertEquals("the request was refused (client 'acme' is over its rate of 2 requests per 1000 ms by 1 request: the delay"
        + " would be longer than maxDelay (0 ms)), so there is no delay to wait for; check refused() first and answer the"
        + " client with reason() and retryAfter()", e.getMessage());
  }

  @Test
  void awaitDelay_admittedAtOnce_returnsAtOnce() throws InterruptedException {
    Admission.ADMITTED.awaitDelay();
    assertEquals(Duration.ZERO, Admission.ADMITTED.delay());
    assertEquals(Optional.empty(), Admission.ADMITTED.reason());
  }

  // ---- near-duplicate queries ----

  private static Map<String, Object> applicant(int row) {
    return CreditBundles.request(row, "Status");
  }

  private static double sd(String column) {
    return ((ColumnProfile.Numeric) CLASSIFIER.bundle().profile().orElseThrow().column(column).orElseThrow()).sd();
  }

  @Test
  void nearDuplicates_extractionClientPerturbingOnePoint_isFlagged_normalClientIsNot() {
    ClientLimits l = limits().nearDuplicateQuota(CLASSIFIER, 50, Duration.ofHours(1)).build();
    Random random = new Random(42);
    int firstRefused = -1;
    Map<String, Object> point = applicant(7);
    for (int i = 0; i < 200; i++) {
      Map<String, Object> probe = new HashMap<>(point);
      for (String column : CreditBundles.NUMERIC_INPUTS_OF_AMOUNT) {
        if (probe.get(column) instanceof Number x && random.nextBoolean()) {
          probe.put(column, x.doubleValue() + random.nextGaussian() * 0.02 * sd(column));
        }
      }
      Admission a = l.admit("extractor", probe);
      if (a.refused() && firstRefused < 0) {
        firstRefused = i;
        assertEquals(Optional.of("client 'extractor' sent 51 distinct near-duplicate queries in its window of 3600000 ms, over its"
            + " quota of 50 (the pattern of model extraction)"), a.reason());
        assertEquals(Optional.of(Duration.ofHours(1).minusSeconds(i)), a.retryAfter(), "until the window's end");
      }
      advance(Duration.ofSeconds(1));
    }
    assertTrue(firstRefused > 50 && firstRefused < 60, "refused from the 51st near-duplicate on, at " + firstRefused);
    Reputation extractor = l.reputation("extractor");
    assertEquals(1, extractor.extractionFlags(), "one flag per window");
    assertEquals(200 - firstRefused, extractor.refused());

    for (int i = 0; i < 400; i++) {
      Admission a = l.admit("bank branch", applicant(random.nextInt(4454)));
      assertFalse(a.refused(), () -> "a normal client: " + a);
      advance(Duration.ofSeconds(1));
    }
    assertEquals(0, l.reputation("bank branch").extractionFlags());
    assertEquals(1.0, l.reputation("bank branch").score());
  }

  @Test
  void nearDuplicates_sweepOfOneFeature_isFlaggedWhateverItsStep() {
    ClientLimits l = limits().nearDuplicateQuota(CLASSIFIER, 20, Duration.ofHours(1)).build();
    Map<String, Object> point = applicant(3);
    for (int i = 0; i < 21; i++) {
      point.put("Income", 10.0 * i * sd("Income"));   // ten sds apart: never the same cell, the others fixed
      assertFalse(l.admit("sweeper", point).refused());
    }
    point.put("Income", 300.0 * sd("Income"));
    assertEquals(Optional.of("client 'sweeper' sent 21 distinct near-duplicate queries in its window of 3600000 ms, over its"
        + " quota of 20 (the pattern of model extraction)"), l.admit("sweeper", point).reason());
  }

  @Test
  void nearDuplicates_exactRepeats_neverCount() {
    ClientLimits l = limits().nearDuplicateQuota(CLASSIFIER, 0, Duration.ofHours(1)).build();
    for (int i = 0; i < 1000; i++) {
      assertEquals(Admission.ADMITTED, l.admit("retrier", applicant(5)));
    }
    Map<String, Object> nudged = applicant(5);
    nudged.put("Age", ((Number) nudged.get("Age")).doubleValue() + 0.001);
    assertTrue(l.admit("retrier", nudged).refused(), "the first distinct near-duplicate is over a quota of 0");
  }

  @Test
  void nearDuplicates_overQuota_refusedUntilTheWindowEnds_thenCountedAfresh() {
    ClientLimits l = limits().nearDuplicateQuota(CLASSIFIER, 1, Duration.ofMinutes(10)).build();
    Map<String, Object> point = applicant(9);
    for (int age = 30; age < 32; age++) {
      point.put("Age", age);
      assertEquals(Admission.ADMITTED, l.admit("acme", point));
    }
    point.put("Age", 40);
    assertTrue(l.admit("acme", point).refused());
    advance(Duration.ofMinutes(4));
    Admission later = l.admit("acme", applicant(100));
    assertTrue(later.refused(), "every request is refused while the window lasts");
    assertEquals(Optional.of(Duration.ofMinutes(6)), later.retryAfter());
    assertTrue(l.admit("acme").refused(), "the rate-only form too");
    advance(Duration.ofMinutes(6));
    assertEquals(Admission.ADMITTED, l.admit("acme", point));
    assertEquals(1, l.reputation("acme").extractionFlags());
  }

  @Test
  void nearDuplicates_refusedOverTheQuota_takesNoToken() {
    ClientLimits l = limits().rate(2, Duration.ofHours(1)).maxDelay(Duration.ZERO)
        .nearDuplicateQuota(CLASSIFIER, 0, Duration.ofSeconds(1)).build();
    Map<String, Object> point = applicant(9);
    assertEquals(Admission.ADMITTED, l.admit("acme", point));   // the first of two tokens
    point.put("Age", ((Number) point.get("Age")).doubleValue() + 0.001);
    assertTrue(l.admit("acme", point).refused(), "a near-duplicate over a quota of 0");
    advance(Duration.ofSeconds(1));   // a new window; the bucket refills in half an hour
    Admission next = l.admit("acme", applicant(100));
    assertEquals(Admission.ADMITTED, next, () -> "the refused request took the second token: " + next);
  }

  @Test
  void admit_requestAndItsMap_areTheSameQuery() {
    ClientLimits l = limits().nearDuplicateQuota(CLASSIFIER, 0, Duration.ofHours(1)).build();
    Map<String, Object> applicant = applicant(11);
    assertEquals(Admission.ADMITTED, l.admit("acme", applicant));
    assertEquals(Admission.ADMITTED, l.admit("acme", Request.copyOf(applicant)), "an exact repeat");
    assertEquals("the request is null; pass the request the client sent, or call admit(clientId) to apply the rate alone",
        assertThrows(NullPointerException.class, () -> l.admit("acme", (Request) null)).getMessage());
  }

  @Test
  void nearDuplicateQuota_bundleWithoutProfile_isRefusedSayingWhatToDo() throws IOException {
    Predictor old = Predictor.of(LimitsTest.golden());
    var e = assertThrows(IllegalArgumentException.class,
        () -> ClientLimits.builder().nearDuplicateQuota(old, 50, Duration.ofHours(1)));
    assertEquals("nearDuplicateQuota needs the training medians and sds in the bundle's profile, and bundle"
        + " '4100601ce55f' ('credit-logistic') has no profile (it was written before profiles were recorded); refit the"
        + " pipeline (Pipeline.fit records one) or drop nearDuplicateQuota from these client limits", e.getMessage());
  }

  // ---- reputation and pins ----

  @Test
  void reputation_countsAndScore_recoverWithTheHalfLife() {
    ClientLimits l = limits().rate(1, Duration.ofSeconds(1)).maxDelay(Duration.ZERO).reputationHalfLife(Duration.ofMinutes(30)).build();
    assertEquals(new Reputation("acme", Standing.LIMITED, 1, 0, 0, 0, 0, Optional.empty()), l.reputation("acme"));
    for (int i = 0; i < 11; i++) {
      l.admit("acme");
    }
    advance(Duration.ofSeconds(5));
    Reputation r = l.reputation("acme");
    assertEquals(11, r.requests());
    assertEquals(10, r.refused());
    assertEquals(Optional.of(Duration.ofSeconds(5)), r.sinceLastSeen());
    double penalty = 1.0 * Math.pow(0.5, 5.0 / 1800);   // ten refusals at 0.1 each, five seconds ago
    assertEquals(1 / (1 + penalty), r.score(), 1e-12);
    advance(Duration.ofMinutes(30).minusSeconds(5));
    assertEquals(1 / (1 + 0.5), l.reputation("acme").score(), 1e-12);
  }

  @Test
  void pins_blockedRefusedWithoutRetry_allowedAlwaysAdmitted_unpinRestoresTheLimits() {
    ClientLimits l = limits().rate(1, Duration.ofHours(1)).maxDelay(Duration.ZERO).build();
    l.block("mallory");
    Admission a = l.admit("mallory");
    assertEquals(Optional.of("client 'mallory' is blocked by the application; unpin(\"mallory\") admits it again"), a.reason());
    assertEquals(Optional.empty(), a.retryAfter());
    assertEquals(Standing.BLOCKED, l.reputation("mallory").standing());
    l.allow("partner");
    assertEquals(Standing.ALLOWED, l.reputation("partner").standing());
    for (int i = 0; i < 10; i++) {
      assertEquals(Admission.ADMITTED, l.admit("partner"));
    }
    assertEquals(10, l.reputation("partner").requests());
    l.unpin("mallory");
    l.unpin("partner");
    assertEquals(Admission.ADMITTED, l.admit("mallory"));
    assertEquals(Admission.ADMITTED, l.admit("partner"), "allowed requests take no tokens");
    assertTrue(l.admit("partner").refused());
  }

  // ---- memory ----

  @Test
  void maxClients_manyClients_forgetsTheIdlestAndKeepsTheRecent() {
    ClientLimits l = limits().rate(1, Duration.ofSeconds(1)).nearDuplicateQuota(CLASSIFIER, 5, Duration.ofHours(1)).maxClients(1000).build();
    Map<String, Object> request = applicant(0);
    for (int i = 0; i < 20_000; i++) {
      l.admit("client-" + i, request);
      l.admit("regular", request);
      assertTrue(l.trackedClients() <= 1000, () -> l.trackedClients() + " clients tracked");
      clock.incrementAndGet();
    }
    assertEquals(20_000, l.reputation("regular").requests(), "a client seen all along is never forgotten");
    assertEquals(1, l.reputation("client-19999").requests());
    assertEquals(0, l.reputation("client-0").requests(), "forgotten");
  }

  @Test
  void maxClients_stateForgottenBeforeItsRequestIsCounted_countsOnTheClientsNewState() {
    ClientLimits l = limits().rate(1, Duration.ofSeconds(1)).maxDelay(Duration.ZERO).maxClients(4).build();
    for (String client : new String[] {"a", "b", "c", "d"}) {
      assertEquals(Admission.ADMITTED, l.admit(client));
    }
    // The clock stands still: every client is as idle as the others, and the eviction the fifth
    // client starts forgets them all, its own new state too, before its request is counted.
    assertEquals(Admission.ADMITTED, l.admit("e"));
    assertTrue(l.trackedClients() <= 4, () -> l.trackedClients() + " clients tracked");
    assertEquals(1, l.reputation("e").requests(), "the request was counted on a state the limits no longer hold");
    assertEquals(Decision.REFUSED, l.admit("e").decision(), "its bucket is the one its first request emptied");
  }

  // ---- errors ----

  @Test
  void admit_nullOrBlankClient_isRefusedSayingWhatToPass() {
    ClientLimits l = limits().rate(1, Duration.ofSeconds(1)).build();
    assertEquals("the client id is null; pass the id the application knows the client by (an API key, an account id), e.g."
        + " admit(\"acme\", request)", assertThrows(IllegalArgumentException.class, () -> l.admit(null, Map.of())).getMessage());
    assertEquals("the client id is blank (\" \"); pass the id the application knows the client by (an API key, an account id),"
        + " e.g. admit(\"acme\", request)", assertThrows(IllegalArgumentException.class, () -> l.admit(" ")).getMessage());
    assertEquals("the request is null; pass the map of inputs the client sent, or call admit(clientId) to apply the rate alone",
        assertThrows(NullPointerException.class, () -> l.admit("acme", (Map<String, ?>) null)).getMessage());
  }

  @Test
  void builder_badArguments_sayWhatToGive() {
    ClientLimits.Builder b = ClientLimits.builder();
    assertEquals("rate(0, PT1S) is not a number of requests of at least 1 per a positive duration; give how many requests a"
        + " client may make per period, e.g. rate(20, Duration.ofSeconds(1))",
        assertThrows(IllegalArgumentException.class, () -> b.rate(0, Duration.ofSeconds(1))).getMessage());
    assertEquals("burst(0) is below 1; give how many requests a client may make at once, e.g. burst(40)",
        assertThrows(IllegalArgumentException.class, () -> b.burst(0)).getMessage());
    assertEquals("maxDelay(PT-1S) is not a duration of zero or more; give the longest delay before a request over the rate is"
        + " refused, e.g. maxDelay(Duration.ofSeconds(2)), or Duration.ZERO never to delay",
        assertThrows(IllegalArgumentException.class, () -> b.maxDelay(Duration.ofSeconds(-1))).getMessage());
    assertEquals("nearDuplicateQuota(model, -1, PT1H) needs the model whose training profile cuts the inputs into cells, a"
        + " quota of 0 or more and a positive window; e.g. nearDuplicateQuota(predictor, 50, Duration.ofHours(1))",
        assertThrows(IllegalArgumentException.class, () -> b.nearDuplicateQuota(CLASSIFIER, -1, Duration.ofHours(1))).getMessage());
    assertEquals("nearDuplicateResolution(NaN) is not a positive finite number of training standard deviations; give the width"
        + " of a cell, e.g. nearDuplicateResolution(0.25)",
        assertThrows(IllegalArgumentException.class, () -> b.nearDuplicateResolution(Double.NaN)).getMessage());
    assertEquals("maxClients(3) is below 4; give how many clients to track at once, e.g. maxClients(100_000)",
        assertThrows(IllegalArgumentException.class, () -> b.maxClients(3)).getMessage());
    assertEquals("reputationHalfLife(PT0S) is not a positive duration; give how long a penalty takes to halve, e.g."
        + " reputationHalfLife(Duration.ofHours(1))",
        assertThrows(IllegalArgumentException.class, () -> b.reputationHalfLife(Duration.ZERO)).getMessage());
    assertEquals("the ticker is null; give a source of nanoseconds, e.g. ticker(System::nanoTime)",
        assertThrows(IllegalArgumentException.class, () -> b.ticker(null)).getMessage());
  }

  @Test
  void build_settingsThatNeedAnother_areAllNamedAtOnce() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> ClientLimits.builder().burst(5).maxDelay(Duration.ofSeconds(2)).nearDuplicateResolution(0.5).build());
    assertEquals("the client limits cannot be built: burst(5) needs a rate; add rate(requests, per); maxDelay(PT2S) needs a"
        + " rate; add rate(requests, per); nearDuplicateResolution(0.5) needs a near-duplicate quota; add"
        + " nearDuplicateQuota(model, quota, window)", e.getMessage());
  }

  @Test
  void toString_namesTheRules() {
    assertEquals("ClientLimits[rate(20 per 1000 ms), burst(40), maxDelay(2000 ms), nearDuplicateQuota(50 per 3600000 ms at 0.25"
        + " sd), maxClients(100000)]", ClientLimits.builder().rate(20, Duration.ofSeconds(1)).burst(40)
        .maxDelay(Duration.ofSeconds(2)).nearDuplicateQuota(CLASSIFIER, 50, Duration.ofHours(1)).build().toString());
  }
}
