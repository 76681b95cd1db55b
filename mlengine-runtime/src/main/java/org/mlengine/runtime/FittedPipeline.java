package org.mlengine.runtime;

import org.apiguardian.api.API;
import org.mlengine.runtime.CalibrationMap;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.Finite;
import org.mlengine.runtime.internal.RowScorer;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.internal.ScoringModel;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.runtime.spi.FittedTransform;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A pipeline after fitting: the input schema, the fitted steps in order and the trained model.
 * Immutable and thread-safe. It scores whole tables; {@code Predictor} (mlengine-serving) wraps
 * it for single requests.
 *
 * <pre>{@code
 * FittedPipeline fitted = result.pipeline();
 * Table features = fitted.transform(newRows);     // the model's inputs
 * Scores scores = fitted.score(newRows);           // the model's outputs
 * }</pre>
 */
public final class FittedPipeline {
  /** The rows {@link #score} puts in one feature matrix: 65,536 rows of 26 features take 20 MB. */
  private static final int SCORING_BLOCK_ROWS = 1 << 16;

  private final Schema inputSchema;
  private final String target;
  private final Task task;
  private final List<String> classes;
  private final List<FittedTransform> transforms;
  private final FeatureMatrix.Layout layout;
  private final ScoringModel model;
  private final RowScorer rowScorer;
  private final List<CalibrationMap> calibration;
  private final int eventSteps;

  static {
    RuntimeAccess.register(new RuntimeAccess.Pipelines() {
      @Override
      public FittedPipeline create(Schema inputSchema, String target, Task task, List<String> classes, List<FittedTransform> transforms,
          FeatureMatrix.Layout layout, ScoringModel model) {
        return new FittedPipeline(inputSchema, target, task, classes, transforms, layout, model);
      }

      @Override
      public ScoringModel model(FittedPipeline pipeline) {
        return pipeline.model();
      }

      @Override
      public FeatureMatrix.Layout layout(FittedPipeline pipeline) {
        return pipeline.layout();
      }

      @Override
      public java.util.Optional<RowScorer> rowScorer(FittedPipeline pipeline) {
        return pipeline.rowScorer();
      }
    });
  }

  FittedPipeline(Schema inputSchema, String target, Task task, List<String> classes, List<FittedTransform> transforms,
      FeatureMatrix.Layout layout, ScoringModel model) {
    this(inputSchema, target, task, classes, transforms, layout, model, List.of());
  }

  FittedPipeline(Schema inputSchema, String target, Task task, List<String> classes, List<FittedTransform> transforms,
      FeatureMatrix.Layout layout, ScoringModel model, List<CalibrationMap> calibration) {
    this.inputSchema = Objects.requireNonNull(inputSchema);
    this.target = Objects.requireNonNull(target);
    this.task = Objects.requireNonNull(task);
    this.classes = List.copyOf(classes);
    this.transforms = List.copyOf(transforms);
    this.layout = Objects.requireNonNull(layout);
    this.model = Objects.requireNonNull(model);
    this.calibration = List.copyOf(calibration);
    int events = 0;
    while (events < this.transforms.size() && this.transforms.get(events) instanceof EventTransform) {
      events++;
    }
    this.eventSteps = events;
    this.rowScorer = RowScorer.compile(inputSchema, this.transforms, layout, model, this::calibrate);
  }

  /** This pipeline with calibration maps applied to its probabilities. */
  public FittedPipeline withCalibration(List<CalibrationMap> maps) {
    return new FittedPipeline(inputSchema, target, task, classes, transforms, layout, model, maps);
  }

  /** The calibration maps (one for two classes, one per class otherwise); empty when uncalibrated. */
  public List<CalibrationMap> calibration() {
    return calibration;
  }

  /**
   * Calibrates a row's probabilities in place: with two classes the second class's map gives
   * its probability and the first gets the rest; with more, each class's map applies and the
   * results are normalised to sum to one (equal shares if all are zero), as scikit-learn's
   * {@code CalibratedClassifierCV} does.
   */
  double[] calibrate(double[] p) {
    if (calibration.isEmpty()) {
      return p;
    }
    if (p.length == 2) {
      p[1] = calibration.get(0).apply(p[1]);
      p[0] = 1 - p[1];
      return p;
    }
    double sum = 0;
    for (int c = 0; c < p.length; c++) {
      p[c] = calibration.get(c).apply(p[c]);
      sum += p[c];
    }
    for (int c = 0; c < p.length; c++) {
      p[c] = sum == 0 ? 1.0 / p.length : p[c] / sum;
    }
    return p;
  }

