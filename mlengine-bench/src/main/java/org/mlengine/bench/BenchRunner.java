package org.mlengine.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;
import org.mlengine.examples.FoodsExample;
import org.mlengine.examples.Quickstart;
import org.mlengine.serving.Predictor;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;

/**
 * The benchmark runner behind {@code ./mlengine bench [dataDir]}: prints {@code name value}
 * lines with the names of {@code shared/bench/sklearn_peer.py} (credit.auc, credit.fit_ms,
 * credit.batch_rows_per_s, credit.single_row_p50_us, credit.single_row_p99_us) plus mlengine's
 * own (load, allocation, thread scaling, Tribuo's and XGBoost4J's own predict beside ours). Figures are
 * medians or percentiles; run it beside the scikit-learn script in one session and compare
 * ratios.
 *
 * <pre>{@code
 * ./mlengine bench ../shared/data
 * }</pre>
 */
public final class BenchRunner {
  private final PrintStream out;
  private final Settings settings;

  /** How long to measure: the full run, or a quick smoke run for tests. */
  record Settings(int fitRuns, int warmupCalls, int timedCalls, int batchCopies) {
    static final Settings FULL = new Settings(20, 200_000, 100_000, 50);
    static final Settings QUICK = new Settings(2, 2_000, 2_000, 2);
  }

  BenchRunner(PrintStream out, Settings settings) {
    this.out = out;
    this.settings = settings;
  }

  /** Runs every benchmark; {@code args[0]} is an optional directory holding credit_data.csv. */
  public static void main(String[] args) throws Exception {
    Path dataDir = args.length > 0 ? Path.of(args[0]) : null;
    new BenchRunner(System.out, Settings.FULL).run(dataDir);
  }

  void run(Path dataDir) throws Exception {
    Table credit = dataDir != null && Files.exists(dataDir.resolve("credit_data.csv"))
        ? Table.readCsv(dataDir.resolve("credit_data.csv"))
        : Quickstart.creditData();
    credit(credit);
    xgboost(credit);
    foods(FoodsExample.trainData(), FoodsExample.testData());
    logistic20();
  }

  /**
   * The credit pipeline with 100 boosted trees of depth 6: our compiled form against XGBoost4J's
   * own {@code Booster.predict} on a one-row matrix, the booster trained by XGBoost4J with the same
   * options on the same features (what a Java service calling XGBoost directly would run).
   */
  private void xgboost(Table credit) throws Exception {
    PipelineResult result = Quickstart.pipeline().toBuilder().trainer(Trainers.xgboost().trees(100).maxDepth(6)).build().fit(credit);
    print("xgb.auc", result.metrics().get("roc_auc"));
    Predictor predictor = Predictor.of(result.bundle());
    int row = result.partition().test().get(0);
    Map<String, Object> request = new HashMap<>(credit.row(row).toMap());
    request.remove("Status");
    long[] ours = Measure.latencies(() -> predictor.predict(request), settings.warmupCalls() / 4, settings.timedCalls() / 4);
    print("xgb.single_row_p50_us", Measure.percentile(ours, 50) / 1e3);
    print("xgb.single_row_p99_us", Measure.percentile(ours, 99) / 1e3);
    String[] names = result.pipeline().featureNames().toArray(String[]::new);
    Table trainRows = credit.rows(result.partition().train().toArray());
    Table features = result.pipeline().transform(trainRows);
    float[] x = new float[features.rowCount() * names.length];
    float[] labels = new float[features.rowCount()];
    for (int r = 0; r < features.rowCount(); r++) {
      for (int f = 0; f < names.length; f++) {
        x[r * names.length + f] = (float) features.numeric(names[f], r);
      }
      labels[r] = "bad".equals(trainRows.string("Status", r)) ? 1 : 0;
    }
    DMatrix train = new DMatrix(x, features.rowCount(), names.length, Float.NaN);
    train.setLabel(labels);
    Booster booster = XGBoost.train(train, Map.of("objective", "binary:logistic", "max_depth", 6, "eta", 0.3, "tree_method", "hist",
        "nthread", 1, "verbosity", 0), 100, Map.of(), null, null);
    DMatrix one = new DMatrix(java.util.Arrays.copyOf(x, names.length), 1, names.length, Float.NaN);
    long[] theirs = Measure.latencies(() -> {
      try {
        booster.predict(one);
      } catch (XGBoostError e) {
        throw new IllegalStateException(e);
      }
    }, Math.min(2000, settings.warmupCalls()), Math.min(5000, settings.timedCalls()));
    print("xgboost4j.single_row_p50_us", Measure.percentile(theirs, 50) / 1e3);
    booster.dispose();
    train.dispose();
    one.dispose();
  }

