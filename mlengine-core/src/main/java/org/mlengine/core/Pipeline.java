package org.mlengine.core;

import org.apiguardian.api.API;
import org.mlengine.core.internal.LeakageAudit;
import org.mlengine.core.spi.Augmenter;
import org.mlengine.core.spi.Calibrator;
import org.mlengine.core.spi.EventExtractor;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.core.spi.IntervalMethod;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.Audit;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Fingerprint;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Profile;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.CalibrationMap;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.Targets;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.runtime.spi.FittedTransform;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.primitives.ImmutableIntArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
  private final String target;
  private final Task task;
  private final Split split;
  private final ImmutableList<Augmenter> augmenters;
  private final ImmutableList<Extractor> steps;
  private final ImmutableList<String> dropped;
  private final Trainer trainer;
  private final Calibrator calibrator;
  private final ImmutableList<Metric> metrics;
  private final long seed;
  private final int resamples;
  private final IntervalMethod intervals;
  private final double confidence;
  private final ImmutableList<DataCheck> checks;
  private final AuditFinding.Severity strictAudit;
  private final String auditGroups;
  private final boolean keepTribuoModel;

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
    return b;
  }

  /** The pipeline's settings as JSON-ready values; stored in the bundle's manifest. */
  public Map<String, Object> spec() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("target", target);
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
    out.put("intervals", intervalMethod() == null ? "none" : intervalMethod().name());
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
   * Whether {@link #train} audits the fit for leakage and profiles the training part: {@link #fit}
   * does, to report both; the tuner's trials ({@link #fitOn}) score their own held-out rows and
   * do neither.
   */
  private enum Auditing {
    AUDIT_AND_PROFILE,
    NONE
  }

  /**
   * Fits every step and the trainer on the training rows of {@code partition} (stopping early
   * and calibrating on its validation rows), auditing the data and the steps under {@link
   * Auditing#AUDIT_AND_PROFILE}; what {@link #fit} evaluates and bundles, and what the tuner
   * refits per fold.
   */
  private Trained train(Table table, Checked checked, Partition partition, Auditing auditing) {
    Task resolvedTask = checked.task();
    ColumnRoles roles = columnRoles();
    Table allTrainingColumns = table.rows(partition.train().toArray());
    String[] droppedInputs = roles.droppedInputs().toArray(String[]::new);
    Table train = allTrainingColumns.drop(droppedInputs);
    Schema inputSchema = train.drop(roles.notInputs().toArray(String[]::new)).schema();
    Fingerprint fingerprint = Fingerprint.of(train);
    Profile profile = auditing == Auditing.AUDIT_AND_PROFILE ? Profile.of(train) : null;
    List<AuditFinding> findings = new ArrayList<>();
    if (auditing == Auditing.AUDIT_AND_PROFILE) {
      findings.addAll(LeakageAudit.ofData(table, table.drop(droppedInputs), partition, target, resolvedTask, inputSchema.names(), split,
          Optional.ofNullable(auditGroups)));
      findings.addAll(LeakageAudit.ofEventSteps(steps));
      enforce(findings);
    }

    List<FittedTransform> fitted = new ArrayList<>();
    Table data = fitEventSteps(table, allTrainingColumns, resolvedTask, fitted).drop(roles.droppedColumns().toArray(String[]::new));
    // The steps after the event steps see the training rows with their window columns.
    Fingerprint stepsFingerprint = fingerprint;
    if (leadingEventSteps() > 0) {
      train = data.rows(partition.train().toArray());
      stepsFingerprint = Fingerprint.of(train);
    }

    FitContext original = FitContext.of(train, target, resolvedTask, split, seed);
    FitContext context = original;
    if (!augmenters.isEmpty()) {
      Augmentation added = augment(train);
      context = original.withAugmentedRows(train.concat(added.rows()), added.sourceRows());
      fingerprint = fingerprint.withAugmentedRows(added.size());
      stepsFingerprint = stepsFingerprint.withAugmentedRows(added.size());
    }
    List<Audit.FittedOn> fittedOn = new ArrayList<>();
    context = fitFeatureSteps(context, train, checked, fitted, fittedOn);
    Audit audit = null;
    if (auditing == Auditing.AUDIT_AND_PROFILE) {
      findings.addAll(LeakageAudit.ofFittedSteps(fittedOn, stepsFingerprint, leadingEventSteps()));
      enforce(findings);
      audit = new Audit(LeakageAudit.ordered(findings), fittedOn);
    }
    Trainer.Stopped stopped = fitModel(context, roles.notFeatures(), inputSchema, fitted, data.rows(partition.validation().toArray()));
    return new Trained(stopped.pipeline(), data, original, fingerprint, stopped.tribuoModel(), stopped.report(), audit, profile);
  }

  /**
   * The columns {@link #train} leaves out, and where: dropped ones, those that are not inputs of
   * a request, and those that are not features of the model.
   *
   * @param droppedColumns the columns {@link Builder#drop} names
   * @param droppedInputs the dropped columns that are not inputs either: a dropped column that a
   *     window or aggregate step reads (an entity key, a cutoff time) stays an input, since
   *     requests carry it and the step reads it before it leaves
   */
  private record ColumnRoles(List<String> droppedColumns, List<String> droppedInputs, List<String> notInputs, Set<String> notFeatures) {}

  private ColumnRoles columnRoles() {
    Set<String> readByStep = new HashSet<>();
    Set<String> readByFeatureStep = new HashSet<>();
    for (Extractor step : steps) {
      readByStep.addAll(step.columns());
      if (!(step instanceof EventExtractor)) {
        readByFeatureStep.addAll(step.columns());
      }
    }
    List<String> droppedInputs = dropped.stream().filter(d -> !readByStep.contains(d) || readByFeatureStep.contains(d)).toList();
    // The column of a group or time split stays in the training part (cross-fitting folds read
    // it) but is not an input unless a step reads it. The key and time columns of window and
    // aggregate steps are inputs (a request carries them) but not features unless another step
    // reads them.
    List<String> notInputs = new ArrayList<>(List.of(target));
    split.column().filter(c -> !readByStep.contains(c) && !c.equals(target)).ifPresent(notInputs::add);
    Set<String> notFeatures = new LinkedHashSet<>(notInputs);
    split.column().filter(c -> !readByFeatureStep.contains(c)).ifPresent(notFeatures::add);
    readByStep.stream().filter(c -> !readByFeatureStep.contains(c)).forEach(notFeatures::add);
    return new ColumnRoles(dropped, droppedInputs, notInputs, notFeatures);
  }

  /**
   * Fits the leading event steps and returns the whole table with their columns. Event steps
   * learn nothing: they run over the whole table so that a held-out row's window holds the rows
   * before it, as the history will at predict time. They see dropped columns too, since a window
   * may read a column's past without it being a feature.
   */
  private Table fitEventSteps(Table table, Table allTrainingColumns, Task resolvedTask, List<FittedTransform> fitted) {
    Table data = table;
    for (int s = 0; s < leadingEventSteps(); s++) {
      EventTransform t = ((EventExtractor) steps.get(s)).fit(FitContext.of(allTrainingColumns, target, resolvedTask, split, seed));
      data = t.apply(data);
      fitted.add(t);
    }
    return data;
  }

  /**
   * Fits the steps after the event steps in order, each on the previous one's output, adding
   * each fitted step to {@code fitted} and what it was fitted on to {@code fittedOn}; returns the
   * context over the last step's output.
   */
  private FitContext fitFeatureSteps(FitContext context, Table train, Checked checked, List<FittedTransform> fitted,
      List<Audit.FittedOn> fittedOn) {
    Map<Table, Fingerprint> originals = new java.util.IdentityHashMap<>();
    Table trainFeatures = context.table();
    for (int s = leadingEventSteps(); s < steps.size(); s++) {
      Extractor step = steps.get(s);
      if (checked.deferred().contains(s)) {
        checkStep(step, trainFeatures.schema());
      }
      FittedTransform t = step.fit(context);
      fittedOn.add(new Audit.FittedOn(step.name(), context.table().rowCount(),
          originals.computeIfAbsent(context.originalRows(), Fingerprint::of).sha256()));
      trainFeatures = step.applyToTraining(t, context);
      fitted.add(t);
      context = context.withTable(trainFeatures, train);
    }
    return context;
  }

  /**
   * Trains the model on the features of {@code context}'s table, then stops it early and
   * calibrates it on the validation rows when the pipeline asks for either.
   */
  private Trainer.Stopped fitModel(FitContext context, Set<String> notFeatures, Schema inputSchema, List<FittedTransform> fitted,
      Table validation) {
    Task resolvedTask = context.task();
    Table trainFeatures = context.table();
    FeatureMatrix.Layout layout =
        FeatureMatrix.Layout.of(trainFeatures.drop(notFeatures.stream().filter(trainFeatures::hasColumn).toArray(String[]::new)));
    List<String> classes = context.classes();
    Trainer.TrainingSet trainingSet = new Trainer.TrainingSet(
        resolvedTask,
        target,
        layout.names(),
        layout.trainingMatrix(trainFeatures),
        classes,
        resolvedTask == Task.CLASSIFICATION ? context.classIndices() : null,
        resolvedTask == Task.REGRESSION ? context.targetValues() : null);
    Trainer.TrainedModel trained = trainer.train(trainingSet, seed);
    FittedPipeline pipeline = RuntimeAccess.pipelines().create(inputSchema, target, resolvedTask, classes, fitted, layout, trained.model());
    Trainer.Stopped stopped = trainer.stopEarly(pipeline, trained, trainingSet, seed, validation);
    if (calibrator == null) {
      return stopped;
    }
    FittedPipeline calibrated = stopped.pipeline().withCalibration(calibrate(stopped.pipeline(), validation));
    return new Trainer.Stopped(calibrated, stopped.tribuoModel(), stopped.report());
  }

  /**
   * Checks the data, splits the table, adds the augmenters' rows to the training part (and
   * nowhere else), fits every step on the training part only, trains the model, evaluates it on
   * the held-out part, audits the fit for leakage and returns the result with its bundle.
   *
   * @throws IllegalArgumentException listing every problem of the spec against this table at
   *     once, or else every failed data check at once; nothing is split or fitted then
   * @throws IllegalStateException under {@link Builder#strictAudit(AuditFinding.Severity)}, listing
   *     every audit finding at or above the severity; no result or bundle is made then; or when
   *     the environment variable {@code SOURCE_DATE_EPOCH} (the bundle's creation time, see
   *     {@link ModelBundle}) is set but not whole seconds since the epoch
   */
  public PipelineResult fit(Table table) {
    Checked checked = checkAgainst(table);
    checkData(table);
    Partition partition = split.partition(table, target, seed);
    Trained trained = train(table, checked, partition, Auditing.AUDIT_AND_PROFILE);
    FittedPipeline pipeline = trained.pipeline();
    Table data = trained.data();
    FitContext original = trained.original();
    Fingerprint fingerprint = trained.fingerprint();

    // The baselines learn from the original training rows, as they would without augmentation.
    Evaluation.Result test = evaluate(pipeline, data.rows(partition.test().toArray()), original);
    Evaluation.Result validation = partition.validation().isEmpty()
        ? null
        : evaluate(pipeline, data.rows(partition.validation().toArray()), original);
    Map<String, Double> testMetrics = values(test);
    ModelBundle.Builder bundle = RuntimeAccess.bundles().builder(pipeline)
        .spec(trained.specWithStopping(spec()))
        .estimates(test.estimates())
        .training(fingerprint)
        .audit(trained.audit())
        .profile(trained.profile());
    if (keepTribuoModel) {
      bundle.tribuoModel(trained.tribuoModel());
    }
    return new PipelineResult(pipeline, bundle.build(), partition, testMetrics, validation == null ? ImmutableMap.of() : values(validation),
        test.estimates(), test.warnings(), test.outcomes(), Optional.ofNullable(validation).map(Evaluation.Result::outcomes),
        trained.audit(), trained.profile());
  }

  /**
   * Runs the target checks every pipeline runs and the builder's data checks on the whole
   * table, before anything is split or fitted, and reports every failure at once.
   */
  private void checkData(Table table) {
    List<String> failures = new ArrayList<>();
    DataChecks.checkTarget(table, target, failures);
    for (DataCheck c : checks) {
      c.evaluate(table, failures);
    }
    if (!failures.isEmpty()) {
      throw new IllegalArgumentException("the data fail " + failures.size() + (failures.size() == 1 ? " check" : " checks")
          + "; nothing was split or fitted:\n- " + String.join("\n- ", failures));
    }
  }

  /** Under strict audit, refuses the fit when a finding is at or above the strict severity. */
  private void enforce(List<AuditFinding> findings) {
    if (strictAudit == null) {
      return;
    }
    List<AuditFinding> refused = LeakageAudit.ordered(findings).stream()
        .filter(f -> f.severity().compareTo(strictAudit) >= 0).toList();
    if (!refused.isEmpty()) {
      StringBuilder s = new StringBuilder("strict audit: " + refused.size() + (refused.size() == 1 ? " finding" : " findings")
          + " at or above " + strictAudit + "; no model or bundle was made. Fix each, or relax strictAudit(...):");
      refused.forEach(f -> s.append("\n- ").append(f));
      throw new IllegalStateException(s.toString());
    }
  }

  /** The number of event steps; {@link Builder#build()} has checked that they come first. */
  private int leadingEventSteps() {
    int n = 0;
    while (n < steps.size() && steps.get(n) instanceof EventExtractor) {
      n++;
    }
    return n;
  }

  /**
   * Fits the steps and the trainer on the training rows of {@code partition} (stopping early
   * and calibrating on its validation rows, when there are any) and returns the fitted pipeline
   * without scoring or auditing anything: the tuner's trials, which score their own held-out rows.
   */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public FittedPipeline fitOn(Table table, Partition partition) {
    return train(table, checkAgainst(table), partition, Auditing.NONE).pipeline();
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
    return checkAgainst(table).task();
  }

  /** What {@link #train} made, and what fit() evaluates and bundles. */
  private record Trained(FittedPipeline pipeline, Table data, FitContext original, Fingerprint fingerprint, byte[] tribuoModel,
      Map<String, Object> stopping, Audit audit, Profile profile) {

    /** The spec with the trainer's early-stopping outcome (rounds used) added, when it stopped early. */
    Map<String, Object> specWithStopping(Map<String, Object> spec) {
      if (!stopping.isEmpty()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> trainer = new LinkedHashMap<>((Map<String, Object>) spec.get("trainer"));
        trainer.put("earlyStopping", stopping);
        spec.put("trainer", trainer);
      }
      return spec;
    }
  }

  /**
   * The rows every augmenter adds to the training part, in the order the augmenters were added,
   * each with its source row; each augmenter sees the original training rows.
   */
  private Augmentation augment(Table train) {
    Table rows = train.rows(new int[0]);
    ImmutableIntArray.Builder sources = ImmutableIntArray.builder();
    for (Augmenter augmenter : augmenters) {
      Augmentation added = augmenter.augment(train, seed);
      if (added == null) {
        throw new IllegalStateException(augmenter.name() + " returned null; an augmenter that adds nothing returns"
            + " Augmentation.none(trainingPart)");
      }
      checkAugmentation(augmenter, added, train);
      rows = rows.concat(added.rows());
      sources.addAll(added.sourceRows());
    }
    return new Augmentation(rows, sources.build());
  }

  /** Refuses added rows with other columns than the training part's, unknown sources or a changed target. */
  private void checkAugmentation(Augmenter augmenter, Augmentation added, Table train) {
    Schema expected = train.rows(new int[0]).schema();
    Schema actual = added.rows().rows(new int[0]).schema();
    if (!expected.equals(actual)) {
      throw new IllegalStateException(augmenter.name() + " returned rows with the columns " + describe(actual)
          + " but the training part has " + describe(expected) + "; an augmenter returns rows with exactly the training"
          + " part's columns and types, e.g. trainingPart.rows(sources).withText(column, newValues)");
    }
    Table rows = added.rows();
    for (int i = 0; i < added.size(); i++) {
      int source = added.sourceRows().get(i);
      if (source >= train.rowCount()) {
        throw new IllegalStateException(augmenter.name() + " says added row " + i + " comes from training row " + source
            + ", but the training part has " + train.rowCount() + " rows; source rows are indices into the training part");
      }
      Object before = train.value(target, source);
      Object after = rows.value(target, i);
      if (!Objects.equals(before, after)) {
        throw new IllegalStateException(augmenter.name() + " changed the target '" + target + "' of added row " + i
            + " from " + before + " (its source row " + source + ") to " + after + "; an added row keeps its source row's"
            + " target, so the augmenter must copy it unchanged");
      }
    }
  }

  private static String describe(Schema schema) {
    return schema.columns().stream().map(f -> f.name() + " " + f.type()).toList().toString();
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

  private static Map<String, Double> values(Evaluation.Result result) {
    Map<String, Double> out = new LinkedHashMap<>();
    result.estimates().forEach(e -> out.put(e.name(), e.value()));
    return ImmutableMap.copyOf(out);
  }

  /**
   * Fits the calibration maps on the validation rows, which the model never trained on: for two
   * classes one map for the second class, otherwise one per class (one-vs-rest).
   */
  private List<CalibrationMap> calibrate(FittedPipeline pipeline, Table validation) {
    if (pipeline.task() != Task.CLASSIFICATION) {
      throw new IllegalArgumentException("calibrate(" + calibrator.name() + ") calibrates class probabilities, but target '" + target
          + "' makes this " + pipeline.task() + "; remove calibrate(...) for regression");
    }
    Outcomes outcomes = Outcomes.of(pipeline.scoreAfterEventSteps(validation), validation, target);
    int[] truth = outcomes.trueClasses();
    int k = pipeline.classes().size();
    List<CalibrationMap> maps = new ArrayList<>();
    for (int c = k == 2 ? 1 : 0; c < k; c++) {
      int[] positive = new int[truth.length];
      for (int r = 0; r < truth.length; r++) {
        positive[r] = truth[r] == c ? 1 : 0;
      }
      maps.add(calibrator.fit(outcomes.probabilities(c), positive));
    }
    return maps;
  }

  /** The task, and the steps whose columns earlier steps make, checked when they are reached. */
  private record Checked(Task task, Set<Integer> deferred) {}

  /** Checks a step that reads columns an earlier step made, against the table as it is then. */
  private static void checkStep(Extractor step, Schema current) {
    List<String> problems = new ArrayList<>();
    step.check(current, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the pipeline does not fit this table:\n- " + String.join("\n- ", problems));
    }
  }

  /**
   * Every problem of this spec against the table, reported at once. A step that reads a column
   * the table lacks is checked later, when it is reached, if an earlier step may make that
   * column (a calendar step's {@code When_hour}, an imputer's indicator).
   */
  private Checked checkAgainst(Table table) {
    List<String> problems = new ArrayList<>();
    Schema schema = table.schema();
    Task resolved = task;
    if (!table.hasColumn(target)) {
      problems.add("target '" + target + "' is not in the table; the table has " + schema.names() + ". Check the spelling.");
    } else {
      ColumnType type = table.type(target);
      if (type == ColumnType.TIMESTAMP) {
        problems.add("target '" + target + "' is TIMESTAMP; a target must be CATEGORICAL (classification) or NUMERIC (regression).");
      } else if (resolved == null) {
        resolved = Targets.inferTask(table, target);
      } else if (resolved == Task.REGRESSION && type != ColumnType.NUMERIC) {
        problems.add("task is REGRESSION but target '" + target + "' is " + type + "; regression needs a NUMERIC target."
            + " Declare it with CsvOptions.numeric(\"" + target + "\") or use Task.CLASSIFICATION.");
      }
    }
    if (resolved != null) {
      trainer.check(resolved, target, problems);
    }
    for (String d : dropped) {
      if (!table.hasColumn(d)) {
        problems.add("drop names column '" + d + "', which is not in the table; the table has " + schema.names() + ".");
      }
      if (d.equals(target)) {
        problems.add("drop names the target '" + target + "'; the target is never a feature, so leave it out of drop().");
      }
    }
    split.check(schema, problems);
    if (auditGroups != null && !table.hasColumn(auditGroups)) {
      problems.add("auditGroups names column '" + auditGroups + "', which is not in the table; the table has " + schema.names()
          + ". Check the spelling.");
    }
    for (Augmenter a : augmenters) {
      if (a.columns().contains(target)) {
        problems.add(a.name() + " changes the target '" + target + "'; an augmenter may not change the target (added rows"
            + " keep their source row's label). Remove '" + target + "' from the augmenter's columns.");
      } else {
        a.check(schema, problems);
      }
    }
    Set<String> readByStep = new HashSet<>();
    Set<Integer> deferred = new HashSet<>();
    for (int s = 0; s < steps.size(); s++) {
      Extractor step = steps.get(s);
      if (step.columns().contains(target)) {
        problems.add(step.name() + " reads the target '" + target + "'; no step may read the target (it would leak the label into the features).");
      }
      if (s > 0 && !(step instanceof EventExtractor) && !step.columns().stream().allMatch(table::hasColumn)) {
        deferred.add(s);
      } else {
        step.check(schema, problems);
      }
      readByStep.addAll(step.columns());
    }
    Set<String> passive = new LinkedHashSet<>(schema.names());
    passive.remove(target);
    passive.removeAll(dropped);
    passive.removeAll(readByStep);
    split.column().ifPresent(passive::remove);
    for (String column : passive) {
      ColumnType type = table.type(column);
      if (type != ColumnType.NUMERIC && type != ColumnType.VECTOR) {
        problems.add("column '" + column + "' is " + type + " and no step turns it into numbers; "
            + (type == ColumnType.CATEGORICAL
                ? "add Features.oneHot(\"" + column + "\") or Features.meanEncoding(\"" + column + "\")"
                : "add a step that reads it")
            + ", or leave it out with .drop(\"" + column + "\").");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the pipeline does not fit this table:\n- " + String.join("\n- ", problems));
    }
    return new Checked(resolved, deferred);
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
     * Bootstrap resamples of the held-out rows behind each metric's interval and the test of
     * the model against its baselines; 1000 by default, 0 turns both off (a faster fit).
     */
    public Builder bootstrap(int resamples) {
      if (resamples < 0 || (resamples > 0 && resamples < 100)) {
        throw new IllegalArgumentException("bootstrap(" + resamples + "): give 0 to turn intervals off, or at least 100 resamples");
      }
      this.resamples = resamples;
      return this;
    }

    /** Another way to compute the metrics' intervals (see mlengine-eval's {@code Bounds}). */
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
     * in every row and is not constant); every failure is reported at once.
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
     * time.
     *
     * <pre>{@code
     * .trainer(Trainers.cart()).keepTribuoModel()
     * }</pre>
     */
    public Builder keepTribuoModel() {
      this.keepTribuoModel = true;
      return this;
    }

    /** The seed of every random choice: the split, augmentation, cross-fitting and training; 0 by default. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Event steps run over the whole table before the split, so they come first; a window over
     * the table's own rows needs a split that keeps each row's past on its side (time-ordered, or
     * by group).
     */
    private void checkEventSteps(List<String> problems) {
      boolean other = false;
      for (Extractor step : steps) {
        if (!(step instanceof EventExtractor event)) {
          other = true;
          continue;
        }
        if (other) {
          problems.add(step.name() + " is added after a step that is not a window or aggregate; window and aggregate steps"
              + " run over the whole table before the split, so add them first.");
        }
        boolean byGroup = split != null && !split.isTimeOrdered() && !split.isKFold() && split.column().isPresent();
        if (event.readsOwnRows() && split != null && !split.isTimeOrdered() && (!byGroup || !step.columns().contains(split.column().get()))) {
          problems.add(step.name() + " reads earlier rows of the table, and " + (byGroup
              ? "the group split by '" + split.column().get() + "' is not its entity, so a training row's window would hold"
                  + " held-out rows of other groups. Make the window by(\"" + split.column().get() + "\"), or"
              : "a " + (split.isKFold() ? "k-fold" : "random") + " split puts rows of one time on both sides, so training rows'"
                  + " windows would hold held-out values. Use")
              + " Split.timeOrdered(\"time column\", 0.8) (with .gap(...) for a forecast horizon), or Split.group by the entity.");
        }
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
      checkEventSteps(problems);
      if (trainer != null && trainer.stopsEarly() && split != null && !split.hasValidation()) {
        problems.add(trainer.name() + " stops early on the validation part, but the split has none; give it one, e.g."
            + " Split.stratified(0.8).validation(0.2), or drop earlyStopping(...).");
      }
      if (calibrator != null && split != null && !split.hasValidation()) {
        problems.add("calibrate(" + calibrator.name() + ") needs rows the model never trained on; give the split a validation"
            + " part, e.g. Split.stratified(0.8).validation(0.2).");
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