  /**
   * The pipeline compiled for scoring single rows without tables, when every step has a row
   * form ({@link FittedTransform#compile(Slots)}); empty otherwise.
   */
  java.util.Optional<RowScorer> rowScorer() {
    return java.util.Optional.ofNullable(rowScorer);
  }

  /**
   * Whether every step has a row form ({@link FittedTransform#compile}), so that single rows are
   * scored without building tables: the predictor's fast path.
   */
  public boolean scoresRowsDirectly() {
    return rowScorer != null;
  }

  /** The columns a row must have, with their types and the categories seen in training. */
  public Schema inputSchema() {
    return inputSchema;
  }

  /** The target column the model predicts. */
  public String target() {
    return target;
  }

  /** Classification or regression. */
  public Task task() {
    return task;
  }

  /** The class labels, sorted (empty for regression). */
  public List<String> classes() {
    return classes;
  }

  /** The fitted steps in the order they run. */
  public List<FittedTransform> transforms() {
    return transforms;
  }

  /**
   * The model's input features in order, after all steps: a NUMERIC column gives one, a VECTOR
   * column one per dimension.
   */
  public List<String> featureNames() {
    return layout.names();
  }

  /**
   * The model's features for every row: checks the input columns against the schema, runs the
   * fitted steps and returns a table of the feature columns (NUMERIC, or VECTOR for steps such as
   * a bag of words) that make up {@link #featureNames()}.
   *
   * @throws InvalidInputException when a column is missing or has the wrong type, or a NUMERIC
   *     input is infinite
   */
  public Table transform(Table table) {
    List<String> keep = new ArrayList<>(List.of(checkedInputs(table)));
    for (EventTransform t : eventTransforms()) {
      t.pastColumns().stream().filter(c -> table.hasColumn(c) && !keep.contains(c)).forEach(keep::add);
    }
    Table current = table.select(keep.toArray(String[]::new));
    for (FittedTransform t : transforms) {
      current = t.apply(current);
    }
    return current.select(layout.columns().toArray(String[]::new));
  }

  /**
   * The model's features for every row, with window and aggregate steps reading each row's past
   * from {@code history} rather than from the table's other rows (see {@link History}).
   */
  public Table transform(Table table, History history) {
    Objects.requireNonNull(history, "history");
    Table current = table.select(checkedInputs(table));
    for (int s = 0; s < transforms.size(); s++) {
      current = s < eventSteps ? eventTransforms().get(s).apply(current, history) : transforms.get(s).apply(current);
    }
    return current.select(layout.columns().toArray(String[]::new));
  }

  /** The window and aggregate steps, which run first. */
  public List<EventTransform> eventTransforms() {
    List<EventTransform> out = new ArrayList<>();
    for (int s = 0; s < eventSteps; s++) {
      out.add((EventTransform) transforms.get(s));
    }
    return List.copyOf(out);
  }

  /**
   * The feature views the pipeline's steps compute (name, version, fingerprint and definition),
   * in step order; empty when no step uses a view.
   */
  public List<FeatureView> featureViews() {
    List<FeatureView> out = new ArrayList<>();
    for (EventTransform t : eventTransforms()) {
      if (t instanceof org.mlengine.runtime.internal.steps.ViewTransform v) {
        out.add(v.view());
      }
    }
    return List.copyOf(out);
  }

  /**
   * The event streams the window and aggregate steps read at predict time, one per step and
   * source, each with how far back it looks; empty without such steps.
   */
  public List<EventSource> eventSources() {
    Set<EventSource> sources = new LinkedHashSet<>();
    for (EventTransform t : eventTransforms()) {
      sources.addAll(t.sources());
    }
    return List.copyOf(sources);
  }

  /**
   * The model's output for every row.
   *
   * @throws InvalidInputException when a column is missing or has the wrong type, when a NUMERIC
   *     input is infinite, when a step's policy refuses a value, or when a feature is still missing
   *     or not finite after all steps
   */
  public Scores score(Table table) {
    return scoreFeatures(transform(table));
  }

  /** The model's output for every row, with window and aggregate steps reading the past from {@code history}. */
  public Scores score(Table table, History history) {
    return scoreFeatures(transform(table, history));
  }

  /**
   * The model's output for some rows of {@code table}, their window and aggregate columns
   * computed over the whole table (the rows before them included), as when the pipeline was
   * fitted: how the tuner scores a fold's held-out rows.
   */
  public Scores scoreRows(Table table, int[] rows) {
    if (eventSteps == 0) {
      return score(table.rows(rows));
    }
    Table withEvents = table;
    for (EventTransform t : eventTransforms()) {
      withEvents = t.apply(withEvents);
    }
    return scoreAfterEventSteps(withEvents.rows(rows));
  }

