package org.mlengine.core.tuning;

import org.mlengine.core.Partition;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.PreviousValue;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.IntArray;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.Json;
import org.mlengine.runtime.internal.Targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

public class TunerTest {

  /** Mean squared distance of the predicted class probabilities from the truth; lower is better. */
  public static Metric brier() {
    return new Metric() {
      @Override
      public String name() {
        return "brier";
      }

      @Override
      public boolean supports(Task task) {
        return task == Task.CLASSIFICATION;
      }

      @Override
      public double evaluate(Outcomes o) {
        int[] truth = o.trueClasses();
        double sum = 0;
        for (int c = 0; c < o.classes().size(); c++) {
          double[] p = o.probabilities(c);
          for (int r = 0; r < truth.length; r++) {
            double d = p[r] - (truth[r] == c ? 1 : 0);
            sum += d * d;
          }
        }
        return sum / truth.length;
      }

      @Override
      public boolean greaterIsBetter() {
        return false;
      }
    };
  }

  /** Root mean squared error that records every true and predicted value it is shown. */
  static final class RecordingRmse implements Metric {
    final List<double[]> actual = Collections.synchronizedList(new ArrayList<>());
    final List<double[]> predicted = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String name() {
      return "rmse";
    }

    @Override
    public boolean supports(Task task) {
      return task == Task.REGRESSION;
    }

    @Override
    public double evaluate(Outcomes o) {
      double[] a = o.actualValues();
      double[] p = o.predictedValues();
      actual.add(a);
      predicted.add(p);
      double sum = 0;
      for (int i = 0; i < a.length; i++) {
        sum += (a[i] - p[i]) * (a[i] - p[i]);
      }
      return Math.sqrt(sum / a.length);
    }

    @Override
    public boolean greaterIsBetter() {
      return false;
    }
  }

  private static Function<Tuner.Params, Pipeline> cart(Split split) {
    return p -> Pipeline.builder().target("y").split(split)
        .trainer(Trainers.cart().maxDepth(p.integer("depth")).minChildWeight(p.number("leaf")))
        .bootstrap(0).seed(42).build();
  }

  /** The metric of a pipeline fitted on {@code fit} rows of {@code table} and scored on {@code scored} rows, by hand. */
  private static double handScore(Pipeline pipeline, Table table, Partition fit, int[] scored) {
    FittedPipeline fitted = pipeline.fitOn(table, fit);
    Table heldOut = table.rows(scored);
    Scores scores = fitted.score(heldOut);
    String[] labels = Targets.labels(heldOut, "y");
    int[] truth = new int[labels.length];
    double[][] p = new double[labels.length][];
    for (int r = 0; r < labels.length; r++) {
      truth[r] = scores.classes().indexOf(labels[r]);
      p[r] = scores.probabilities(r);
    }
    return brier().evaluate(Outcomes.classification(scores.classes(), truth, p));
  }