  /** The text pipeline: word 1-2-gram TF-IDF and logistic regression on food reviews. */
  private void foods(Table train, Table test) {
    PipelineResult result = FoodsExample.train(train);
    print("foods.auc", FoodsExample.rocAuc(result.pipeline(), test));
    Pipeline fitOnly = FoodsExample.pipeline().toBuilder().bootstrap(0).build();
    print("foods.fit_ms", Measure.medianNanos(() -> Measure.time(() -> fitOnly.fit(train)), 1, Math.max(1, settings.fitRuns() / 4)) / 1e6);
    Predictor predictor = Predictor.of(result.bundle());
    int[] copies = new int[test.rowCount() * Math.max(1, settings.batchCopies() / 2)];
    for (int i = 0; i < copies.length; i++) {
      copies[i] = i % test.rowCount();
    }
    Table batch = test.rows(copies).drop("score");
    double batchNanos = Measure.medianNanos(() -> Measure.time(() -> predictor.predictAll(batch)), 2, 5);
    print("foods.batch_rows_per_s", batch.rowCount() / (batchNanos / 1e9));
    Map<String, Object> request = new HashMap<>(test.row(0).toMap());
    request.remove("score");
    long[] lat = Measure.latencies(() -> predictor.predict(request), settings.warmupCalls() / 10, settings.timedCalls() / 10);
    print("foods.single_row_p50_us", Measure.percentile(lat, 50) / 1e3);
    print("foods.single_row_p99_us", Measure.percentile(lat, 99) / 1e3);
  }