  /**
   * The model's output for held-out rows whose window and aggregate columns were computed with
   * the training rows (over the whole table); the other steps run as in {@link #score(Table)}.
   */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public Scores scoreAfterEventSteps(Table table) {
    if (eventSteps == 0) {
      return score(table);
    }
    Table current = table;
    for (FittedTransform t : transforms.subList(eventSteps, transforms.size())) {
      current = t.apply(current);
    }
    return scoreFeatures(current.select(layout.columns().toArray(String[]::new)));
  }

  /**
   * Scores the feature rows a block of {@value #SCORING_BLOCK_ROWS} at a time: the matrix of a
   * block, not of every row, is held at once (issue #15: 800k held-out rows of 26 features took
   * 250 MB as one matrix). The blocks go in row order, so a row that cannot be scored is refused
   * with the same error as when the matrix was made whole. An empty table still makes its (empty)
   * matrix, which checks the columns' types and vector widths as for any other table.
   */
  private Scores scoreFeatures(Table featureTable) {
    int n = featureTable.rowCount();
    double[][] out = new double[n][];
    for (int from = 0; from == 0 || from < n; from += SCORING_BLOCK_ROWS) {
      FeatureMatrix features = layout.scoringMatrix(featureTable, from, Math.min(n, from + SCORING_BLOCK_ROWS));
      for (int r = 0; r < features.rows; r++) {
        out[from + r] = calibrate(model.score(features.index, features.value, features.rowStart[r], features.rowStart[r + 1]));
      }
    }
    return new Scores(task, classes, out);
  }

  /**
   * Checks that a table has every input column with the schema's type and no infinite number in
   * a NUMERIC input, as {@link #transform} does before running the steps.
   *
   * @throws InvalidInputException naming the first column that is missing or of another type, or
   *     the column and row of the first infinite number ({@code column 'x' is Infinity at row 3;
   *     expected a finite number. ...})
   */
  public void checkInputs(Table table) {
    checkedInputs(table);
  }

  ScoringModel model() {
    return model;
  }

  FeatureMatrix.Layout layout() {
    return layout;
  }

  private String[] checkedInputs(Table table) {
    List<String> names = new ArrayList<>();
    for (Schema.Field field : inputSchema.columns()) {
      if (!table.hasColumn(field.name())) {
        throw new InvalidInputException(field.name(), "missing column '" + field.name() + "' (" + field.type()
            + "); the model reads " + inputSchema.names() + ". Add the column; give a missing value as null (or NaN) rather than leaving it out.");
      }
      ColumnType actual = table.type(field.name());
      if (actual != field.type()) {
        throw new InvalidInputException(field.name(), "column '" + field.name() + "' is " + actual + " but the model was trained on "
            + field.type() + ". Give it as " + field.type() + (field.type() == ColumnType.NUMERIC ? " (a number)" : "") + ".");
      }
      names.add(field.name());
    }
    Finite.checkInputs(table, inputSchema);
    return names.toArray(String[]::new);
  }

  /**
   * The task, the steps with the columns they read, and the model on one line, e.g. {@code
   * FittedPipeline[CLASSIFICATION of 'Status' (bad, good): 13 inputs -> mean_encoding(Home, Marital,
   * Records, Job) -> standardize(Seniority, Time, Age, Expenses, Income, Assets, +3 more) -> 13
   * features -> linear model]}.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("FittedPipeline[").append(task).append(" of '").append(target).append('\'');
    if (!classes.isEmpty()) {
      s.append(" (").append(String.join(", ", classes)).append(')');
    }
    s.append(": ").append(inputSchema.names().size() - (inputSchema.column(target).isPresent() ? 1 : 0)).append(" inputs");
    for (FittedTransform t : transforms) {
      s.append(" -> ").append(t.tag()).append('(').append(firstNames(t.inputColumns(), 6)).append(')');
    }
    s.append(" -> ").append(layout.names().size()).append(" features -> ").append(model.kind()).append(" model");
    return s.append(calibration.isEmpty() ? "" : ", calibrated").append(']').toString();
  }

  /** The first {@code shown} names, then how many more there are. */
  static String firstNames(List<String> names, int shown) {
    if (names.size() <= shown) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, shown)) + ", +" + (names.size() - shown) + " more";
  }
}
