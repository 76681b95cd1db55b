package org.mlengine.eval;

import com.google.common.collect.ImmutableList;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Table;

/**
 * The held-out rows of a table grouped by one column: by value for a CATEGORICAL column, by
 * quantile bin for a NUMERIC one, with missing values as a group of their own. Groups without a
 * held-out row are left out, so the groups' rows partition the held-out rows.
 *
 * <p>Bins follow scikit-learn 1.2's {@code KBinsDiscretizer(strategy='quantile')}: the edges
 * are NumPy's 'linear' quantiles at {@code np.linspace(0, 1, k + 1)} of the column's
 * non-missing values in the TRAINING rows (the held-out rows never choose their own bins), an
 * edge at most 1e-8 above the one before it is dropped, and a value falls in the bin numbered by
 * how many inner edges are at or below it ({@code searchsorted(side='right')}), so bins are
 * closed on the left and values outside the training range join the first or last bin.
 */
final class Groups {
  private final ImmutableList<String> labels;
  private final ImmutableList<String> values;
  private final ImmutableList<Double> edges;
  private final int[][] members;

  private Groups(List<String> labels, List<String> values, List<Double> edges, int[][] members) {
    this.labels = ImmutableList.copyOf(labels);
    this.values = ImmutableList.copyOf(values);
    this.edges = ImmutableList.copyOf(edges);
    this.members = members;
  }

  /**
   * Groups the held-out rows by {@code column}, which must be CATEGORICAL or NUMERIC.
   *
   * @param table the table the pipeline was fitted on
   * @param trainRows the training part's row indices (for bin edges)
   * @param testRows the held-out part's row indices; members are positions in this array
   * @param bins the number of quantile bins for a NUMERIC column
   */
  static Groups of(Table table, String column, int[] trainRows, int[] testRows, int bins) {
    return table.type(column) == ColumnType.CATEGORICAL
        ? categorical(table, column, testRows)
        : numeric(table, column, trainRows, testRows, bins);
  }

  private static Groups categorical(Table table, String column, int[] testRows) {
    List<String> categories = table.categories(column);
    int missing = categories.size();
    int[] groupOf = new int[testRows.length];
    for (int i = 0; i < testRows.length; i++) {
      String v = table.string(column, testRows[i]);
      groupOf[i] = v == null ? missing : categories.indexOf(v);
    }
    List<String> labels = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String c : categories) {
      labels.add(column + "=" + c);
      values.add(c);
    }
    labels.add(column + " missing");
    values.add("(missing)");
    return collect(labels, values, List.of(), groupOf);
  }

  private static Groups numeric(Table table, String column, int[] trainRows, int[] testRows, int bins) {
    double[] inner = innerEdges(trainValues(table, column, trainRows), bins);
    int[] groupOf = new int[testRows.length];
    for (int i = 0; i < testRows.length; i++) {
      double v = table.numeric(column, testRows[i]);
      groupOf[i] = Double.isNaN(v) ? inner.length + 1 : binOf(inner, v);
    }
    List<String> labels = new ArrayList<>();
    List<String> values = new ArrayList<>();
    if (inner.length == 0) {
      labels.add(column + ", any value");
      values.add("any value");
    } else {
      for (int b = 0; b <= inner.length; b++) {
        String range = b == 0
            ? "< " + format(inner[0])
            : b == inner.length ? ">= " + format(inner[b - 1]) : "in [" + format(inner[b - 1]) + ", " + format(inner[b]) + ")";
        labels.add(column + " " + range);
        values.add(range);
      }
    }
    labels.add(column + " missing");
    values.add("(missing)");
    List<Double> edges = new ArrayList<>();
    for (double e : inner) {
      edges.add(e);
    }
    return collect(labels, values, edges, groupOf);
  }

  private static double[] trainValues(Table table, String column, int[] trainRows) {
    double[] out = new double[trainRows.length];
    int k = 0;
    for (int r : trainRows) {
      double v = table.numeric(column, r);
      if (!Double.isNaN(v)) {
        out[k++] = v;
      }
    }
    return Arrays.copyOf(out, k);
  }

  /** The inner bin edges from the training values, as KBinsDiscretizer's quantile strategy. */
  static double[] innerEdges(double[] trainValues, int bins) {
    if (trainValues.length == 0) {
      return new double[0];
    }
    double[] sorted = Quantiles.sorted(trainValues);
    double step = 1.0 / bins;
    double[] all = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      all[i] = Quantiles.linear(sorted, i == bins ? 1.0 : i * step);
    }
    // np.ediff1d(edges, to_begin=np.inf) > 1e-8: keep an edge more than 1e-8 above its predecessor.
    double[] kept = new double[all.length];
    int k = 0;
    for (int i = 0; i < all.length; i++) {
      if (i == 0 || all[i] - all[i - 1] > 1e-8) {
        kept[k++] = all[i];
      }
    }
    return k <= 2 ? new double[0] : Arrays.copyOfRange(kept, 1, k - 1);
  }

  /** The number of inner edges at or below v (NumPy searchsorted, side='right'). */
  private static int binOf(double[] inner, double v) {
    int b = 0;
    while (b < inner.length && inner[b] <= v) {
      b++;
    }
    return b;
  }

  private static Groups collect(List<String> labels, List<String> values, List<Double> edges, int[] groupOf) {
    int[] counts = new int[labels.size()];
    for (int g : groupOf) {
      counts[g]++;
    }
    List<String> keptLabels = new ArrayList<>();
    List<String> keptValues = new ArrayList<>();
    List<int[]> members = new ArrayList<>();
    for (int g = 0; g < counts.length; g++) {
      if (counts[g] == 0) {
        continue;
      }
      int[] rows = new int[counts[g]];
      int k = 0;
      for (int i = 0; i < groupOf.length; i++) {
        if (groupOf[i] == g) {
          rows[k++] = i;
        }
      }
      keptLabels.add(labels.get(g));
      keptValues.add(values.get(g));
      members.add(rows);
    }
    return new Groups(keptLabels, keptValues, edges, members.toArray(new int[0][]));
  }

  /** An edge for a label: six significant digits, no trailing zeros, no exponent. */
  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  /** The number of groups. */
  int size() {
    return labels.size();
  }

  /** A group's label naming the column, e.g. {@code "Home=rent"}, {@code "Income in [80, 120)"}. */
  String label(int group) {
    return labels.get(group);
  }

  /** A group's value alone, e.g. {@code "rent"}, {@code "in [80, 120)"}, {@code "(missing)"}. */
  String value(int group) {
    return values.get(group);
  }

  /** The positions (in the held-out rows) of a group's rows, ascending. */
  int[] members(int group) {
    return members[group].clone();
  }

  /** The inner bin edges of a NUMERIC column (empty for a CATEGORICAL one). */
  List<Double> edges() {
    return edges;
  }
}
