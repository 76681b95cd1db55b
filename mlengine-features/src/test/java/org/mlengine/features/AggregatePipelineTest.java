package org.mlengine.features;

import org.mlengine.runtime.internal.RuntimeAccess;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.spi.RowBuffer;
import org.mlengine.runtime.internal.RowScorer;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Scores;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;

/**
 * An aggregate step inside a churn pipeline: fitted with the calls table in memory, written to a
 * bundle without it, read back, and scored from a History holding the calls, giving the
 * features and scores of the session that fitted it bit for bit, table by table and row by row.
 */
class AggregatePipelineTest {

  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  /**
   * 400 customers, a third of them unhappy (more complaint calls in the 90 days before their
   * snapshot); unhappy customers churn more often, and a churner's cancellation call is stamped
   * at the snapshot instant itself. Every customer also calls after the snapshot.
   */
  private record Churn(Table customers, Table calls) {
    static Churn generate(long seed) {
      Random random = new Random(seed);
      int n = 400;
      List<String> keys = new ArrayList<>();
      List<Instant> snapshots = new ArrayList<>();
      List<Double> tenure = new ArrayList<>();
      List<String> churned = new ArrayList<>();
      List<String> callKey = new ArrayList<>();
      List<Instant> callAt = new ArrayList<>();
      List<Double> minutes = new ArrayList<>();
      List<String> kind = new ArrayList<>();
      for (int c = 0; c < n; c++) {
        String key = String.format("c%03d", c);
        Instant snapshot = START.plus(Duration.ofHours(24L * (120 + random.nextInt(200)) + random.nextInt(24)));
        boolean unhappy = random.nextDouble() < 0.35;
        boolean churn = random.nextDouble() < (unhappy ? 0.7 : 0.15);
        keys.add(key);
        snapshots.add(snapshot);
        tenure.add((double) random.nextInt(60));
        churned.add(churn ? "yes" : "no");
        int complaints = unhappy ? 3 + random.nextInt(5) : random.nextInt(3);
        int others = 1 + random.nextInt(6);
        for (int k = 0; k < complaints + others; k++) {
          boolean complaint = k < complaints;
          long hoursBefore = complaint ? 1 + random.nextInt(24 * 89) : 1 + random.nextInt(24 * 110);
          callKey.add(key);
          callAt.add(snapshot.minus(Duration.ofHours(hoursBefore)));
          minutes.add(random.nextDouble() < 0.05 ? Double.NaN : Math.round((complaint ? 12 : 5) * random.nextDouble() * 100) / 10.0);
          kind.add(complaint ? "complaint" : random.nextBoolean() ? "billing" : "support");
        }
        if (churn) {
          callKey.add(key);
          callAt.add(snapshot);
          minutes.add(3.0);
          kind.add("cancel");
        }
        for (int k = random.nextInt(3); k >= 0; k--) { // the future, which must never count
          callKey.add(key);
          callAt.add(snapshot.plus(Duration.ofHours(1 + random.nextInt(24 * 30))));
          minutes.add(20.0);
          kind.add("cancel");
        }
      }
      Table customers = Table.builder()
          .categorical("Customer", keys.toArray(String[]::new))
          .timestamp("Snapshot", snapshots.toArray(Instant[]::new))
          .numeric("Tenure", tenure.stream().mapToDouble(Double::doubleValue).toArray())
          .categorical("Churned", churned.toArray(String[]::new))
          .build();
      Table calls = Table.builder()
          .categorical("Customer", callKey.toArray(String[]::new))
          .timestamp("At", callAt.toArray(Instant[]::new))
          .numeric("Minutes", minutes.stream().mapToDouble(Double::doubleValue).toArray())
          .categorical("Kind", kind.toArray(String[]::new))
          .build();
      return new Churn(customers, calls);
    }
  }

  private static Pipeline pipeline(Aggregate calls) {
    return Pipeline.builder()
        .target("Churned")
        .split(Split.stratified(0.75))
        .drop("Customer", "Snapshot") // the aggregate reads them; they are no features
        .add(calls)
        .add(Features.impute("calls_90d_mean_Minutes", "calls_90d_std_Minutes", "calls_90d_max_Minutes",
            "calls_90d_days_since_latest").median())
        .add(Features.oneHot("calls_90d_mode_Kind", "calls_90d_latest_Kind"))
        .trainer(Trainers.logisticRegression())
        .seed(7)
        .build();
  }

