package org.mlengine.serving;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/**
 * The maintenance loop's and the canary watch's world, on the credit data: a concept shift
 * (after it, home owners' outcomes are the other way round), the pipeline spec refitted on
 * either side of it, a judge that compares a shadow with its champion on labelled requests
 * through the deployment's observer hook, a clock the test moves, and a listener that keeps the
 * events.
 */
final class MaintenanceFixtures {
  private static final Map<String, ModelBundle> FITTED = new ConcurrentHashMap<>();

  private MaintenanceFixtures() {}

  /** The credit data after the shift: Status flipped for every row with Home = owner. */
  static Table shifted() {
    Table credit = CreditBundles.credit();
    String[] status = credit.stringColumn("Status").clone();
    for (int r = 0; r < status.length; r++) {
      if ("owner".equals(credit.string("Home", r)) && status[r] != null) {
        status[r] = status[r].equals("good") ? "bad" : "good";
      }
    }
    return credit.withCategorical("Status", status);
  }

  /** Rows [from, to) of a table. */
  static Table rows(Table t, int from, int to) {
    return t.rows(IntStream.range(from, to).toArray());
  }

  /** The training rows of the loop's data source: the first 3000. */
  static Table training(Table t) {
    return rows(t, 0, 3000);
  }

  /** The pipeline spec of {@link CreditBundles#classifier()}, fitted on {@code table} (once per table kind). */
  static ModelBundle fit(String kind, Table table) {
    return FITTED.computeIfAbsent(kind, k -> Pipeline.builder().target("Status").split(Split.stratified(0.8))
        .add(Features.oneHot("Home", "Marital", "Records", "Job"))
        .add(Features.impute(CreditBundles.NUMERIC).median())
        .add(Features.standardize(CreditBundles.NUMERIC))
        .trainer(Trainers.logisticRegression()).seed(42).build().fit(table).bundle());
  }

  /** The same columns, but a category of Home, Marital, Records or Job not seen in training is refused: fitted without Home = other. */
  static ModelBundle refusingUnseenHomes() {
    return FITTED.computeIfAbsent("refusing", k -> {
      Table credit = CreditBundles.credit();
      int[] kept = IntStream.range(0, credit.rowCount()).filter(r -> !"other".equals(credit.string("Home", r))).toArray();
      return Pipeline.builder().target("Status").split(Split.stratified(0.8))
          .add(Features.oneHot("Home", "Marital", "Records", "Job").onUnknown(Features.Unknown.ERROR))
          .add(Features.impute(CreditBundles.NUMERIC).median())
          .add(Features.standardize(CreditBundles.NUMERIC))
          .trainer(Trainers.logisticRegression()).seed(42).build().fit(credit.rows(kept)).bundle();
    });
  }

  /** Serves rows [from, to) of {@code t} as requests {@code prefix-r} (routing key the same), labels them for the judge, counts refusals. */
  static int serve(Deployment d, ShadowJudge judge, Table t, int from, int to, String prefix) {
    int refused = 0;
    for (int r = from; r < to; r++) {
      Map<String, Object> request = new HashMap<>(t.row(r).toMap());
      String label = (String) request.remove("Status");
      String id = prefix + "-" + r;
      if (judge != null && label != null) {
        judge.label(id, label);
      }
      try {
        d.predict(id, id, request);
      } catch (InvalidInputException e) {
        refused++;
      }
    }
    return refused;
  }

  /** Waits until the shadow has scored or dropped every request the champion answered. */
  static void awaitShadow(Deployment d) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      ShadowReport r = d.stats().shadow().orElseThrow();
      long champion = d.stats().models().get(0).requests();
      if (r.scored() + r.dropped() + r.failed() >= champion) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the shadow did not catch up within 20 s: " + d.stats());
  }

  /**
   * A small judge over real labelled requests: pairs each request's champion answer with the
   * shadow's (only the shadow's answers from the candidate's bundle count), and compares their
   * accuracy with an exact McNemar test on the requests where exactly one was right.
   */
  static final class ShadowJudge implements ServingObserver {
    private final Map<String, String> labels = new ConcurrentHashMap<>();
    private final Map<String, Prediction> champion = new ConcurrentHashMap<>();
    private final Map<String, Prediction> shadow = new ConcurrentHashMap<>();

    void label(String requestId, String label) {
      labels.put(requestId, label);
    }

    @Override
    public void served(Served s) {
      s.prediction().ifPresent(p -> (s.shadow() ? shadow : champion).put(s.requestId(), p));
    }

    Comparison compare(ModelVersion candidate) {
      long n = 0;
      long championRight = 0;
      long shadowRight = 0;
      long onlyChampion = 0;
      long onlyShadow = 0;
      for (Map.Entry<String, Prediction> e : shadow.entrySet()) {
        Prediction c = champion.get(e.getKey());
        String truth = labels.get(e.getKey());
        if (!e.getValue().bundleId().equals(candidate.bundleId()) || c == null || truth == null) {
          continue;
        }
        n++;
        boolean cr = truth.equals(c.label().orElseThrow());
        boolean sr = truth.equals(e.getValue().label().orElseThrow());
        championRight += cr ? 1 : 0;
        shadowRight += sr ? 1 : 0;
        onlyChampion += cr && !sr ? 1 : 0;
        onlyShadow += sr && !cr ? 1 : 0;
      }
      return new Comparison("champion", "shadow", "accuracy", true, n, n == 0 ? Double.NaN : (double) championRight / n,
          n == 0 ? Double.NaN : (double) shadowRight / n, "mcnemar_exact", mcnemarExact(onlyChampion, onlyShadow));
    }
  }

  /**
   * The exact two-sided McNemar p-value: twice the binomial(b + c, 1/2) tail at min(b, c), at
   * most 1; 1 without discordant pairs (no evidence of a difference), as Paired's exact form
   * answers on the branch that adds it. Kept here until the loop tests can use Paired's.
   */
  static double mcnemarExact(long b, long c) {
    long n = b + c;
    if (n == 0) {
      return 1;
    }
    long k = Math.min(b, c);
    double logChoose = 0;
    double tail = 0;
    for (long i = 0; i <= k; i++) {
      if (i > 0) {
        logChoose += Math.log(n - i + 1) - Math.log(i);
      }
      tail += Math.exp(logChoose - n * Math.log(2));
    }
    return Math.min(1, 2 * tail);
  }

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;

    ManualClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a test clock in UTC");
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  /** The events a loop or a watch told, in order. */
  static final class Events implements Consumer<MaintenanceEvent> {
    final List<MaintenanceEvent> seen = new CopyOnWriteArrayList<>();

    @Override
    public void accept(MaintenanceEvent e) {
      seen.add(e);
    }

    List<MaintenanceEvent.Step> steps() {
      List<MaintenanceEvent.Step> out = new ArrayList<>();
      seen.forEach(e -> out.add(e.step()));
      return out;
    }

    MaintenanceEvent last() {
      return seen.get(seen.size() - 1);
    }
  }
}
