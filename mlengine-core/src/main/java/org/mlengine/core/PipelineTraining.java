package org.mlengine.core;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.mlengine.core.internal.LeakageAudit;
import org.mlengine.core.internal.LibraryStep;
import org.mlengine.core.spi.Augmenter;
import org.mlengine.core.spi.Calibrator;
import org.mlengine.core.spi.EventExtractor;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.Audit;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.runtime.CalibrationMap;
import org.mlengine.runtime.Fingerprint;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.IntArray;
import org.mlengine.runtime.Profile;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.runtime.spi.FittedTransform;

/** One fit of a {@link Pipeline} on a partition's training rows: augmentation, steps, trainer, early stopping, calibration and the leakage audit. */
final class PipelineTraining {
  private final String target;
  private final Split split;
  private final ImmutableList<Augmenter> augmenters;
  private final ImmutableList<Extractor> steps;
  private final ImmutableList<String> dropped;
  private final Trainer trainer;
  private final Calibrator calibrator;
  private final long seed;
  private final AuditFinding.Severity strictAudit;
  private final String auditGroups;
  private final String sampleWeights;

  PipelineTraining(Pipeline pipeline) {
    this.target = pipeline.target;
    this.split = pipeline.split;
    this.augmenters = pipeline.augmenters;
    this.steps = pipeline.steps;
    this.dropped = pipeline.dropped;
    this.trainer = pipeline.trainer;
    this.calibrator = pipeline.calibrator;
    this.seed = pipeline.seed;
    this.strictAudit = pipeline.strictAudit;
    this.auditGroups = pipeline.auditGroups;
    this.sampleWeights = pipeline.sampleWeights;
  }

  /**
   * Whether {@link #train} audits the fit for leakage and profiles the training part: {@link Pipeline#fit}
   * does, to report both; the tuner's trials ({@link Pipeline#fitOn}) score their own held-out rows and
   * do neither.
   */
  enum Auditing {
    AUDIT_AND_PROFILE,
    /** The refit of {@link Pipeline.Builder#refitOnAll()}: every row is a training row, so there is nothing to audit. */
    PROFILE_ONLY,
    NONE
  }

  /**
   * Fits every step and the trainer on the training rows of {@code partition} (stopping early
   * and calibrating on its validation rows), auditing the data and the steps under {@link
   * Auditing#AUDIT_AND_PROFILE}; what {@link Pipeline#fit} evaluates and bundles, and what the tuner
   * refits per fold. Each phase's time goes to {@code timings} (split, fingerprint, profile, audit,
   * features, train, calibrate).
   */
  Trained train(Table table, PipelineChecks.Checked checked, Partition partition, Auditing auditing, FitTimings timings) {
    Task resolvedTask = checked.task();
    ColumnRoles roles = columnRoles();
    Table allTrainingColumns = table.rows(partition.train().toArray());
    String[] droppedInputs = roles.droppedInputs().toArray(String[]::new);
    Table train = allTrainingColumns.drop(droppedInputs);
    if (sampleWeights != null) {
      SampleWeights.checkTrainingPart(train.numericColumn(sampleWeights), sampleWeights);
    }
    Schema inputSchema = train.drop(roles.notInputs().toArray(String[]::new)).schema();
    timings.lap("split");
    Fingerprint fingerprint = Fingerprint.of(train);
    timings.lap("fingerprint");
    Profile profile = auditing != Auditing.NONE ? Profile.of(train) : null;
    timings.lap("profile");
    List<AuditFinding> findings = auditData(table, droppedInputs, partition, resolvedTask, inputSchema, auditing);
    timings.lap("audit");

    List<FittedTransform> fitted = new ArrayList<>();
    Table data = fitEventSteps(table, allTrainingColumns, resolvedTask, fitted).drop(roles.droppedColumns().toArray(String[]::new));
    // The steps after the event steps see the training rows with their window columns.
    Fingerprint stepsFingerprint = fingerprint;
    if (leadingEventSteps() > 0) {
      train = data.rows(partition.train().toArray());
      stepsFingerprint = Fingerprint.of(train);
    }

    // Cross-fitting folds read only the target and the split's column: the steps' contexts keep those
    // (foldSource), not the whole training part, which can go once the first step has run (#15).
    Table foldSource = train.select(foldColumns(train));
    FitContext context = FitContext.of(train, target, resolvedTask, split, seed).withTable(train, foldSource);
    // The baselines read the original training rows' targets only (a context over the target column alone),
    // made from the steps' context so that both share the classes of the rows (#15: 13 MB at 3.2M rows).
    FitContext original = context.withTable(train.select(target), train.select(target));
    if (!augmenters.isEmpty()) {
      Augmentation added = augment(train);
      context = context.withAugmentedRows(train.concat(added.rows()), added.sourceRows());
      fingerprint = fingerprint.withAugmentedRows(added.size());
      stepsFingerprint = stepsFingerprint.withAugmentedRows(added.size());
    }
    List<Audit.FittedOn> fittedOn = new ArrayList<>();
    FitContext[] handOver = {context};   // handed over: this frame keeps no reference to the training part
    context = null;
    train = null;
    allTrainingColumns = null;
    context = fitFeatureSteps(handOver, foldSource, stepsFingerprint, checked, fitted, fittedOn);
    timings.lap("features");
    Audit audit = auditing == Auditing.AUDIT_AND_PROFILE ? auditSteps(findings, fittedOn, stepsFingerprint) : null;
    timings.lap("audit");
    Table trainFeatures = context.table();
    List<String> classes = context.classes();
    int[] classIndices = resolvedTask == Task.CLASSIFICATION ? context.classIndices() : null;
    // Only the last step's output is needed now: letting go of the earlier steps' tables before the
    // feature matrix is made keeps a large fit within its heap (#15: 4M rows in 2 GB).
    context = null;
    Trainer.Stopped stopped = fitModel(trainFeatures, resolvedTask, classes, classIndices, roles.notFeatures(), inputSchema, fitted,
        data.rows(partition.validation().toArray()), timings);
    return new Trained(stopped.pipeline(), data, original, fingerprint, stopped.tribuoModel(), stopped.report(), audit, profile,
        stopped.warnings());
  }

