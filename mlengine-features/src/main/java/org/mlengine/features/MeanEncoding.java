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
import org.mlengine.runtime.internal.steps.MeanEncodingTransform;

/**
 * The mean (target) encoding step; see {@link Features#meanEncoding(String...)}.
 *
 * <pre>{@code
 * MeanEncoding job = Features.meanEncoding("Job").smoothing(10).folds(5);
 * FittedTransform fitted = job.fit(context);                  // full-training encodings
 * Table trainRows = job.applyToTraining(fitted, context);     // out-of-fold encodings
 * Table testRows = fitted.apply(testPart);                     // full-training encodings
 * }</pre>
 *
 * <p>As scikit-learn's {@code TargetEncoder}. What is encoded: for a binary target the
 * probability of the second class in sorted order ({@code context.classes().get(1)}), in
 * place of the column; for more than two classes the probability of each class
 * (one-vs-rest), as columns {@code Column@class} that replace the column; for a regression
 * target the mean. Smoothing shrinks a category's mean towards the prior (the mean over all
 * training rows): fixed {@code (S + m·prior) / (n + m)}, or "auto" (the default, empirical
 * Bayes) {@code λ·mean + (1 − λ)·prior} with {@code λ = n·τ² / (n·τ² + SS/n)}, τ² the
 * population variance of the target and SS the sum of squared deviations within the category.
 * A missing or unseen category gets the prior; rows with a missing category still count
 * towards the prior.
 *
 * <p>Training rows are never encoded with their own label: {@link #applyToTraining} splits
 * the training part into {@link #folds(int)} folds of the same kind as the outer split and
 * encodes each fold with encodings (prior included) learned from the other folds. A category
 * absent from those folds gets their prior; a row that no fold holds out (the earliest block
 * of a time-ordered split) gets the full-training prior. Leave-one-out encoding is not
 * offered: it leaks the label.
 */
public final class MeanEncoding extends Step {
  private final double smoothing;
  private final int folds;

  MeanEncoding(ImmutableList<String> columns, double smoothing, int folds) {
    super(MeanEncodingTransform.TAG, columns, EnumSet.of(ColumnType.CATEGORICAL));
    this.smoothing = smoothing;
    this.folds = folds;
  }

  /**
   * Fixed smoothing of strength {@code m}: {@code (S + m·prior) / (n + m)}; 0 is the plain
   * category mean.
   */
  public MeanEncoding smoothing(double m) {
    if (!(m >= 0) || Double.isInfinite(m)) {
      throw new IllegalArgumentException(
          "smoothing(" + m + ") is not a finite number >= 0; give the prior's weight in rows, e.g. smoothing(10),"
              + " or use autoSmoothing()");
    }
    return new MeanEncoding(columns, m, folds);
  }

  /** Empirical-Bayes smoothing, scikit-learn's {@code smooth="auto"} (the default). */
  public MeanEncoding autoSmoothing() {
    return new MeanEncoding(columns, TargetStatistics.AUTO, folds);
  }

  /** The number of cross-fitting folds for the training rows' out-of-fold values (default 5). */
  public MeanEncoding folds(int k) {
    if (k < 2) {
      throw new IllegalArgumentException(
          "folds(" + k + "): cross-fitting needs at least 2 folds, so that no row is encoded with its own label;"
              + " the default is 5");
    }
    return new MeanEncoding(columns, smoothing, k);
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    Table train = context.table();
    if (train.rowCount() == 0) {
      throw new IllegalArgumentException("mean_encoding needs at least one training row; the training part is empty");
    }
    TargetStatistics.Targets targets = TargetStatistics.targets(context);
    int[] all = new int[train.rowCount()];
    Arrays.setAll(all, i -> i);
    Map<String, TargetStatistics.Fit> fits = new LinkedHashMap<>();
    double[] prior = null;
    for (String column : columns) {
      TargetStatistics.Fit fit = TargetStatistics.fit(train.stringColumn(column), targets.y(), all, smoothing);
      fits.put(column, fit);
      prior = fit.prior();
    }
    return CategoricalFits.meanEncoding(context.task(), targets.classes(), prior, fits);
  }

  /**
   * The out-of-fold encodings of the training rows: each row is encoded by encodings learned
   * from the other folds only, so its own label never reaches its own value.
   *
   * @param fitted what {@link #fit} returned for this context
   */
  @Override
  public Table applyToTraining(FittedTransform fitted, FitContext context) {
    if (!(fitted instanceof MeanEncodingTransform full) || !full.inputColumns().equals(columns)) {
      throw new IllegalArgumentException(
          "mean_encoding.applyToTraining needs the transform this step's fit(context) returned, got "
              + (fitted == null ? "null" : "a '" + fitted.tag() + "' transform of " + fitted.inputColumns()));
    }
    Table train = context.table();
    int n = train.rowCount();
    TargetStatistics.Targets targets = TargetStatistics.targets(context);
    if (!targets.classes().equals(full.classes()) || targets.y().length != full.prior().size()) {
      throw new IllegalArgumentException(
          "mean_encoding.applyToTraining got a transform fitted on another target (classes " + full.classes()
              + ", here " + targets.classes() + "); pass the transform fit(context) returned for this context");
    }
    List<Partition> partitions = context.crossFitPartitions(folds);
    CrossFit.checkPartitions(partitions, n);
    double[] prior = full.priorValues();
    Table out = train;
    for (String column : columns) {
      String[] categories = train.stringColumn(column);
      // a row no fold holds out (or whose fold learns from nothing) keeps the full-training prior
      double[][] encoded = CrossFit.outOfFold(partitions, categories, prior,
          rows -> TargetStatistics.fit(categories, targets.y(), rows, smoothing));
      out = full.write(out, column, encoded);
    }
    return out;
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    spec.put("smoothing", Double.isNaN(smoothing) ? "auto" : Double.valueOf(smoothing));
    spec.put("folds", folds);
  }
}