  @Test
  void grid_kFold_picksWhatAHandLoopOverTheSameFoldsPicks() {
    Table table = TestData.binary(300, 7);
    Split split = Split.stratified(0.8);
    TuningResult tuned = Tuner.grid().param("depth", 1, 2, 4, 8).param("leaf", 1.0, 20.0).metric(brier()).folds(4).threads(2).quiet()
        .fit(cart(split), table);

    Partition outer = split.partition(table, "y", 42);
    Table train = table.rows(outer.train().toArray());
    List<Partition> folds = Split.stratifiedKFold(4).partitions(train, "y", 42);
    int best = -1;
    double bestMean = Double.POSITIVE_INFINITY;
    int candidate = 0;
    for (int depth : new int[] {1, 2, 4, 8}) {
      for (double leaf : new double[] {1.0, 20.0}) {
        Pipeline pipeline = cart(split).apply(new Tuner.Params(Map.of("depth", depth, "leaf", leaf)));
        double sum = 0;
        Trial trial = tuned.trials().get(candidate);
        assertEquals(Map.of("depth", depth, "leaf", leaf), trial.params());
        for (int f = 0; f < folds.size(); f++) {
          Partition fold = folds.get(f);
          double score = handScore(pipeline, train, Partition.of(fold.train().toArray(), new int[0]), fold.test().toArray());
          assertEquals(score, trial.scores().get(f), 1e-12, "candidate " + candidate + " fold " + f);
          sum += score;
        }
        double mean = sum / folds.size();
        assertEquals(mean, trial.mean(), 1e-12);
        if (mean < bestMean) {
          bestMean = mean;
          best = candidate;
        }
        candidate++;
      }
    }
    assertEquals(8, tuned.trials().size());
    assertEquals(tuned.trials().get(best).params(), tuned.best().values());
    assertEquals(1, tuned.trials().get(best).rank());
    assertEquals(List.of(8), tuned.candidatesPerRound());
    assertEquals(List.of(240), tuned.rowsPerRound());
    // Ranks are a permutation of 1..8, ordered by mean.
    List<Trial> byRank = new ArrayList<>(tuned.trials());
    byRank.sort((a, b) -> Integer.compare(a.rank(), b.rank()));
    for (int i = 1; i < byRank.size(); i++) {
      assertEquals(i + 1, byRank.get(i).rank());
      assertTrue(byRank.get(i - 1).mean() <= byRank.get(i).mean());
    }
  }

  @Test
  void grid_splitWithValidation_scoresTheValidationPartOnce() {
    Table table = TestData.binary(300, 3);
    Split split = Split.stratified(0.8).validation(0.2);
    TuningResult tuned = Tuner.grid().param("depth", 1, 3).param("leaf", 5.0).metric(brier()).quiet().fit(cart(split), table);

    Partition outer = split.partition(table, "y", 42);
    for (Trial trial : tuned.trials()) {
      Pipeline pipeline = cart(split).apply(new Tuner.Params(trial.params()));
      double hand = handScore(pipeline, table, new Partition(outer.train(), outer.validation(),
          IntArray.of()), outer.validation().toArray());
      assertEquals(List.of(hand), trial.scores());
      assertEquals(0.0, trial.sd());
      assertEquals(outer.train().length() + outer.validation().length(), trial.rows());
    }
  }

  @Test
  void fit_neverScoresOrTrainsOnTheTestPart_andRefitsTheWinnerOnce() {
    Table plain = TestData.regression(200, 5);
    Split split = Split.random(0.75);
    Partition outer = split.partition(plain, "y", 42);
    // Test rows get targets no fit could predict from the training rows: any test row seen in the
    // search shows as a value of 1e6 or more, any test row trained on as a wild prediction.
    double[] y = plain.numericColumn("y");
    Set<Double> testValues = new HashSet<>();
    for (int r : outer.test().toArray()) {
      y[r] = 1e6 + r;
      testValues.add(y[r]);
    }
    Table table = Table.builder().numeric("x1", plain.numericColumn("x1")).numeric("x2", plain.numericColumn("x2"))
        .numeric("y", y).build();
    assertEquals(outer, split.partition(table, "y", 42));
    RecordingRmse search = new RecordingRmse();
    RecordingRmse pipelineMetric = new RecordingRmse();
    Function<Tuner.Params, Pipeline> pipelineOf = p -> Pipeline.builder().target("y").split(split)
        .trainer(Trainers.cart().maxDepth(p.integer("depth"))).metrics(pipelineMetric).bootstrap(0).seed(42).build();

    TuningResult tuned = Tuner.grid().param("depth", 2, 4, 6).metric(search).folds(5).quiet().fit(pipelineOf, table);

    assertEquals(3 * 5, search.actual.size());
    Table train = table.rows(outer.train().toArray());
    List<Partition> folds = Split.kFold(5).partitions(train, "y", 42);
    for (int i = 0; i < search.actual.size(); i++) {
      for (double v : search.actual.get(i)) {
        assertTrue(v < 1e6, "the search scored test row value " + v);
      }
      for (double v : search.predicted.get(i)) {
        assertTrue(Math.abs(v) < 100, "the search trained on a test row: predicted " + v);
      }
      int fold = i % 5;
      assertEquals(folds.get(fold).test().length(), search.actual.get(i).length);
    }
    // The pipeline's own metric runs only in the final fit, on the test rows (model and baselines).
    assertTrue(!pipelineMetric.actual.isEmpty());
    for (double[] seen : pipelineMetric.actual) {
      assertEquals(outer.test().length(), seen.length);
      for (double v : seen) {
        assertTrue(testValues.contains(v));
      }
    }
    PipelineResult again = tuned.bestPipeline().fit(table);
    assertEquals(again.bundle().id(), tuned.result().bundle().id());
    assertEquals(again.metrics(), tuned.result().metrics());
    assertEquals(tuned.bestPipeline().spec(), pipelineOf.apply(tuned.best()).spec());
  }