  /** The data audit's findings before any step is fitted (none unless the audit is on); refuses the fit on a finding that must stop it. */
  private List<AuditFinding> auditData(Table table, String[] droppedInputs, Partition partition, Task task, Schema inputSchema,
      Auditing auditing) {
    List<AuditFinding> findings = new ArrayList<>();
    if (auditing == Auditing.AUDIT_AND_PROFILE) {
      findings.addAll(LeakageAudit.ofData(table, table.drop(droppedInputs), partition, target, task, inputSchema.names(), split,
          Optional.ofNullable(auditGroups)));
      findings.addAll(LeakageAudit.ofEventSteps(steps));
      enforce(findings);
    }
    return findings;
  }

  /** The audit of the data's findings and the fitted steps'; refuses the fit on a finding that must stop it. */
  private Audit auditSteps(List<AuditFinding> findings, List<Audit.FittedOn> fittedOn, Fingerprint stepsFingerprint) {
    findings.addAll(LeakageAudit.ofFittedSteps(fittedOn, stepsFingerprint, leadingEventSteps()));
    enforce(findings);
    return new Audit(LeakageAudit.ordered(findings), fittedOn);
  }

  /**
   * The columns {@link #train} leaves out, and where: dropped ones, those that are not inputs of
   * a request, and those that are not features of the model.
   *
   * @param droppedColumns the columns {@link Pipeline.Builder#drop} names
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
    // The sample weights travel with the training rows, through the steps, to the trainer only.
    if (sampleWeights != null) {
      notInputs.add(sampleWeights);
    }
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

  /** The columns cross-fitting folds read: the target and the split's own column (a group or time column), if the rows have it. */
  private String[] foldColumns(Table train) {
    Set<String> columns = new LinkedHashSet<>(List.of(target));
    split.column().filter(train::hasColumn).ifPresent(columns::add);
    return columns.toArray(String[]::new);
  }

  /**
   * Fits the steps after the event steps in order, each on the previous one's output, adding
   * each fitted step to {@code fitted} and what it was fitted on to {@code fittedOn}; returns the
   * context over the last step's output. {@code first} holds the first step's context, which this
   * takes out of it, so that the training part can be collected once the first step has run.
   */
  private FitContext fitFeatureSteps(FitContext[] first, Table foldSource, Fingerprint trainFingerprint, PipelineChecks.Checked checked,
      List<FittedTransform> fitted, List<Audit.FittedOn> fittedOn) {
    FitContext context = first[0];
    first[0] = null;
    // The steps' original rows are the training part (already hashed) unless a step says otherwise.
    Map<Table, Fingerprint> originals = new java.util.IdentityHashMap<>();
    originals.put(foldSource, trainFingerprint);
    Table trainFeatures = context.table();
    // The training part is this fit's own copy of the caller's rows, and a step of this library
    // outputs its input's columns and new arrays only: until another step has run, nothing else
    // reads the arrays of a step's input, and the step may write its output over them (#15).
    // Any other step may keep its input, so it is handed neither an owned context nor 0/1 bytes.
    boolean owned = true;
    for (int s = leadingEventSteps(); s < steps.size(); s++) {
      Extractor step = steps.get(s);
      boolean ours = step instanceof LibraryStep;
      Table plain = ours ? context.table() : plainColumns(context.table());
      if (plain != context.table()) {
        context = context.withTable(plain, context.originalRows());
      }
      if (checked.deferred().contains(s)) {
        PipelineChecks.checkStep(step, trainFeatures.schema());
      }
      FittedTransform t = step.fit(context);
      fittedOn.add(new Audit.FittedOn(step.name(), context.table().rowCount(),
          originals.computeIfAbsent(context.originalRows(), Fingerprint::of).sha256()));
      trainFeatures = step.applyToTraining(t, owned && ours ? context.owningTable() : context);
      owned &= ours;
      fitted.add(t);
      context = context.withTable(trainFeatures, foldSource);
    }
    return context;
  }

