package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.ClipTransform;
import org.mlengine.runtime.internal.steps.QuantileBinsTransform;
import org.mlengine.runtime.internal.steps.ScaleTransform;
import org.mlengine.runtime.internal.steps.StandardizeTransform;

/** What the numeric steps learn from the training rows: scales, bounds and bin edges, as kernel states. */
final class NumericFits {
  private NumericFits() {}

  /** Learns the mean and population standard deviation of each column from the training rows. */
  static StandardizeTransform standardize(List<String> columns, Table train) {
    ImmutableList.Builder<StandardizeTransform.Scale> scales = ImmutableList.builder();
    for (String column : columns) {
      double[] values = train.numericColumn(column);
      double mean = Stats.mean(values);
      if (Double.isNaN(mean)) {
        throw new InvalidInputException(
            column,
            "standardize cannot learn the mean of column '" + column + "': every training row is missing."
                + " Drop the column, or impute it first with Features.impute(\"" + column + "\").constant(0.0).");
      }
      double sd = Stats.populationSd(values, mean);
      boolean constant = isConstant(sd * sd, mean, Stats.presentCount(values));
      scales.add(new StandardizeTransform.Scale(column, mean, constant ? 1.0 : sd));
    }
    return new StandardizeTransform(scales.build());
  }

  /** Learns each column's center and scale from the training rows' non-missing values. */
  static ScaleTransform scale(String tag, List<String> columns, Table train) {
    ImmutableList.Builder<ScaleTransform.Scale> scales = ImmutableList.builder();
    for (String column : columns) {
      double[] present = Stats.present(train.numericColumn(column));
      if (present.length == 0) {
        throw new InvalidInputException(
            column,
            tag + " cannot learn the scale of column '" + column + "': every training row is missing. Drop the"
                + " column, or impute it first with Features.impute(\"" + column + "\").constant(0.0).");
      }
      double center;
      double scale;
      if (ScaleTransform.MIN_MAX.equals(tag)) {
        center = present[0];
        scale = present[present.length - 1] - present[0];
      } else {
        center = Stats.median(present);
        scale = Stats.percentile(present, 75.0) - Stats.percentile(present, 25.0);
      }
      scales.add(new ScaleTransform.Scale(column, center, scale < 10 * Math.ulp(1.0) ? 1.0 : scale));
    }
    return new ScaleTransform(tag, scales.build());
  }

  /** Learns each column's bounds as quantiles of its non-missing training values (numpy "linear"). */
  static ClipTransform clipQuantiles(List<String> columns, double lower, double upper, Table train) {
    ImmutableList.Builder<ClipTransform.Bounds> bounds = ImmutableList.builder();
    for (String column : columns) {
      double[] present = Stats.present(train.numericColumn(column));
      if (present.length == 0) {
        throw new InvalidInputException(
            column,
            "clip cannot learn the quantiles of column '" + column + "': every training row is missing. Drop the"
                + " column, impute it first with Features.impute(\"" + column + "\"), or give fixed bounds with"
                + " between(lower, upper).");
      }
      bounds.add(new ClipTransform.Bounds(column, Stats.quantile(present, lower), Stats.quantile(present, upper)));
    }
    return new ClipTransform(bounds.build());
  }

  /** The same fixed bounds for every column. */
  static ClipTransform clipFixed(List<String> columns, double lower, double upper) {
    return new ClipTransform(
        columns.stream().map(c -> new ClipTransform.Bounds(c, lower, upper)).collect(ImmutableList.toImmutableList()));
  }

  /**
   * Learns each column's edges as scikit-learn 1.2's {@code KBinsDiscretizer(strategy='quantile')}
   * does: the percentiles {@code 100·i/k} of the non-missing training values (numpy "linear"),
   * dropping an edge less than 1e-8 above the one before it; a constant column gets one bin.
   */
  static QuantileBinsTransform quantileBins(List<String> columns, int bins, Table train) {
    ImmutableList.Builder<QuantileBinsTransform.Edges> edges = ImmutableList.builder();
    for (String column : columns) {
      double[] present = Stats.present(train.numericColumn(column));
      if (present.length == 0) {
        throw new InvalidInputException(
            column,
            "quantile_bins cannot learn the edges of column '" + column + "': every training row is missing. Drop"
                + " the column, or impute it first with Features.impute(\"" + column + "\").");
      }
      ImmutableList.Builder<Double> inner = ImmutableList.builder();
      if (present[0] != present[present.length - 1]) {
        double step = 100.0 / bins;
        double[] all = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
          all[i] = Stats.percentile(present, i == bins ? 100.0 : i * step);
        }
        java.util.List<Double> kept = new java.util.ArrayList<>();
        kept.add(all[0]);
        for (int i = 1; i <= bins; i++) {
          if (all[i] - all[i - 1] > 1e-8) {
            kept.add(all[i]);
          }
        }
        for (int i = 1; i < kept.size() - 1; i++) {
          inner.add(kept.get(i));
        }
      }
      edges.add(new QuantileBinsTransform.Edges(column, inner.build()));
    }
    return new QuantileBinsTransform(edges.build());
  }

  /**
   * Whether a variance is zero up to rounding, by scikit-learn's bound
   * {@code var <= n·eps·var + (n·mean·eps)²}; such a column gets scale 1 instead of a division by
   * (almost) zero.
   */
  static boolean isConstant(double variance, double mean, int n) {
    double eps = Math.ulp(1.0);
    double bound = n * eps * variance + Math.pow(n * mean * eps, 2);
    return variance <= bound;
  }
}
