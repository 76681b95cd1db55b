package org.mlengine.core;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
  private final Schema inputSchema;
  private final String target;
  private final Task task;
  private final ImmutableList<String> classes;
  private final ImmutableList<FittedTransform> transforms;
  private final ImmutableList<String> featureNames;
  private final ScoringModel model;

  FittedPipeline(Schema inputSchema, String target, Task task, List<String> classes, List<FittedTransform> transforms,
      List<String> featureNames, ScoringModel model) {
    this.inputSchema = Objects.requireNonNull(inputSchema);
    this.target = Objects.requireNonNull(target);
    this.task = Objects.requireNonNull(task);
    this.classes = ImmutableList.copyOf(classes);
    this.transforms = ImmutableList.copyOf(transforms);
    this.featureNames = ImmutableList.copyOf(featureNames);
    this.model = Objects.requireNonNull(model);
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

  /** The model's input features in order, after all steps. */
  public List<String> featureNames() {
    return featureNames;
  }

  /**
   * The model's features for every row: checks the input columns against the schema, runs the
   * fitted steps and returns a table of exactly {@link #featureNames()}.
   *
   * @throws InvalidInputException when a column is missing or has the wrong type
   */
  public Table transform(Table table) {
    Table current = table.select(checkedInputs(table));
    for (FittedTransform t : transforms) {
      current = t.apply(current);
    }
    return current.select(featureNames.toArray(String[]::new));
  }

  /**
   * The model's output for every row.
   *
   * @throws InvalidInputException when a column is missing or has the wrong type, when a step's
   *     policy refuses a value, or when a feature is still missing after all steps
   */
  public Scores score(Table table) {
    double[][] features = featureMatrix(transform(table));
    double[][] out = new double[features.length][];
    for (int r = 0; r < features.length; r++) {
      out[r] = model.score(features[r]);
    }
    return new Scores(task, classes, out);
  }

  ScoringModel model() {
    return model;
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
    return names.toArray(String[]::new);
  }

  /** The feature table as rows of doubles; a missing value left after all steps is an error. */
  double[][] featureMatrix(Table features) {
    int n = features.rowCount();
    double[][] out = new double[n][featureNames.size()];
    for (int f = 0; f < featureNames.size(); f++) {
      String name = featureNames.get(f);
      if (features.type(name) != ColumnType.NUMERIC) {
        throw new IllegalStateException("feature '" + name + "' is " + features.type(name) + " after all steps; expected NUMERIC");
      }
      double[] column = features.numericColumnRef(name);
      for (int r = 0; r < n; r++) {
        if (Double.isNaN(column[r])) {
          throw new InvalidInputException(name, "feature '" + name + "' is missing (NaN) after all steps at row " + r
              + "; the model cannot score a missing value. Send a value, or add Features.impute(\"" + name + "\") to the pipeline.");
        }
        out[r][f] = column[r];
      }
    }
    return out;
  }
}