  private void credit(Table credit) throws Exception {
    PipelineResult result = Quickstart.train(credit);
    print("credit.auc", result.metrics().get("roc_auc"));
    // Like scikit-learn's pipe.fit: fitting without the bootstrap intervals and baseline tests,
    // which the second figure adds.
    Pipeline fitOnly = Quickstart.pipeline().toBuilder().bootstrap(0).build();
    print("credit.fit_ms", Measure.medianNanos(() -> Measure.time(() -> fitOnly.fit(credit)), settings.fitRuns() / 2, settings.fitRuns()) / 1e6);
    print("credit.fit_with_evaluation_ms",
        Measure.medianNanos(() -> Measure.time(() -> Quickstart.train(credit)), 2, Math.max(3, settings.fitRuns() / 4)) / 1e6);

    Path file = Files.createTempFile("credit", ".mlb");
    try {
      result.bundle().save(file);
      print("credit.load_ms", Measure.medianNanos(() -> Measure.time(() -> load(file)), 3, 11) / 1e6);
      Predictor predictor = Predictor.load(file);

      int[] copies = new int[credit.rowCount() * settings.batchCopies()];
      for (int i = 0; i < copies.length; i++) {
        copies[i] = i % credit.rowCount();
      }
      Table batch = credit.rows(copies).drop("Status");
      double batchNanos = Measure.medianNanos(() -> Measure.time(() -> predictor.predictAll(batch)), 3, 7);
      double rowsPerSecond = batch.rowCount() / (batchNanos / 1e9);
      print("credit.batch_rows_per_s", rowsPerSecond);
      print("credit.two_thread_speedup", twoThreads(predictor, batch) / rowsPerSecond);

      Map<String, Object> request = new HashMap<>(credit.row(result.partition().test().get(0)).toMap());
      request.remove("Status");
      long[] lat = Measure.latencies(() -> predictor.predict(request), settings.warmupCalls(), settings.timedCalls());
      print("credit.single_row_p50_us", Measure.percentile(lat, 50) / 1e3);
      print("credit.single_row_p99_us", Measure.percentile(lat, 99) / 1e3);
      print("credit.alloc_bytes_per_prediction", Measure.allocatedBytesPerCall(() -> predictor.predict(request), settings.timedCalls()));

      // Tribuo's linear model on the same features: the pipeline trained by Tribuo's SGD (logisticRegression's own engine
      // has no Tribuo form), keeping Tribuo's copy of the model (the saved bundle, like users', has none).
      Model<Label> tribuo = tribuoModel(Quickstart.pipeline().toBuilder().trainer(Trainers.linearSgd()).keepTribuoModel().build()
          .fit(credit));
      String[] names = predictor.bundle().pipeline().featureNames().toArray(String[]::new);
      Table features = predictor.bundle().pipeline().transform(credit.rows(new int[] {result.partition().test().get(0)}));
      double[] values = new double[names.length];
      for (int f = 0; f < names.length; f++) {
        values[f] = features.numeric(names[f], 0);
      }
      long[] tribuoLat = Measure.latencies(
          () -> tribuo.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, values)), settings.warmupCalls(), settings.timedCalls());
      print("tribuo.credit_model_only_p50_us", Measure.percentile(tribuoLat, 50) / 1e3);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The reference point: logistic regression on 20 numeric features, one row. */
  private void logistic20() throws IOException {
    Random random = new Random(20);
    int n = 2000;
    Table.Builder b = Table.builder();
    double[][] x = new double[20][n];
    String[] y = new String[n];
    for (int f = 0; f < 20; f++) {
      for (int r = 0; r < n; r++) {
        x[f][r] = random.nextGaussian();
      }
      b.numeric("f" + f, x[f]);
    }
    for (int r = 0; r < n; r++) {
      y[r] = x[0][r] - x[1][r] + random.nextGaussian() > 0 ? "yes" : "no";
    }
    Table data = b.categorical("y", y).build();
    // Tribuo's SGD trains it so that Tribuo's own form of the same weights can be timed beside ours.
    PipelineResult result = Pipeline.builder().target("y").split(Split.random(0.8)).trainer(Trainers.linearSgd()).seed(1)
        .keepTribuoModel().build().fit(data);
    Path file = Files.createTempFile("lr20", ".mlb");
    try {
      result.bundle().save(file);
      Predictor predictor = Predictor.load(file);
      Map<String, Object> request = new HashMap<>();
      String[] names = new String[20];
      double[] values = new double[20];
      for (int f = 0; f < 20; f++) {
        names[f] = "f" + f;
        values[f] = x[f][0];
        request.put(names[f], values[f]);
      }
      long[] ours = Measure.latencies(() -> predictor.predict(request), settings.warmupCalls(), settings.timedCalls());
      Model<Label> tribuo = tribuoModel(result);
      long[] theirs = Measure.latencies(
          () -> tribuo.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, values)), settings.warmupCalls(), settings.timedCalls());
      print("lr20.single_row_p50_us", Measure.percentile(ours, 50) / 1e3);
      print("tribuo.lr20_single_row_p50_us", Measure.percentile(theirs, 50) / 1e3);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private double twoThreads(Predictor predictor, Table batch) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      double nanos = Measure.medianNanos(() -> Measure.time(() -> {
        try {
          Future<?> a = pool.submit(() -> predictor.predictAll(batch));
          Future<?> c = pool.submit(() -> predictor.predictAll(batch));
          a.get();
          c.get();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }), 2, 5);
      return 2 * batch.rowCount() / (nanos / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Predictor load(Path file) {
    try {
      return Predictor.load(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Tribuo's own model of a fit made with {@code keepTribuoModel()}. */
  @SuppressWarnings("unchecked")
  private static Model<Label> tribuoModel(PipelineResult result) throws IOException {
    return (Model<Label>) Model.deserialize(ModelProto.parseFrom(result.bundle().tribuoModel()
        .orElseThrow(() -> new IOException("the bundle has no Tribuo model; fit with keepTribuoModel()"))));
  }

  private void print(String name, double value) {
    out.println(name + " " + (Math.abs(value) >= 1000 ? String.format(Locale.ROOT, "%d", Math.round(value))
        : String.format(Locale.ROOT, "%.4g", value)));
  }
}
