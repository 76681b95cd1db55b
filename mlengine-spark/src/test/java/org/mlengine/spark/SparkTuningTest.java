package org.mlengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.tuning.Trial;
import org.mlengine.core.tuning.TrialFit;
import org.mlengine.core.tuning.Tuner;
import org.mlengine.core.tuning.TuningResult;
import org.mlengine.features.Features;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;

/**
 * {@link MlengineSpark#tune} on {@code local[2]} against {@code Tuner.fit} on the driver, with
 * the same tuner and seed on the shipped credit data: the same winner, every trial's fold scores,
 * means, sds and ranks bit for bit, the same refitted bundle; for grid, random and successive
 * halving. And its errors: a function that cannot be sent, a trial that fails.
 */
class SparkTuningTest {
  private static final String[] NUMERIC = {"Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"};

  private static Table credit;

  @BeforeAll
  static void data() {
    credit = LocalSpark.credit();
  }

  /** The credit pipeline of the quickstart with a CART whose depth and leaf weight, and the encoding's smoothing, are tuned. */
  static Pipeline credit(Tuner.Params p) {
    return Pipeline.builder()
        .target("Status")
        .split(Split.stratified(0.8))
        .add(Features.meanEncoding("Home", "Marital", "Records", "Job").smoothing(p.number("smoothing")))
        .add(Features.impute(NUMERIC).median())
        .trainer(Trainers.cart().maxDepth(p.integer("depth")).minChildWeight(p.number("leaf")))
        .seed(42)
        .build();
  }

  /** Mean squared distance of the class probabilities from the truth (lower is better); no Serializable needed: it stays on the driver. */
  static Metric brier() {
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

  @Test
  void tune_grid_sameWinnerAndScoresAsTheLocalTuner() {
    Tuner tuner = Tuner.grid().param("depth", 2, 5).param("leaf", 1.0, 20.0).param("smoothing", 10.0).metric(brier()).folds(3).quiet();
    MlengineSpark.PipelineFunction pipelineOf = SparkTuningTest::credit;
    assertSame(tuner.fit(pipelineOf, credit), MlengineSpark.tune(LocalSpark.session(), tuner, pipelineOf, credit), 4);
  }

  @Test
  void tune_random_sameDrawsWinnerAndScoresAsTheLocalTuner() {
    Tuner tuner = Tuner.random(3).param("depth", Tuner.integers(2, 6)).param("leaf", Tuner.logUniform(1, 40))
        .param("smoothing", Tuner.uniform(1, 50)).metric(brier()).folds(2).seed(7).quiet();
    assertSame(tuner.fit(SparkTuningTest::credit, credit), MlengineSpark.tune(LocalSpark.session(), tuner, SparkTuningTest::credit, credit), 3);
  }

  @Test
  void tune_halving_sameRoundsSurvivorsWinnerAndScoresAsTheLocalTuner() {
    Tuner tuner = Tuner.halving().param("depth", 2, 4, 6).param("leaf", 1.0, 5.0, 40.0).param("smoothing", 10.0).metric(brier())
        .folds(2).seed(3).quiet();
    TuningResult local = tuner.fit(SparkTuningTest::credit, credit);
    TuningResult spark = MlengineSpark.tune(LocalSpark.session(), tuner, SparkTuningTest::credit, credit);
    assertEquals(List.of(9, 3, 1), spark.candidatesPerRound());
    assertEquals(local.rowsPerRound(), spark.rowsPerRound());
    assertSame(local, spark, 13);
  }

  /** Root mean squared error (lower is better). */
  static Metric rmse() {
    return new Metric() {
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
    };
  }

  /** The loan amount from the rest (regression). */
  static Pipeline amount(Tuner.Params p) {
    return Pipeline.builder().target("Amount").split(Split.random(0.8))
        .add(Features.meanEncoding("Status", "Home", "Marital", "Records", "Job"))
        .add(Features.impute("Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Price").median())
        .trainer(Trainers.cart().maxDepth(p.integer("depth"))).seed(42).build();
  }

  @Test
  void tune_regression_sameWinnerAndScoresAsTheLocalTuner() {
    Tuner tuner = Tuner.grid().param("depth", 2, 4).metric(rmse()).folds(2).quiet();
    assertSame(tuner.fit(SparkTuningTest::amount, credit), MlengineSpark.tune(LocalSpark.session(), tuner, SparkTuningTest::amount, credit), 2);
  }

  @Test
  void answer_ofAFailureOtherThanABadArgument_readsAsTheLocalTunersIllegalState() {
    List<TrialFit> seen = new ArrayList<>();
    Tuner.grid().param("depth", 2).param("leaf", 1.0).param("smoothing", 10.0).metric(brier()).folds(2).quiet()
        .fit(SparkTuningTest::credit, credit, (fits, pipelineOf, rows) -> {
          seen.addAll(fits);
          return fits.stream().map(f -> f.run(pipelineOf, rows)).toList();
        });
    ArithmeticException thrown = new ArithmeticException("/ by zero");
    var e = assertThrows(IllegalStateException.class, () -> SparkTrials.Answer.read(SparkTrials.Answer.of(thrown), seen.get(1)));
    assertEquals("the trial with {depth=2, leaf=1.0, smoothing=10.0} failed: / by zero", e.getMessage());
    assertEquals("java.lang.ArithmeticException (on a Spark executor): / by zero", e.getCause().toString());
    assertEquals(frames(thrown), frames(e.getCause()));
  }

  private static List<String> frames(Throwable t) {
    return java.util.Arrays.stream(t.getStackTrace())
        .map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")").toList();
  }