  private static Aggregate callsStep(Table calls) {
    return Features.aggregate("calls", calls).on("Customer").timedBy("At").asOf("Snapshot")
        .count().mean("Minutes").std("Minutes").max("Minutes").mode("Kind").latest("Kind").timeSinceLatest(Duration.ofDays(1))
        .lookBack(Duration.ofDays(90));
  }

  @Test
  void pipeline_savedAndLoaded_scoresFromAHistoryExactlyAsTrained(@TempDir Path dir) throws IOException {
    Churn data = Churn.generate(20241126);
    PipelineResult result = pipeline(callsStep(data.calls())).fit(data.customers());
    Path file = dir.resolve("churn.mlb");
    result.bundle().save(file);
    FittedPipeline loaded = ModelBundle.load(file).pipeline();

    assertEquals(List.of(new EventSource("calls", Optional.of("Customer"), "At",
        List.of(new Schema.Field("Minutes", org.mlengine.runtime.ColumnType.NUMERIC, List.of()),
            new Schema.Field("Kind", org.mlengine.runtime.ColumnType.CATEGORICAL, List.of())),
        Optional.of(Duration.ofDays(90)), 0)), loaded.eventSources());
    assertEquals(List.of("Customer", "Snapshot", "Tenure"), loaded.inputSchema().names());
    History history = History.inMemory(Retention.unbounded(), loaded.eventSources());
    history.appendAll("calls", data.calls());

    Table requests = data.customers().drop("Churned");
    Fixtures.assertSameTable(result.pipeline().transform(requests), loaded.transform(requests, history));
    Scores offline = result.pipeline().score(requests);
    Scores online = loaded.score(requests, history);
    RowScorer scorer = RuntimeAccess.pipelines().rowScorer(loaded).orElseThrow();
    RowBuffer row = scorer.newBuffer();
    row.setHistory(history);
    for (int r = 0; r < requests.rowCount(); r++) {
      assertArrayEquals(offline.probabilities(r), online.probabilities(r), "row " + r);
      row.setString(scorer.inputSlot(0), requests.string("Customer", r));
      row.setNumber(scorer.inputSlot(1), requests.timestamp("Snapshot", r));
      row.setNumber(scorer.inputSlot(2), requests.numeric("Tenure", r));
      assertArrayEquals(offline.probabilities(r), scorer.score(row), "row kernel, row " + r);
    }

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> loaded.transform(requests));
    assertTrue(e.getMessage().startsWith("aggregate 'calls' was read from a bundle, and a bundle holds no rows of the related"
        + " table 'calls'"), e.getMessage());
  }

  @Test
  void pipeline_inclusiveCutoff_leaksTheCancellationAtTheSnapshot() {
    Churn data = Churn.generate(20241126);
    PipelineResult exclusiveFit = pipeline(callsStep(data.calls())).fit(data.customers());
    PipelineResult inclusiveFit = pipeline(callsStep(data.calls()).inclusive()).fit(data.customers());
    double exclusive = accuracy(exclusiveFit.testOutcomes());
    double inclusive = accuracy(inclusiveFit.testOutcomes());

    // The cancellation call stamped at the snapshot is the label itself: counted, it predicts perfectly.
    assertEquals(1.0, inclusive);
    // Before the snapshot there is only the complaints' signal (unhappy customers churn 70% of the time, others 15%).
    assertTrue(exclusive > 0.65 && exclusive < 0.9, "exclusive accuracy " + exclusive);
    // The audit says so.
    assertEquals(List.of(), exclusiveFit.audit().of(AuditFinding.Kind.INCLUSIVE_CUTOFF));
    List<AuditFinding> inclusiveFindings = inclusiveFit.audit().of(AuditFinding.Kind.INCLUSIVE_CUTOFF);
    assertEquals(1, inclusiveFindings.size(), inclusiveFit.audit().toString());
    assertEquals("step 0 (aggregate) counts events at each row's own cutoff instant, so an event recorded together with the"
        + " label (a cancellation call at the churn snapshot) becomes a feature of its own outcome.", inclusiveFindings.get(0).message());
  }

  private static double accuracy(Outcomes outcomes) {
    int[] truth = outcomes.trueClasses();
    int[] predicted = outcomes.predictedClasses();
    int right = 0;
    for (int i = 0; i < truth.length; i++) {
      right += truth[i] == predicted[i] ? 1 : 0;
    }
    return (double) right / truth.length;
  }
}
