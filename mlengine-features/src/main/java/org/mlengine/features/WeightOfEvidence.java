package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.core.Partition;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.WeightOfEvidenceTransform;

/**
 * The weight-of-evidence step; see {@link Features#weightOfEvidence(String...)}.
 *
 * <pre>{@code
 * WeightOfEvidence job = Features.weightOfEvidence("Job");
 * FittedTransform fitted = job.fit(context);               // full-training values
 * Table trainRows = job.applyToTraining(fitted, context);  // out-of-fold values
 * }</pre>
 *
 * <p>For a binary target only (a regression or multi-class target is refused at fit; use
 * {@link Features#meanEncoding} there). The positive class is the second class in sorted
 * order, as in mean encoding; P and N count the positive and negative training rows, missing
 * categories included, and each category becomes
 * {@code ln[((pos + r)/(P + 2r)) / ((neg + r)/(N + 2r))]}, category_encoders'
 * {@code WOEEncoder} formula with regularization {@code r} (default 1). Unlike
 * category_encoders, a category seen once keeps its value instead of 0: cross-fitting, not a
 * special case, keeps it from leaking its label. A missing or unseen category gets 0 (no
 * evidence either way), as in category_encoders.
 *
 * <p>Training rows are never encoded with their own label: {@link #applyToTraining} encodes
 * each of {@link #folds(int)} folds of the same kind as the outer split with values learned
 * from the other folds (P and N included); a category absent from those folds, and a row that
 * no fold holds out, gets 0. Leave-one-out encoding is not offered: it leaks the label.
 */
public final class WeightOfEvidence extends Step {
  private final double regularization;
  private final int folds;

  WeightOfEvidence(ImmutableList<String> columns, double regularization, int folds) {
    super(WeightOfEvidenceTransform.TAG, columns, EnumSet.of(ColumnType.CATEGORICAL));
    this.regularization = regularization;
    this.folds = folds;
  }

  /** The regularization {@code r} added to each count (default 1); finite and &gt; 0. */
  public WeightOfEvidence regularization(double r) {
    if (!(r > 0) || Double.isInfinite(r)) {
      throw new IllegalArgumentException(
          "regularization(" + r + ") is not a finite number > 0; with 0 a category seen with one class only"
              + " gets an infinite value. Give e.g. regularization(1), the default");
    }
    return new WeightOfEvidence(columns, r, folds);
  }

  /** The number of cross-fitting folds for the training rows' out-of-fold values (default 5). */
  public WeightOfEvidence folds(int k) {
    if (k < 2) {
      throw new IllegalArgumentException(
          "folds(" + k + "): cross-fitting needs at least 2 folds, so that no row is encoded with its own label;"
              + " the default is 5");
    }
    return new WeightOfEvidence(columns, regularization, k);
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    Table train = context.table();
    double[] positive = positives(context);
    int[] all = new int[train.rowCount()];
    Arrays.setAll(all, i -> i);
    Map<String, TargetStatistics.Fit> fits = new LinkedHashMap<>();
    for (String column : columns) {
      fits.put(column, TargetStatistics.weightOfEvidence(train.stringColumn(column), positive, all, regularization));
    }
    return CategoricalFits.weightOfEvidence(context.classes().get(1), fits);
  }

  /** 1.0 for each training row of the positive class, else 0.0; refuses a target that is not binary. */
  private double[] positives(FitContext context) {
    String meanEncoding = "Features.meanEncoding(\"" + String.join("\", \"", columns) + "\")";
    if (context.task() != org.mlengine.runtime.Task.CLASSIFICATION) {
      throw new IllegalArgumentException(
          name() + " needs a binary target, but target '" + context.target() + "' is a regression target. Use "
              + meanEncoding + ", which encodes the target mean.");
    }
    List<String> classes = context.classes();
    if (classes.size() != 2) {
      throw new IllegalArgumentException(
          name() + " needs a binary target, but target '" + context.target() + "' has " + classes.size()
              + (classes.size() == 1 ? " class" : " classes") + " in the training rows: " + classes + ". "
              + (classes.size() < 2
                  ? "Both classes must occur in training; a stratified split keeps them, e.g. Split.stratified(0.8)."
                  : "Use " + meanEncoding + ", which encodes one column per class."));
    }
    int[] index = context.classIndices();
    double[] positive = new double[index.length];
    for (int r = 0; r < index.length; r++) {
      positive[r] = index[r] == 1 ? 1.0 : 0.0;
    }
    return positive;
  }

  /**
   * The out-of-fold values of the training rows: each row is encoded by values learned from
   * the other folds only, so its own label never reaches its own value.
   *
   * @param fitted what {@link #fit} returned for this context
   */
  @Override
  public Table applyToTraining(FittedTransform fitted, FitContext context) {
    if (!(fitted instanceof WeightOfEvidenceTransform full) || !full.inputColumns().equals(columns)) {
      throw new IllegalArgumentException(
          name() + ".applyToTraining needs the transform this step's fit(context) returned, got "
              + (fitted == null ? "null" : "a '" + fitted.tag() + "' transform of " + fitted.inputColumns()));
    }
    double[] positive = positives(context);
    if (!full.positive().equals(context.classes().get(1))) {
      throw new IllegalArgumentException(
          name() + ".applyToTraining got a transform fitted on another target (positive class '" + full.positive()
              + "', here '" + context.classes().get(1) + "'); pass the transform fit(context) returned for this context");
    }
    Table train = context.table();
    List<Partition> partitions = context.crossFitPartitions(folds);
    Table out = train;
    for (String column : columns) {
      String[] categories = train.stringColumn(column);
      double[][] encoded = CrossFit.outOfFold(partitions, categories, new double[] {0.0},
          rows -> TargetStatistics.weightOfEvidence(categories, positive, rows, regularization));
      out = out.withNumeric(column, encoded[0]);
    }
    return out;
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    spec.put("regularization", regularization);
    spec.put("folds", folds);
  }
}