  /** Everything but the durations, bit for bit. */
  private static void assertSame(TuningResult local, TuningResult spark, int trials) {
    assertEquals(trials, spark.trials().size());
    assertEquals(withoutDurations(local), withoutDurations(spark));
    assertEquals(local.best(), spark.best());
    assertEquals(local.result().bundle().id(), spark.result().bundle().id());
    assertEquals(local.result().metrics(), spark.result().metrics());
  }

  private static List<Map<String, Object>> withoutDurations(TuningResult result) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Trial t : result.trials()) {
      List<Long> bits = new ArrayList<>();
      t.scores().forEach(s -> bits.add(Double.doubleToRawLongBits(s)));
      out.add(Map.of("candidate", t.candidate(), "round", t.round(), "params", t.params(), "rows", t.rows(), "scores", bits,
          "mean", Double.doubleToRawLongBits(t.mean()), "sd", Double.doubleToRawLongBits(t.sd()), "rank", t.rank()));
    }
    return out;
  }

  /** Not Serializable: a lambda that captures one cannot be sent. */
  private static final class Settings {
    final int depth = 3;
  }

  @Test
  void tune_functionCapturingANonSerializableObject_failsBeforeAnyJobNamingIt() {
    Settings settings = new Settings();
    Tuner tuner = Tuner.grid().param("depth", 2, 3).metric(brier()).folds(2).quiet();
    long jobs = LocalSpark.session().sparkContext().statusTracker().getJobIdsForGroup(null).length;
    var e = assertThrows(IllegalArgumentException.class, () -> MlengineSpark.tune(LocalSpark.session(), tuner,
        p -> Pipeline.builder().target("Status").split(Split.stratified(0.8)).drop("Home")
            .trainer(Trainers.cart().maxDepth(settings.depth)).seed(42).build(), credit));
    assertEquals("the pipeline function cannot be sent to Spark's executors: it holds a " + Settings.class.getName()
        + ", which is not Serializable. Write the function so that it captures only serializable values (numbers, text,"
        + " column names, or objects of Serializable classes), e.g. as a lambda in a static method, or make the captured class"
        + " Serializable.", e.getMessage());
    assertEquals(jobs, LocalSpark.session().sparkContext().statusTracker().getJobIdsForGroup(null).length, "a job ran");
  }

  /** A pipeline that encodes the column the parameter names: fitting it fails on the executor when there is no such column. */
  static Pipeline encoding(Tuner.Params p) {
    return Pipeline.builder().target("Status").split(Split.stratified(0.8))
        .add(Features.meanEncoding("Home", "Marital", "Records", p.string("column"))).add(Features.impute(NUMERIC).median())
        .trainer(Trainers.cart().maxDepth(2)).seed(42).build();
  }

  @Test
  void tune_aTrialThatFails_failsWithTheLocalTunersMessage() {
    Tuner tuner = Tuner.grid().param("column", "Job", "Jobs").metric(brier()).folds(2).quiet();
    var local = assertThrows(IllegalArgumentException.class, () -> tuner.fit(SparkTuningTest::encoding, credit));
    var spark = assertThrows(IllegalArgumentException.class,
        () -> MlengineSpark.tune(LocalSpark.session(), tuner, SparkTuningTest::encoding, credit));
    assertEquals(local.getMessage(), spark.getMessage());
    assertTrue(spark.getMessage().startsWith("the trial with {column=Jobs} failed: "), spark.getMessage());
    assertEquals(local.getCause().getClass(), spark.getCause().getClass());
  }
}