  @Test
  void fit_sameResultsWithOneThreadAndTwo() {
    Table table = TestData.binary(240, 11);
    Tuner tuner = Tuner.random(6).param("depth", Tuner.integers(1, 8)).param("leaf", Tuner.logUniform(1, 50)).metric(brier())
        .seed(5).quiet();
    TuningResult one = tuner.threads(1).fit(cart(Split.stratified(0.8)), table);
    TuningResult two = tuner.threads(2).fit(cart(Split.stratified(0.8)), table);
    assertEquals(withoutDurations(one), withoutDurations(two));
    assertEquals(one.best(), two.best());
    assertEquals(one.result().bundle().id(), two.result().bundle().id());
  }

  private static List<Map<String, Object>> withoutDurations(TuningResult result) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Trial t : result.trials()) {
      Map<String, Object> m = new java.util.LinkedHashMap<>(t.toMap());
      m.remove("durationMillis");
      out.add(m);
    }
    return out;
  }

  @Test
  void random_sameSeedSameDraws_otherSeedOtherDraws() {
    Table table = TestData.binary(150, 2);
    Tuner tuner = Tuner.random(4).param("depth", Tuner.integers(1, 6)).param("leaf", Tuner.uniform(1, 30)).metric(brier()).quiet();
    List<Map<String, Object>> a = params(tuner.seed(1).fit(cart(Split.stratified(0.8)), table));
    List<Map<String, Object>> b = params(tuner.seed(1).fit(cart(Split.stratified(0.8)), table));
    List<Map<String, Object>> c = params(tuner.seed(2).fit(cart(Split.stratified(0.8)), table));
    assertEquals(a, b);
    assertNotEquals(a, c);
    for (Map<String, Object> p : a) {
      int depth = (Integer) p.get("depth");
      double leaf = (Double) p.get("leaf");
      assertTrue(depth >= 1 && depth <= 6 && leaf >= 1 && leaf < 30, p.toString());
    }
  }

  @Test
  void random_allLists_drawsWithoutRepeats() {
    Table table = TestData.binary(150, 2);
    TuningResult tuned = Tuner.random(6).param("depth", 1, 2, 3).param("leaf", 1.0, 10.0).metric(brier()).seed(3).quiet()
        .fit(cart(Split.stratified(0.8)), table);
    assertEquals(6, new HashSet<>(params(tuned)).size());
  }

  private static List<Map<String, Object>> params(TuningResult result) {
    return result.trials().stream().map(Trial::params).toList();
  }

  // ---- successive halving ----

  /**
   * scikit-learn 1.2.1's HalvingGridSearchCV(DecisionTreeClassifier, factor=3, cv=cv) on two
   * classes, from src/test/resources/reference/halving_schedule.py (n_candidates_, n_resources_):
   * (n_samples, candidates, cv) -> schedule.
   */
  @Test
  void schedule_matchesScikitLearnsHalvingGridSearch() {
    Object[][] cases = {
        {1000, 9, 5, List.of(9, 3, 1), List.of(111, 333, 999)},
        {3563, 9, 5, List.of(9, 3, 1), List.of(395, 1185, 3555)},
        {1000, 27, 5, List.of(27, 9, 3, 1), List.of(37, 111, 333, 999)},
        {500, 20, 3, List.of(20, 7, 3), List.of(55, 165, 495)},
        {3563, 4, 5, List.of(4, 2), List.of(1187, 3561)},
        {60, 9, 5, List.of(9, 3), List.of(20, 60)},
        {1000, 10, 4, List.of(10, 4, 2), List.of(111, 333, 999)},
    };
    for (Object[] c : cases) {
      TrialRunner.Schedule s = TrialRunner.Schedule.halving((Integer) c[1], (Integer) c[0], (Integer) c[2], 2);
      assertEquals(c[3], s.candidates(), "candidates for " + List.of(c));
      assertEquals(c[4], s.rows(), "rows for " + List.of(c));
    }
  }

  @Test
  void halving_followsTheFactor3Schedule_andTheWinnerSurvivesEveryRound() {
    Table table = TestData.binary(1250, 4); // 1000 training rows, as the first scikit-learn case
    TuningResult tuned = Tuner.halving().param("depth", 1, 2, 3).param("leaf", 1.0, 5.0, 40.0).metric(brier()).folds(5).seed(9)
        .quiet().fit(cart(Split.stratified(0.8)), table);
    assertEquals(List.of(9, 3, 1), tuned.candidatesPerRound());
    assertEquals(List.of(111, 333, 999), tuned.rowsPerRound());
    Trial winner = tuned.trials().stream().filter(t -> t.rank() == 1).findFirst().orElseThrow();
    assertEquals(2, winner.round());
    for (int round = 0; round < 3; round++) {
      int r = round;
      List<Trial> inRound = tuned.trials().stream().filter(t -> t.round() == r).toList();
      assertTrue(inRound.stream().anyMatch(t -> t.candidate() == winner.candidate()), "winner missing from round " + r);
      if (round > 0) {
        // The survivors are the best third of the previous round.
        List<Trial> previous = new ArrayList<>(tuned.trials().stream().filter(t -> t.round() == r - 1).toList());
        previous.sort((a, b) -> a.mean() != b.mean() ? Double.compare(a.mean(), b.mean()) : Integer.compare(a.candidate(), b.candidate()));
        Set<Integer> expected = new HashSet<>();
        previous.subList(0, inRound.size()).forEach(t -> expected.add(t.candidate()));
        Set<Integer> actual = new HashSet<>();
        inRound.forEach(t -> actual.add(t.candidate()));
        assertEquals(expected, actual);
      }
    }
    assertEquals(winner.params(), tuned.best().values());
  }

  @Test
  void halving_random_drawsTheCandidatesAndHalvesThem() {
    Table table = TestData.binary(600, 4);
    TuningResult tuned = Tuner.halving(10).param("depth", Tuner.integers(1, 6)).param("leaf", Tuner.uniform(1, 40)).metric(brier())
        .folds(4).seed(2).quiet().fit(cart(Split.stratified(0.8)), table);
    TrialRunner.Schedule expected = TrialRunner.Schedule.halving(10, 480, 4, 2);
    assertEquals(expected.candidates(), tuned.candidatesPerRound());
    assertEquals(expected.rows(), tuned.rowsPerRound());
  }

  @Test
  void toMap_isPlainJsonForReports() throws Exception {
    TuningResult tuned = Tuner.grid().param("depth", 1, 2).param("leaf", 5.0).metric(brier()).folds(3).quiet()
        .fit(cart(Split.stratified(0.8)), TestData.binary(120, 8));
    var json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(tuned.toMap()));
    assertEquals("brier", json.get("metric").asText());
    assertEquals(tuned.best().integer("depth"), json.get("best").get("depth").asInt());
    var first = json.get("trials").get(0);
    Trial trial = tuned.trials().get(0);
    assertEquals(List.of("candidate", "round", "params", "rows", "scores", "mean", "sd", "durationMillis", "rank"),
        com.google.common.collect.ImmutableList.copyOf(first.fieldNames()));
    assertEquals(1, first.get("params").get("depth").asInt());
    assertEquals(3, first.get("scores").size());
    assertEquals(trial.mean(), first.get("mean").asDouble(), 0);
    assertEquals(trial.rank(), first.get("rank").asInt());
    assertEquals(96, first.get("rows").asInt());
  }

  // ---- progress ----

  @Test
  void onProgress_reportsEveryTrialWithBestSoFar() {
    Table table = TestData.binary(200, 1);
    List<TuningProgress> seen = Collections.synchronizedList(new ArrayList<>());
    TuningResult tuned = Tuner.grid().param("depth", 1, 2, 3).param("leaf", 5.0).metric(brier()).threads(2).quiet()
        .onProgress(seen::add).fit(cart(Split.stratified(0.8)), table);
    assertEquals(3, seen.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(i + 1, seen.get(i).done());
      assertEquals(3, seen.get(i).total());
      assertEquals("brier", seen.get(i).metric());
    }
    assertEquals(tuned.trials().stream().mapToDouble(Trial::mean).min().orElseThrow(), seen.get(2).best());
    assertEquals(java.time.Duration.ZERO, seen.get(2).remaining());
    assertTrue(seen.get(2).describe().startsWith("trial 3/3, best brier 0."), seen.get(2).describe());
  }

  @Test
  void progress_notQuiet_logsTheFirstAndLastTrialThroughSystemLoggerAtInfo() {
    // System.Logger's default backend is java.util.logging; the test, not the library, listens there.
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger(Tuner.class.getName());
    List<java.util.logging.LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override public void publish(java.util.logging.LogRecord r) {
        records.add(r);
      }

      @Override public void flush() {}

      @Override public void close() {}
    };
    boolean parents = jul.getUseParentHandlers();
    jul.addHandler(handler);
    jul.setUseParentHandlers(false);
    List<TuningProgress> seen = Collections.synchronizedList(new ArrayList<>());
    try {
      Tuner.grid().param("depth", 1, 2, 3, 4, 5, 6).param("leaf", 5.0).metric(brier()).threads(2).onProgress(seen::add)
          .fit(cart(Split.stratified(0.8)), TestData.binary(200, 1));
    } finally {
      jul.removeHandler(handler);
      jul.setUseParentHandlers(parents);
    }
    List<String> messages = records.stream().map(java.util.logging.LogRecord::getMessage).toList();
    assertTrue(records.stream().allMatch(r -> r.getLevel() == java.util.logging.Level.INFO), messages::toString);
    assertTrue(messages.get(0).startsWith("tuning: trial 1/6, best brier "), messages::toString);
    assertTrue(messages.get(messages.size() - 1).startsWith("tuning: trial 6/6, best brier "), messages::toString);
    if (seen.get(seen.size() - 1).elapsed().compareTo(TrialRunner.LOG_EVERY) < 0) {
      assertEquals(2, messages.size(), () -> "a search shorter than " + TrialRunner.LOG_EVERY + " logs its first and last trial only: "
          + messages);
    }
  }

  @Test
  void describe_saysTrialsBestAndTimeLeft() {
    assertEquals("trial 3/9, best roc_auc 0.8123, about 12 s left",
        new TuningProgress(3, 9, "roc_auc", 0.81234, java.time.Duration.ofSeconds(6), java.time.Duration.ofSeconds(12)).describe());
    assertEquals("trial 0/9, best roc_auc -, about 0 s left",
        new TuningProgress(0, 9, "roc_auc", Double.NaN, java.time.Duration.ZERO, java.time.Duration.ZERO).describe());
  }

  @Test
  void halving_onAValidationPart_usesTwoRowsPerClassAtFirst() {
    Table table = TestData.binary(1000, 6);
    Split split = Split.stratified(0.8).validation(0.2);
    TuningResult tuned = Tuner.halving().param("depth", 1, 2, 3).param("leaf", 1.0, 5.0, 40.0).metric(brier()).quiet()
        .fit(cart(split), table);
    // 800 rows on the training side (600 train + 200 validation), one "fold", two classes:
    // min_resources_ = max(1 * 2 * 2, 800 // 9) = 88. scikit-learn 1.2.1's HalvingGridSearchCV with
    // cv=PredefinedSplit (600 train, 200 test rows), 9 candidates, factor 3 gives n_candidates_
    // [9, 3, 1] and n_resources_ [88, 264, 792].
    assertEquals(List.of(9, 3, 1), tuned.candidatesPerRound());
    assertEquals(List.of(88, 264, 792), tuned.rowsPerRound());
    assertEquals(1, tuned.trials().get(0).scores().size());
  }

  // ---- errors ----

  @Test
  void halving_tooFewRowsForTheFirstRound_saysWhatToChange() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tuner.halving().param("depth", 1, 2, 3).param("leaf", 5.0)
        .metric(brier()).quiet().fit(cart(Split.stratified(0.8)), TestData.binary(20, 1)));
    assertEquals("successive halving starts each candidate on 20 rows (2 per fold per class), but the training side has 16;"
        + " give more data, fewer folds, or use Tuner.grid()", e.getMessage());
  }

  @Test
  void fit_noParameters_saysHowToDeclareOne() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Tuner.grid().metric(brier()).fit(cart(Split.stratified(0.8)), TestData.binary(50, 1)));
    assertEquals("Tuner.grid() has no parameters; declare at least one with .param(\"name\", values...)", e.getMessage());
  }

  @Test
  void param_emptyList_orDistributionInAGrid_isRefused() {
    var empty = assertThrows(IllegalArgumentException.class, () -> Tuner.grid().param("depth", new int[0]));
    assertEquals("param 'depth' has no values; give at least one", empty.getMessage());
    var distribution = assertThrows(IllegalArgumentException.class, () -> Tuner.grid().param("eta", Tuner.uniform(0.01, 0.3)));
    assertEquals("param 'eta' is uniform(0.01, 0.3), a distribution, but a grid tries listed values only; list the values, or use"
        + " Tuner.random(n)", distribution.getMessage());
    var twice = assertThrows(IllegalArgumentException.class, () -> Tuner.grid().param("depth", 1).param("depth", 2));
    assertEquals("param 'depth' is declared twice; declare each parameter once", twice.getMessage());
  }

  @Test
  void fit_functionReadsAnUndeclaredName_listsTheDeclaredOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tuner.grid().param("depth", 1, 2).metric(brier()).quiet()
        .fit(cart(Split.stratified(0.8)), TestData.binary(50, 1)));
    assertEquals("parameter 'leaf' was not declared; the tuner declares [depth]. Declare it with .param(\"leaf\", ...) or fix the name.",
        e.getMessage());
  }

  @Test
  void fit_pipelineThatDoesNotFitTheTable_isRefusedBeforeAnyTrial() {
    List<TuningProgress> seen = new ArrayList<>();
    Table table = TestData.binary(50, 1).drop("y");
    var e = assertThrows(IllegalArgumentException.class, () -> Tuner.grid().param("depth", 1, 2).param("leaf", 5.0)
        .metric(brier()).quiet().onProgress(seen::add).fit(cart(Split.stratified(0.8)), table));
    assertEquals("the pipeline does not fit this table:\n- target 'y' is not in the table; the table has [x1, x2]. Check the spelling.",
        e.getMessage());
    assertEquals(List.of(), seen);
  }

  @Test
  void fit_metricForAnotherTask_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tuner.grid().param("depth", 1, 2).param("leaf", 5.0)
        .metric(new RecordingRmse()).quiet().fit(cart(Split.stratified(0.8)), TestData.binary(50, 1)));
    assertEquals("metric 'rmse' does not support CLASSIFICATION, the task of target 'y'; choose a classification metric", e.getMessage());
  }

  @Test
  void fit_noMetric_saysWhichToGive() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Tuner.grid().param("depth", 1).fit(cart(Split.stratified(0.8)), TestData.binary(50, 1)));
    assertEquals("no metric to rank candidates by; call .metric(...), e.g. .metric(Metrics.rocAuc())", e.getMessage());
  }

  @Test
  void foldsBelowTwo_trialsBelowOne_threadsBelowOne_areRefused() {
    assertEquals("folds(1): k-fold scoring needs at least 2 folds; use e.g. 5, or give the split a validation part",
        assertThrows(IllegalArgumentException.class, () -> Tuner.grid().folds(1)).getMessage());
    assertEquals("Tuner.random(0): give at least 1 trial, e.g. Tuner.random(20)",
        assertThrows(IllegalArgumentException.class, () -> Tuner.random(0)).getMessage());
    assertEquals("Tuner.halving(0): give at least 1 candidate, e.g. Tuner.halving(27)",
        assertThrows(IllegalArgumentException.class, () -> Tuner.halving(0)).getMessage());
    assertEquals("threads(0): give at least 1 thread",
        assertThrows(IllegalArgumentException.class, () -> Tuner.grid().threads(0)).getMessage());
  }

  @Test
  void fit_candidatesWithDifferentSplits_namesTheDifference() {
    Function<Tuner.Params, Pipeline> pipelineOf = p -> Pipeline.builder().target("y")
        .split(Split.stratified(p.integer("depth") > 1 ? 0.7 : 0.8))
        .trainer(Trainers.cart().maxDepth(p.integer("depth"))).seed(42).build();
    var e = assertThrows(IllegalArgumentException.class,
        () -> Tuner.grid().param("depth", 1, 2).metric(brier()).quiet().fit(pipelineOf, TestData.binary(50, 1)));
    assertEquals("candidate 1 {depth=2} has split {kind=stratified, trainFraction=0.7} but candidate 0 {depth=1} has split"
        + " {kind=stratified, trainFraction=0.8}; every candidate must have the same target, task, split and seed so all are"
        + " scored on the same rows. Let the parameters change only steps and trainer options.", e.getMessage());
  }

  @Test
  void random_moreTrialsThanListedCombinations_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tuner.random(5).param("depth", 1, 2).metric(brier()).quiet()
        .fit(cart(Split.stratified(0.8)), TestData.binary(50, 1)));
    assertEquals("Tuner.random(5) asks for more candidates than the 2 combinations of the listed values; use Tuner.grid() to try"
        + " them all, or ask for fewer", e.getMessage());
  }

  @Test
  void params_readAsTheWrongKind_saysHowToReadThem() {
    Tuner.Params p = new Tuner.Params(Map.of("eta", 0.3, "kind", "gini"));
    assertEquals("parameter 'eta' is 0.3, not a whole number; read it with p.number(\"eta\"), or declare whole numbers"
        + " (Tuner.integers(low, high), or ints in param)", assertThrows(IllegalArgumentException.class, () -> p.integer("eta")).getMessage());
    assertEquals("parameter 'kind' is the text 'gini', not a number; read it with p.value(\"kind\") or p.string(\"kind\")",
        assertThrows(IllegalArgumentException.class, () -> p.number("kind")).getMessage());
  }

  // ---- folds of the outer split's kind ----

  @Test
  void search_groupSplit_innerFoldsKeepEachGroupOnOneSide() {
    Random random = new Random(3);
    int n = 300;
    String[] groups = new String[n];
    for (int r = 0; r < n; r++) {
      groups[r] = "g" + random.nextInt(40);
    }
    Table base = TestData.binary(n, 3);
    Table table = Table.builder().numeric("x1", base.numericColumn("x1")).numeric("x2", base.numericColumn("x2"))
        .categorical("g", groups).categorical("y", Targets.labels(base, "y")).build();
    Pipeline pipeline = cart(Split.group("g", 0.8)).apply(new Tuner.Params(Map.of("depth", 2, "leaf", 5.0)));
    Tuner.Search search = Tuner.Search.of(pipeline, table, 5);
    assertEquals(5, search.units().size());
    for (Tuner.Search.Unit unit : search.units()) {
      Set<Object> fitGroups = new HashSet<>();
      unit.fit().train().forEach(r -> fitGroups.add(unit.table().value("g", r)));
      unit.scored().forEach(r -> assertTrue(!fitGroups.contains(unit.table().value("g", r)), "group on both sides"));
    }
    // and the tuner runs on them
    TuningResult tuned = Tuner.grid().param("depth", 1, 3).param("leaf", 5.0).metric(brier()).quiet()
        .fit(cart(Split.group("g", 0.8)), table);
    assertEquals(5, tuned.trials().get(0).scores().size());
  }

  @Test
  void search_timeSplit_innerTrainingRowsPrecedeTheScoredRows() {
    int n = 200;
    Table base = TestData.binary(n, 5);
    Instant[] t = new Instant[n];
    for (int r = 0; r < n; r++) {
      t[r] = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * ((r * 37) % n));
    }
    Table table = Table.builder().numeric("x1", base.numericColumn("x1")).numeric("x2", base.numericColumn("x2"))
        .timestamp("t", t).categorical("y", Targets.labels(base, "y")).build();
    Pipeline pipeline = cart(Split.timeOrdered("t", 0.8)).apply(new Tuner.Params(Map.of("depth", 2, "leaf", 5.0)));
    Tuner.Search search = Tuner.Search.of(pipeline, table, 4);
    assertEquals(4, search.units().size());
    for (Tuner.Search.Unit unit : search.units()) {
      long lastFit = unit.fit().train().stream().mapToLong(r -> unit.table().timestamp("t", r)).max().orElseThrow();
      long firstScored = unit.scored().stream().mapToLong(r -> unit.table().timestamp("t", r)).min().orElseThrow();
      assertTrue(lastFit < firstScored);
    }
  }

  @Test
  void grid_withAWindowStep_scoresValidationRowsWithTheirWholePast() {
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    int n = 60;
    Instant[] t = new Instant[n];
    double[] y = new double[n];
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < n; i++) {
      t[i] = t0.plus(java.time.Duration.ofDays(i));
      y[i] = i + random.nextGaussian();
    }
    Table table = Table.builder().timestamp("t", t).numeric("y", y).build();
    java.util.function.Function<Tuner.Params, Pipeline> pipelineOf = p -> Pipeline.builder().target("y")
        .split(Split.timeOrdered("t", 0.8).validation(0.2)).add(new PreviousValue("y", "t"))
        .trainer(Trainers.cart().maxDepth(p.integer("depth"))).bootstrap(0).seed(3).build();

    TuningResult tuned = Tuner.grid().param("depth", 2).metric(new RecordingRmse()).quiet().fit(pipelineOf, table);

    // fit() scores the validation part with windows over the whole table; the trial must agree.
    double expected = pipelineOf.apply(new Tuner.Params(java.util.Map.of("depth", 2))).toBuilder().metrics(new RecordingRmse()).build()
        .fit(table).validationMetrics().get("rmse");
    assertEquals(expected, tuned.trials().get(0).mean(), 1e-12);
  }
}