  /**
   * The table with each one-hot column held as 0/1 bytes ({@link Column.Indicator}) as the
   * doubles it reads as, or the table itself when it holds none: what a step that is not this
   * library's reads, as it would from {@code apply}.
   */
  private static Table plainColumns(Table table) {
    List<Column> columns = RuntimeAccess.tables().columns(table);
    return columns.stream().noneMatch(c -> c instanceof Column.Indicator) ? table
        : RuntimeAccess.tables().of(columns.stream().map(Column::plain).toList());
  }

  /**
   * Trains the model on the last step's output {@code trainFeatures} (whose rows have the classes
   * {@code classIndices} into {@code classes} under classification), then stops it early and
   * calibrates it on the validation rows when the pipeline asks for either. The feature matrix
   * counts as the features phase; the trainer, its convergence check and early stopping as train.
   */
  private Trainer.Stopped fitModel(Table trainFeatures, Task resolvedTask, List<String> classes, int[] classIndices,
      Set<String> notFeatures, Schema inputSchema, List<FittedTransform> fitted, Table validation, FitTimings timings) {
    FeatureMatrix.Layout layout =
        FeatureMatrix.Layout.of(trainFeatures.drop(notFeatures.stream().filter(trainFeatures::hasColumn).toArray(String[]::new)));
    Trainer.TrainingSet trainingSet = new Trainer.TrainingSet(
        resolvedTask,
        target,
        layout.names(),
        layout.trainingMatrix(trainFeatures),
        classes,
        classIndices,
        resolvedTask == Task.REGRESSION ? trainFeatures.numericColumn(target) : null,
        sampleWeights == null ? null : weights(trainFeatures));
    timings.lap("features");
    Trainer.TrainedModel trained = trainer.train(trainingSet, seed);
    trainer.checkConverged(trained.model());
    FittedPipeline pipeline = RuntimeAccess.pipelines().create(inputSchema, target, resolvedTask, classes, fitted, layout, trained.model());
    Trainer.Stopped stopped = trainer.stopEarly(pipeline, trained, trainingSet, seed, validation).withWarnings(trained.warnings());
    trainer.checkConverged(RuntimeAccess.pipelines().model(stopped.pipeline()));
    timings.lap("train");
    if (calibrator == null) {
      return stopped;
    }
    FittedPipeline calibrated = stopped.pipeline().withCalibration(calibrate(stopped.pipeline(), validation));
    timings.lap("calibrate");
    return new Trainer.Stopped(calibrated, stopped.tribuoModel(), stopped.report(), stopped.warnings());
  }

  /** Each training row's sample weight, augmented rows included (an added row copies its source row's weight). */
  private double[] weights(Table trainFeatures) {
    if (!trainFeatures.hasColumn(sampleWeights)) {
      throw new IllegalStateException("a step removed the sampleWeights column '" + sampleWeights + "' from the training rows;"
          + " a step must pass through the columns it does not read");
    }
    return trainFeatures.numericColumn(sampleWeights);
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

  /** The number of event steps; {@link Pipeline.Builder#build()} has checked that they come first. */
  private int leadingEventSteps() {
    int n = 0;
    while (n < steps.size() && steps.get(n) instanceof EventExtractor) {
      n++;
    }
    return n;
  }

  /** What {@link #train} made, and what Pipeline.fit evaluates and bundles. */
  record Trained(FittedPipeline pipeline, Table data, FitContext original, Fingerprint fingerprint, byte[] tribuoModel,
      Map<String, Object> stopping, Audit audit, Profile profile, List<String> trainerWarnings) {

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
    IntStream.Builder sources = IntStream.builder();
    for (Augmenter augmenter : augmenters) {
      Augmentation added = augmenter.augment(train, seed);
      if (added == null) {
        throw new IllegalStateException(augmenter.name() + " returned null; an augmenter that adds nothing returns"
            + " Augmentation.none(trainingPart)");
      }
      checkAugmentation(augmenter, added, train);
      rows = rows.concat(added.rows());
      added.sourceRows().forEach(sources::add);
    }
    return new Augmentation(rows, IntArray.copyOf(sources.build().toArray()));
  }

  /** Refuses added rows with other columns than the training part's, unknown sources or a changed target or weight. */
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
      unchanged(augmenter, target, "target", train, source, rows, i);
      if (sampleWeights != null) {
        unchanged(augmenter, sampleWeights, "weight", train, source, rows, i);
      }
    }
  }

  /** Refuses an added row whose target or weight differs from its source row's. */
  private static void unchanged(Augmenter augmenter, String column, String what, Table train, int source, Table rows, int i) {
    Object before = train.value(column, source);
    Object after = rows.value(column, i);
    if (!Objects.equals(before, after)) {
      throw new IllegalStateException(augmenter.name() + " changed the " + what + " '" + column + "' of added row " + i
          + " from " + before + " (its source row " + source + ") to " + after + "; an added row keeps its source row's"
          + " " + what + ", so the augmenter must copy it unchanged");
    }
  }

  private static String describe(Schema schema) {
    return schema.columns().stream().map(f -> f.name() + " " + f.type()).toList().toString();
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
}
