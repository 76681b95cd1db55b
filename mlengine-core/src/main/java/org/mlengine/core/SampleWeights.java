package org.mlengine.core;

import java.util.List;
import org.mlengine.core.spi.Augmenter;
import org.mlengine.core.spi.Extractor;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Table;

/**
 * The checks of {@link Pipeline.Builder#sampleWeights(String)}'s column: against the other
 * settings ({@link Pipeline.Builder#build()}), against the table's schema and values ({@link
 * Pipeline#fit}, before the split) and against the training part (after the split, before
 * anything is fitted).
 */
final class SampleWeights {
  /** The rows an error names at most. */

  private SampleWeights() {}

  /** The trainers that weigh rows, named when a pipeline's trainer does not. */
  private static final String WEIGHING_TRAINERS =
      "Trainers.logisticRegression(), linearSgd(), cart(), randomForest() or xgboost()";

  /** Adds a problem for each setting that clashes with the weight column {@code column}. */
  static void checkSettings(String column, String target, List<String> dropped, List<Extractor> steps, List<Augmenter> augmenters,
      Trainer trainer, List<String> problems) {
    if (column.equals(target)) {
      problems.add("sampleWeights names the target '" + column + "'; the weights must be a column of their own. Name the column"
          + " that holds each row's weight.");
    }
    if (dropped.contains(column)) {
      problems.add("column '" + column + "' is dropped but sampleWeights reads it; the weight column is never a feature, so"
          + " remove it from drop().");
    }
    for (Extractor e : steps) {
      if (e.columns().contains(column)) {
        problems.add(e.name() + " reads '" + column + "', the sampleWeights column; weights are never a feature, so no step may"
            + " read them. Remove '" + column + "' from the step.");
      }
    }
    for (Augmenter a : augmenters) {
      if (a.columns().contains(column)) {
        problems.add(a.name() + " changes '" + column + "', the sampleWeights column; an added row keeps its source row's weight."
            + " Remove '" + column + "' from the augmenter's columns.");
      }
    }
    if (trainer != null && !trainer.takesSampleWeights()) {
      problems.add(trainer.name() + " does not weigh rows, so it would ignore sampleWeights(\"" + column + "\"); use a trainer"
          + " that does, " + WEIGHING_TRAINERS + ", or remove sampleWeights(...).");
    }
  }

  /** Adds a problem when the table lacks the column or it is not NUMERIC. */
  static void checkColumn(Table table, String column, List<String> problems) {
    if (!table.hasColumn(column)) {
      problems.add("sampleWeights names column '" + column + "', which is not in the table; the table has "
          + table.schema().names() + ". Check the spelling.");
    } else if (table.type(column) != ColumnType.NUMERIC) {
      problems.add("sampleWeights column '" + column + "' is " + table.type(column) + "; weights must be NUMERIC. Declare it"
          + " with CsvOptions.numeric(\"" + column + "\") or weigh by a NUMERIC column.");
    }
  }

  /**
   * Adds a failure for weights that are missing (NaN), too large for Tribuo's floats (infinite
   * included) or negative, each naming the count and the first rows. The column has passed
   * {@link #checkColumn}.
   */
  static void checkValues(Table table, String column, List<String> failures) {
    double[] w = table.numericColumn(column);
    String start = "sampleWeights column '" + column + "' ";
    DataChecks.matchingRows(w, Double::isNaN, "row", "rows", false).ifPresent(found -> failures.add(start + "has no value in " + found
        + "; expected a weight in every row. Fill them in (1 weighs a row as if unweighted) or drop those rows."));
    DataChecks.matchingRows(w, v -> Math.abs(v) > Float.MAX_VALUE, "weight", "weights", true).ifPresent(found -> failures.add(start + "holds "
        + found + " too large to train with; expected a finite weight of at most " + Float.MAX_VALUE + " (Tribuo keeps"
        + " weights as 32-bit floats). Scale the weights down or drop those rows."));
    DataChecks.matchingRows(w, v -> v < 0 && v >= -Float.MAX_VALUE, "negative weight", "negative weights", true).ifPresent(found -> failures.add(
        start + "holds " + found + "; expected weights of 0 or more (0 leaves a row out of training). Correct those rows or"
            + " drop them."));
  }

  /**
   * Refuses a training part whose weights are all 0: the trainer would learn from nothing.
   *
   * @param weights the weights of the training part's rows
   */
  static void checkTrainingPart(double[] weights, String column) {
    for (double w : weights) {
      if (w > 0) {
        return;
      }
    }
    throw new IllegalArgumentException("sampleWeights column '" + column + "' is 0 in all " + weights.length + " rows of the"
        + " training part, so the trainer would learn from nothing; nothing was fitted. Expected a positive weight in some"
        + " training rows: check the column, and the split (a time-ordered split trains on the earliest rows).");
  }

}
