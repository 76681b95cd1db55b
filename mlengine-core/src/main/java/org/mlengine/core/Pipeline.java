package org.mlengine.core;

import org.apiguardian.api.API;
import org.mlengine.core.spi.Augmenter;
import org.mlengine.core.spi.Calibrator;
import org.mlengine.core.spi.EventExtractor;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.core.spi.IntervalMethod;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.runtime.Fingerprint;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Refit;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole recipe from a table to a {@link ModelBundle}: target, split, feature steps,
 * trainer, metrics and seed. {@link #fit(Table)} splits first, fits every step on the training
 * part only, trains, scores the held-out part and packs the result into a bundle.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder()
 *     .target("Status")
 *     .split(Split.stratified(0.8))
 *     .add(Features.meanEncoding("Job", "Home").smoothing(10))
 *     .add(Features.impute("Income", "Assets", "Debt").median())
 *     .add(Features.standardize("Income", "Amount"))
 *     .trainer(Trainers.logisticRegression())
 *     .metrics(Metrics.rocAuc(), Metrics.accuracy())
 *     .seed(42)
 *     .build();
 * PipelineResult result = pipeline.fit(Table.readCsv(Path.of("credit_data.csv")));
 * }</pre>
 *
 * <p>{@link Builder#augment(Augmenter...)} adds rows made from the training rows (data
 * augmentation) to the training part only, before any step is fitted.
 *
 * <p>{@link #fit(Table)} first runs the data checks ({@link Builder#check(DataCheck...)}) on
 * the whole table; after the split it profiles the training part ({@link
 * PipelineResult#profile()}) and audits the fit for leakage ({@link PipelineResult#audit()},
 * refused under {@link Builder#strictAudit()}).
 *
 * <p>Columns that no step reads pass through to the model when NUMERIC (or VECTOR) and are
 * refused otherwise; {@link Builder#drop(String...)} leaves columns out. The column of a group or time
 * split is left out unless a step reads it.
 */
public final class Pipeline {
  // Package-private for PipelineChecks and PipelineTraining, which read the settings.
  final String target;
  final Task task;
  final Split split;
  final ImmutableList<Augmenter> augmenters;
  final ImmutableList<Extractor> steps;
  final ImmutableList<String> dropped;
  final Trainer trainer;
  final Calibrator calibrator;
  final ImmutableList<Metric> metrics;
  final long seed;
  final int resamples;
  final IntervalMethod intervals;
  final double confidence;
  final ImmutableList<DataCheck> checks;
  final AuditFinding.Severity strictAudit;
  final String auditGroups;
  final boolean keepTribuoModel;
  final boolean refitOnAll;
  final String sampleWeights;

  private Pipeline(Builder b) {
    this.target = b.target;
    this.task = b.task;
    this.split = b.split;
    this.augmenters = ImmutableList.copyOf(b.augmenters);
    this.steps = ImmutableList.copyOf(b.steps);
    this.dropped = ImmutableList.copyOf(b.dropped);
    this.trainer = b.trainer;
    this.calibrator = b.calibrator;
    this.metrics = ImmutableList.copyOf(b.metrics);
    this.seed = b.seed;
    this.resamples = b.resamples;
    this.intervals = b.intervals;
    this.confidence = b.confidence;
    this.checks = ImmutableList.copyOf(b.checks);
    this.strictAudit = b.strictAudit;
    this.auditGroups = b.auditGroups;
    this.keepTribuoModel = b.keepTribuoModel;
    this.refitOnAll = b.refitOnAll;
    this.sampleWeights = b.sampleWeights;
  }

  /** Starts a pipeline. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this pipeline's settings, to derive a changed pipeline. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.target = target;
    b.task = task;
    b.split = split;
    b.augmenters.addAll(augmenters);
    b.steps.addAll(steps);
    b.dropped.addAll(dropped);
    b.trainer = trainer;
    b.calibrator = calibrator;
    b.metrics.addAll(metrics);
    b.seed = seed;
    b.resamples = resamples;
    b.intervals = intervals;
    b.confidence = confidence;
    b.checks.addAll(checks);
    b.strictAudit = strictAudit;
    b.auditGroups = auditGroups;
    b.keepTribuoModel = keepTribuoModel;
    b.refitOnAll = refitOnAll;
    b.sampleWeights = sampleWeights;
    return b;
  }

  /** The pipeline's settings as JSON-ready values; stored in the bundle's manifest. */
  public Map<String, Object> spec() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("target", target);
    if (sampleWeights != null) {
      out.put("sampleWeights", sampleWeights);
    }
    if (task != null) {
      out.put("task", task.name());
    }
    out.put("split", split.spec());
    if (!augmenters.isEmpty()) {
      out.put("augment", augmenterSpecs());
    }
    List<Object> stepSpecs = new ArrayList<>();
    for (Extractor e : steps) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("step", e.name());
      s.putAll(e.spec());
      stepSpecs.add(s);
    }
    out.put("steps", stepSpecs);
    if (!dropped.isEmpty()) {
      out.put("dropped", dropped);
    }
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("algorithm", trainer.name());
    t.putAll(trainer.spec());
    out.put("trainer", t);
    if (calibrator != null) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("method", calibrator.name());
      c.putAll(calibrator.spec());
      out.put("calibration", c);
    }
    out.put("metrics", metrics.stream().map(Metric::name).toList());
    out.put("bootstrapResamples", resamples);
    out.put("intervals", intervalMethod() == null ? "analytic" : intervalMethod().name());
    out.put("confidence", confidence);
    out.put("seed", seed);
    if (!checks.isEmpty()) {
      out.put("checks", checks.stream().map(c -> {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("check", c.name());
        spec.putAll(c.spec());
        return spec;
      }).toList());
    }
    if (auditGroups != null) {
      out.put("auditGroups", auditGroups);
    }
    if (strictAudit != null) {
      out.put("strictAudit", strictAudit.name());
    }
    if (refitOnAll) {
      out.put("refitOnAll", true);
    }
    return out;
  }

  private List<Object> augmenterSpecs() {
    List<Object> out = new ArrayList<>();
    for (Augmenter a : augmenters) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("augmenter", a.name());
      s.putAll(a.spec());
      out.add(s);
    }
    return out;
  }

  /**
   * Checks the data, splits the table, adds the augmenters' rows to the training part (and
   * nowhere else), fits every step on the training part only, trains the model, evaluates it on
   * the held-out part, audits the fit for leakage and returns the result with its bundle.
   *
   * @throws IllegalArgumentException listing every problem of the spec against this table at
   *     once, or else every failed data check at once (among the checks every pipeline runs: no
   *     NUMERIC input or target holds Infinity, naming the column, the count and the first rows;
   *     the {@linkplain Builder#sampleWeights(String) sample weights} are present, finite and not
   *     negative); nothing is split or fitted then; or, after the split, when every sample
   *     weight of the training part is 0
   * @throws IllegalStateException under {@link Builder#strictAudit(AuditFinding.Severity)}, listing
   *     every audit finding at or above the severity; no result or bundle is made then; when the
   *     trainer diverged (its model holds NaN or Infinity), naming the option to change; or when
   *     the environment variable {@code SOURCE_DATE_EPOCH} (the bundle's creation time, see
   *     {@link ModelBundle}) is set but not whole seconds since the epoch
   */
  public PipelineResult fit(Table table) {
    FitTimings timings = new FitTimings();
    PipelineChecks pipelineChecks = new PipelineChecks(this);
    PipelineChecks.Checked checked = pipelineChecks.checkAgainst(table);
    pipelineChecks.checkData(table);
    timings.lap("checks");
    Partition partition = split.partition(table, target, seed);
    PipelineTraining.Trained trained =
        new PipelineTraining(this).train(table, checked, partition, PipelineTraining.Auditing.AUDIT_AND_PROFILE, timings);
    FittedPipeline pipeline = trained.pipeline();
    Table data = trained.data();
    FitContext original = trained.original();

    // The baselines learn from the original training rows, as they would without augmentation.
    Evaluation.Result test = evaluate(pipeline, data.rows(partition.test().toArray()), original);
    Evaluation.Result validation = partition.validation().isEmpty()
        ? null
        : evaluate(pipeline, data.rows(partition.validation().toArray()), original);
    timings.lap("evaluate");
    // Under refitOnAll the final model is fitted again on every row; the estimates stay the evaluated model's.
    PipelineTraining.Trained model = refitOnAll ? refit(table, checked) : trained;
    if (refitOnAll) {
      timings.lap("refit");
    }
    ModelBundle.Builder bundle = RuntimeAccess.bundles().builder(model.pipeline())
        .spec(trained.specWithStopping(spec()))
        .estimates(test.estimates())
        .training(model.fingerprint())
        .audit(trained.audit())
        .profile(model.profile());
    if (refitOnAll) {
      bundle.refit(new Refit(table.rowCount(), partition.train().length(), partition.test().length()));
    }
    if (keepTribuoModel) {
      bundle.tribuoModel(model.tribuoModel());
    }
    ModelBundle built = bundle.build();
    timings.lap("bundle");
    return new PipelineResult(model.pipeline(), built, partition, values(test),
        validation == null ? ImmutableMap.of() : values(validation), test.estimates(), warnings(model, test), test.outcomes(),
        Optional.ofNullable(validation).map(Evaluation.Result::outcomes), trained.audit(), model.profile(), timings.durations());
  }

  /**
   * Fits the steps and the trainer again on every row of the table, for {@link
   * Builder#refitOnAll()}; profiles the rows, audits nothing (no row is held out).
   */
  private PipelineTraining.Trained refit(Table table, PipelineChecks.Checked checked) {
    int[] every = java.util.stream.IntStream.range(0, table.rowCount()).toArray();
    return new PipelineTraining(this).train(table, checked, Partition.of(every, new int[0]), PipelineTraining.Auditing.PROFILE_ONLY,
        new FitTimings());
  }

  /**
   * Fits the steps and the trainer on the training rows of {@code partition} (stopping early
   * and calibrating on its validation rows, when there are any) and returns the fitted pipeline
   * without scoring or auditing anything: the tuner's trials, which score their own held-out rows.
   */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public FittedPipeline fitOn(Table table, Partition partition) {
    PipelineChecks checks = new PipelineChecks(this);
    PipelineChecks.Checked checked = checks.checkAgainst(table);
    checks.checkSampleWeights(table);
    return new PipelineTraining(this).train(table, checked, partition, PipelineTraining.Auditing.NONE, new FitTimings()).pipeline();
  }

  /** The column to predict; the tuner checks that every candidate shares it. */
  public String target() {
    return target;
  }

  /** The split; the tuner scores candidates on its validation part or on folds of its kind. */
  public Split split() {
    return split;
  }

  /** The seed of every random choice. */
  public long seed() {
    return seed;
  }

  /**
   * Checks this pipeline against the table, as {@link #fit} does first, and returns the task: the
   * one set with {@link Builder#task(Task)}, or the one the target's type implies.
   *
   * @throws IllegalArgumentException listing every problem of the spec against this table at once
   */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public Task task(Table table) {
    return new PipelineChecks(this).checkAgainst(table).task();
  }

  private Evaluation.Result evaluate(FittedPipeline pipeline, Table heldOut, FitContext training) {
    Outcomes outcomes = Outcomes.of(pipeline.scoreAfterEventSteps(heldOut), heldOut, target);
    if (metrics.isEmpty()) {
      return new Evaluation.Result(List.of(), List.of(), outcomes);
    }
    return Evaluation.evaluate(metrics, outcomes, Evaluation.baselines(outcomes, training, seed), intervalMethod(), resamples,
        confidence, seed);
  }

  private IntervalMethod intervalMethod() {
    return intervals != null ? intervals : resamples > 0 ? Evaluation.percentileBootstrap(resamples) : null;
  }

  /** The trainer's warnings (e.g. it stopped before converging), then the evaluation's. */
  private static List<String> warnings(PipelineTraining.Trained model, Evaluation.Result test) {
    return ImmutableList.<String>builder().addAll(model.trainerWarnings()).addAll(test.warnings()).build();
  }

  private static Map<String, Double> values(Evaluation.Result result) {
    Map<String, Double> out = new LinkedHashMap<>();
    result.estimates().forEach(e -> out.put(e.name(), e.value()));
    return ImmutableMap.copyOf(out);
  }

  @Override
  public String toString() {
    return "Pipeline" + spec();
  }

  /**
   * Collects a pipeline's settings. Setters check their own argument; {@link #build()} checks
   * the rest and reports every problem at once.
   *
   * <pre>{@code
   * Pipeline.builder().target("Status").split(Split.random(0.8))
   *     .trainer(Trainers.cart()).build();
   * }</pre>
   */
  public static final class Builder {
    private String target;
    private Task task;
    private Split split;
    private final List<Augmenter> augmenters = new ArrayList<>();
    private final List<Extractor> steps = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private Trainer trainer;
    private Calibrator calibrator;
    private final List<Metric> metrics = new ArrayList<>();
    private long seed;
    private int resamples = Evaluation.DEFAULT_RESAMPLES;
    private IntervalMethod intervals;
    private double confidence = 0.95;
    private final List<DataCheck> checks = new ArrayList<>();
    private AuditFinding.Severity strictAudit;
    private String auditGroups;
    private boolean keepTribuoModel;
    private boolean refitOnAll;
    private String sampleWeights;

    private Builder() {}

    /** The column to predict. */
    public Builder target(String column) {
      this.target = Objects.requireNonNull(column, "target column");
      return this;
    }

    /** Classification or regression; inferred from the target's type when not set. */
    public Builder task(Task task) {
      this.task = Objects.requireNonNull(task, "task");
      return this;
    }

    /** How the table is split into training and held-out parts (a hold-out split). */
    public Builder split(Split split) {
      this.split = Objects.requireNonNull(split, "split");
      return this;
    }

    /**
     * Augmenters that add rows to the training part only, after the split and before any step
     * is fitted; validation rows, test rows and prediction requests are never augmented, and
     * each added row stays in its source row's cross-fitting fold. The bundle records each
     * augmenter's spec and the number of rows added ({@link ModelBundle#augmentedRows()}); its
     * training-data fingerprint covers the original training rows.
     *
     * <pre>{@code
     * .augment(Features.augmentText("Review").synonyms(synonyms).randomSwaps(1).copies(2))
     * }</pre>
     */
    public Builder augment(Augmenter... augmenters) {
      for (Augmenter a : augmenters) {
        this.augmenters.add(Objects.requireNonNull(a, "augmenter"));
      }
      return this;
    }

    /** Feature steps, run in the order added. */
    public Builder add(Extractor... steps) {
      for (Extractor e : steps) {
        this.steps.add(Objects.requireNonNull(e, "step"));
      }
      return this;
    }

    /**
     * Columns to leave out of the features (identifiers, free-form notes). A window or aggregate
     * step may still read a dropped column (an entity key, a cutoff time): requests carry it, the
     * step reads it, and then it is left out.
     */
    public Builder drop(String... columns) {
      dropped.addAll(Arrays.asList(columns));
      return this;
    }

    /** The training algorithm. */
    public Builder trainer(Trainer trainer) {
      this.trainer = Objects.requireNonNull(trainer, "trainer");
      return this;
    }

    /**
     * Calibrates the class probabilities on the split's validation part (which the model never
     * trains on) with a method from mlengine-eval's {@code Calibration}; the maps travel in the
     * bundle and the predictor applies them.
     */
    public Builder calibrate(Calibrator calibrator) {
      this.calibrator = Objects.requireNonNull(calibrator, "calibrator");
      return this;
    }

    /** Metrics computed on the held-out part (and the validation part, if any). */
    public Builder metrics(Metric... metrics) {
      for (Metric m : metrics) {
        this.metrics.add(Objects.requireNonNull(m, "metric"));
      }
      return this;
    }

    /**
     * Resamples the held-out rows {@code resamples} times (in parallel, each resample seeded by
     * the pipeline's seed and its index) for every metric's percentile interval and the paired
     * test of the model against each baseline. Without it (or with 0, the default) the intervals
     * and tests are analytic: DeLong for ROC AUC, Wilson for accuracy and other shares of rows,
     * Student t for means of per-row values (log loss, Brier, MAE, MSE, RMSE via MSE); a metric
     * without a formula (F1, R², multi-class AUC) then gets no interval and no baseline test, and
     * its method says so. Analytic intervals cost about one more evaluation of the metric, so
     * there is no switch to turn them off.
     */
    public Builder bootstrap(int resamples) {
      if (resamples < 0 || (resamples > 0 && resamples < 100)) {
        throw new IllegalArgumentException("bootstrap(" + resamples + "): give at least 100 resamples (e.g. 1000), "
            + "or 0 for the analytic intervals and tests (the default)");
      }
      this.resamples = resamples;
      return this;
    }

    /**
     * Another way to compute every metric's interval (see mlengine-eval's {@code Bounds}), in
     * place of the analytic ones; the baseline tests stay analytic unless {@link #bootstrap(int)}
     * asks for resampling.
     */
    public Builder intervals(IntervalMethod method) {
      this.intervals = Objects.requireNonNull(method, "interval method");
      return this;
    }

    /** The confidence level of the intervals, in (0, 1); 0.95 by default. */
    public Builder confidence(double level) {
      if (!(level > 0 && level < 1)) {
        throw new IllegalArgumentException("confidence " + level + " is outside (0, 1); give e.g. 0.95");
      }
      this.confidence = level;
      return this;
    }

    /**
     * Data checks run on the whole table by {@link Pipeline#fit(Table)} before the split and
     * before anything is fitted, beside the checks every pipeline runs (the target has a value
     * in every row and is not constant; no NUMERIC input or target holds Infinity); every
     * failure is reported at once.
     *
     * <pre>{@code
     * .check(DataChecks.completeness("Income", 0.95), DataChecks.range("Age", 18, 100))
     * }</pre>
     */
    public Builder check(DataCheck... checks) {
      for (DataCheck c : checks) {
        this.checks.add(Objects.requireNonNull(c, "data check"));
      }
      return this;
    }

    /**
     * Turns leakage-audit findings of {@link AuditFinding.Severity#WARNING} or worse into an
     * error thrown by {@link Pipeline#fit(Table)}; the same as {@code strictAudit(WARNING)}.
     */
    public Builder strictAudit() {
      return strictAudit(AuditFinding.Severity.WARNING);
    }

    /**
     * Turns leakage-audit findings at or above {@code severity} into an error thrown by {@link
     * Pipeline#fit(Table)}, listing them all; no result or bundle is made then. Findings about
     * the data are checked right after the split, before anything is fitted; findings about
     * fitted steps after the steps are fitted.
     */
    public Builder strictAudit(AuditFinding.Severity severity) {
      this.strictAudit = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /**
     * A column whose rows belong together (a customer, a patient): the leakage audit reports its
     * values found in more than one part, whatever the split. A group split's column is audited
     * without this.
     */
    public Builder auditGroups(String column) {
      this.auditGroups = Objects.requireNonNull(column, "group column");
      return this;
    }

    /**
     * Keeps Tribuo's own form of the model in the bundle, as entry {@code model.tribuo.pb}, for
     * users who want Tribuo's object ({@link ModelBundle#tribuoModel()}). Off by default: the
     * compiled form in {@code model.json} is the model, what the predictor scores with, and
     * Tribuo's copy would be several times its size. Neither the bundle's id nor the spec
     * changes; the file is no longer byte-reproducible, since Tribuo's bytes embed the training
     * time. Only {@link Trainers#linearSgd()} trains through Tribuo; {@link #build()} refuses
     * this with any other trainer, which has no Tribuo model to keep.
     *
     * <pre>{@code
     * .trainer(Trainers.linearSgd()).keepTribuoModel()
     * }</pre>
     */
    public Builder keepTribuoModel() {
      this.keepTribuoModel = true;
      return this;
    }

    /**
     * After the evaluation on the held-out part, fits the final model again on every row of the
     * table (training, validation and test parts), as one does before deploying it: the result's
     * pipeline and bundle hold that model, while the metrics, estimates, warnings and outcomes
     * stay those of the model fitted on the training part and scored on rows it never saw, the
     * only honest estimate. The bundle records the row counts ({@link ModelBundle#refit()}),
     * {@link PipelineResult#toString()} and the report say which rows each saw, and the profile
     * covers every row. The same pipeline without this gives the evaluated model itself. Not with
     * early stopping or calibration, which need rows the final model never saw.
     *
     * <pre>{@code
     * .split(Split.stratified(0.8)).trainer(Trainers.logisticRegression()).refitOnAll()
     * }</pre>
     */
    public Builder refitOnAll() {
      this.refitOnAll = true;
      return this;
    }

    /**
     * Weighs each training row by its value in {@code column}, as scikit-learn's {@code
     * fit(X, y, sample_weight)} does: a row of weight 2 counts as much as two copies of it, a
     * row of weight 0 not at all. (Exactly so for {@code cart()} classification, and for {@code
     * xgboost()} with weights that are powers of two; otherwise to float rounding, while SGD takes
     * one step twice as long instead of two steps, and a zero-weight row's value may still be a
     * candidate split threshold.) The column is not a feature and not an input: it stays with its rows
     * through the split, the trainer receives each training row's weight, and a request
     * scores without it. Every trainer in {@link Trainers} weighs rows (Tribuo keeps the
     * weights as 32-bit floats); the spec in the bundle's manifest records the column.
     *
     * <p>{@link Pipeline#fit(Table)} refuses a column that is missing or not NUMERIC, and
     * weights that are missing (NaN), infinite, above {@link Float#MAX_VALUE} or negative,
     * with the table's other problems; after the split, a training part whose weights are all 0.
     *
     * <p>Only the trainer weighs rows. The steps learn from the training rows unweighted: the
     * target-aware ones (mean encoding, weight of evidence, fitted on cross-fitted folds) too,
     * as scikit-learn's {@code TargetEncoder} ignores {@code sample_weight}. The held-out metrics,
     * their intervals and baselines, early stopping and calibration score the held-out rows
     * unweighted, estimating the model on the rows as they come; weighted metrics are a call on
     * the outcomes away, with mlengine-eval's {@code MetricFunctions.weighted}:
     *
     * <pre>{@code
     * .sampleWeights("Weight").trainer(Trainers.xgboost())
     * // the weighted held-out accuracy, with the test rows' weights (the outcomes' row order):
     * double[] w = table.rows(result.partition().test().toArray()).numericColumn("Weight");
     * Outcomes test = result.testOutcomes();
     * double accuracy = MetricFunctions.weighted(w).accuracy(test.trueClasses(), test.predictedClasses());
     * }</pre>
     */
    public Builder sampleWeights(String column) {
      this.sampleWeights = Objects.requireNonNull(column, "sample weight column");
      return this;
    }

    /** The seed of every random choice: the split, augmentation, cross-fitting and training; 0 by default. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Early stopping and calibration need rows the model never trained on: a validation part, and no refit on every row. */
    private void checkUnseenRows(List<String> problems) {
      if (trainer != null && trainer.stopsEarly() && split != null && !split.hasValidation()) {
        problems.add(trainer.name() + " stops early on the validation part, but the split has none; give it one, e.g."
            + " Split.stratified(0.8).validation(0.2), or drop earlyStopping(...).");
      }
      if (refitOnAll && trainer != null && trainer.stopsEarly()) {
        problems.add("refitOnAll() fits the final model on every row, which leaves none to stop early on; drop"
            + " earlyStopping(...) and set the epochs or trees a fit without refitOnAll() found (its spec records them under"
            + " trainer.earlyStopping), or drop refitOnAll().");
      }
      if (refitOnAll && calibrator != null) {
        problems.add("refitOnAll() fits the final model on every row, which leaves none it never saw to calibrate on; drop"
            + " calibrate(...) or refitOnAll().");
      }
      if (calibrator != null && split != null && !split.hasValidation()) {
        problems.add("calibrate(" + calibrator.name() + ") needs rows the model never trained on; give the split a validation"
            + " part, e.g. Split.stratified(0.8).validation(0.2).");
      }
    }

    /**
     * Checks the settings and builds the pipeline.
     *
     * @throws IllegalArgumentException listing every problem at once
     */
    public Pipeline build() {
      List<String> problems = new ArrayList<>();
      if (target == null) {
        problems.add("no target; call .target(\"column\") with the column to predict.");
      }
      if (split == null) {
        problems.add("no split; call .split(Split.stratified(0.8)) (or random, group, timeOrdered) so the model is judged on rows it never saw.");
      } else if (split.isKFold()) {
        problems.add("the split is k-fold; a pipeline fits once on a hold-out split. Use Split.random(0.8) or another hold-out split.");
      }
      if (trainer == null) {
        problems.add("no trainer; call .trainer(Trainers.logisticRegression()) or another trainer.");
      }
      if (keepTribuoModel && trainer != null && !trainer.trainsWithTribuo()) {
        problems.add("keepTribuoModel() keeps Tribuo's form of the model, but " + trainer.name() + " does not train through Tribuo,"
            + " so there is none to keep; the compiled form in model.json is the model. Drop keepTribuoModel(), or train with"
            + " Trainers.linearSgd(), which trains through Tribuo.");
      }
      PipelineChecks.checkEventSteps(steps, split, problems);
      checkUnseenRows(problems);
      if (sampleWeights != null) {
        SampleWeights.checkSettings(sampleWeights, target, dropped, steps, augmenters, trainer, problems);
      }
      Set<String> metricNames = new HashSet<>();
      for (Metric m : metrics) {
        if (!metricNames.add(m.name())) {
          problems.add("metric '" + m.name() + "' is listed twice; list each metric once.");
        }
      }
      Set<String> droppedNames = new HashSet<>();
      for (String d : dropped) {
        if (!droppedNames.add(d)) {
          problems.add("drop names '" + d + "' twice; name each column once.");
        }
        for (Extractor e : steps) {
          if (e.columns().contains(d) && !(e instanceof EventExtractor)) {
            problems.add("column '" + d + "' is dropped but " + e.name() + " reads it; remove it from drop() or from the step.");
          }
        }
        for (Augmenter a : augmenters) {
          if (a.columns().contains(d)) {
            problems.add("column '" + d + "' is dropped but " + a.name() + " augments it; remove it from drop() or from the augmenter.");
          }
        }
      }
      Set<Map<String, Object>> augmenterSpecs = new HashSet<>();
      for (Augmenter a : augmenters) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("augmenter", a.name());
        spec.putAll(a.spec());
        if (!augmenterSpecs.add(spec)) {
          problems.add("augmenter " + a.name() + a.spec() + " is added twice; with the same seed both would add the same"
              + " rows. Add it once, and ask it for more copies to add more rows.");
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("the pipeline is not complete:\n- " + String.join("\n- ", problems));
      }
      return new Pipeline(this);
    }
  }
}
