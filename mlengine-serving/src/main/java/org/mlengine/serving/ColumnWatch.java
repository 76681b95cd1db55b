package org.mlengine.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.mlengine.runtime.ColumnProfile;

/**
 * One monitored column: its reference (from the training {@link ColumnProfile}), the pane that
 * gathers a slice of traffic (mergeable: counts and sketches), and the drift figures of a window
 * of panes against the reference. Used by the monitor's one background thread only.
 */
abstract sealed class ColumnWatch {
  /** The grid of ranks at which a window's quantile function is compared with the reference's. */
  static final int WASSERSTEIN_GRID = 400;
  /** KLL's accuracy parameter: 1.33% rank error (99% confidence), about 5 KB at any stream length. */
  static final int KLL_K = 200;
  /** The frequent-items sketch that keeps a window's values outside the reference's categories. */
  static final int FREQUENT_ITEMS = 32;

  final String name;
  final Monitor.Statistic statistic;
  final double referenceMissing;

  ColumnWatch(ColumnProfile profile, Monitor.Statistic statistic) {
    this.name = profile.name();
    this.statistic = statistic;
    this.referenceMissing = profile.missingShare();
  }

  /** A new empty pane for this column. */
  abstract Pane newPane();

  /** The figures of a window made of {@code panes} (at least one). */
  abstract Figures measure(List<Pane> panes);

  /** Whether a value can be monitored against this reference at all (a reference with values). */
  abstract boolean comparable();

  /** One slice of traffic of one column. */
  abstract static class Pane {
    long present;
    long missing;
    long nan;

    abstract void add(Object value);

    /** Adds a number: {@link #add} of it, boxed; a numeric column's pane takes it as it is. */
    void addNumber(double value) {
      add(value);
    }

    final void addMissing() {
      missing++;
    }
  }

  /** What a window shows for one column: the shares, every statistic by name, and its distribution beside the reference's. */
  record Figures(long count, double missingShare, double nanShare, double unseenShare, double outOfRangeShare,
      Map<String, Double> statistics, List<String> topValues, List<MonitorSnapshot.Quantile> quantiles,
      List<MonitorSnapshot.Share> shares) {}

  // ------------------------------------------------------------------ numeric

  /**
   * A NUMERIC column against its profile's range and quantiles. The profile says where the
   * reference CDF is at its knots (min: 0, the quantiles at 0.05..0.95, max: 1), no more; so:
   * <ul>
   *   <li>KS is measured at the knots only: D = the largest gap the profile proves, at each knot
   *       v of levels [a, b] (b &gt; a when quantiles tie), max(F(v−) − a, b − F(v)). It is a
   *       lower bound of the true two-sample D (up to 1/n of the reference), so its asymptotic
   *       p-value (effective n = n·N/(n + N)) errs on the side of fewer alerts;
   *   <li>PSI, chi-square and Jensen–Shannon use the quantile intervals as bins, whose reference
   *       shares are known (0.05, 0.20, 0.25, ...; a run of tied quantiles is one bin holding the
   *       levels between). A value equal to a knot inside a run of distinct knots counts half to
   *       each neighbouring bin; values outside the range count in the end bins. For a column of
   *       few repeated values (counts, codes) these shares are approximate: set thresholds from a
   *       reference period;
   *   <li>Wasserstein compares the window's quantile function (from its KLL sketch, on a grid of
   *       {@value #WASSERSTEIN_GRID} ranks) with the reference's, linear between the quantiles
   *       0.05..0.95; below 0.05 and above 0.95 only the distance to the band [min, q0.05] and
   *       [q0.95, max] counts (the tails' shape is unknown, and a long tail would otherwise read
   *       as drift). Divided by the reference's standard deviation, as Evidently does.
   * </ul>
   */
  static final class Numeric extends ColumnWatch {
    private final double[] knots;      // distinct knot values, ascending
    private final double[] lower;      // the lowest level at each knot (F(v-) <= lower)
    private final double[] upper;      // the highest level at each knot (F(v) >= upper)
    private final double[] binShares;  // reference share of each bin
    private final int[] cellToBin;     // the bin of the open interval above each knot but the last
    private final int[] atomBin;       // the bin of each knot's atom, -1 when its quantiles do not tie
    private final double min;
    private final double max;
    private final double sd;
    private final long referenceValues;
    private final double[] levels;     // the profile's levels, 0 and 1 added
    private final double[] values;     // the profile's quantiles, min and max added

    Numeric(ColumnProfile.Numeric profile, Monitor.Statistic statistic) {
      super(profile, statistic);
      List<double[]> points = new ArrayList<>();
      points.add(new double[] {0, profile.min()});
      profile.quantiles().forEach((level, value) -> points.add(new double[] {level, value}));
      points.add(new double[] {1, profile.max()});
      levels = points.stream().mapToDouble(p -> p[0]).toArray();
      values = points.stream().mapToDouble(p -> p[1]).toArray();
      min = profile.min();
      max = profile.max();
      sd = profile.sd();
      referenceValues = profile.rows() - profile.missing();
      List<Double> k = new ArrayList<>();
      List<Double> lo = new ArrayList<>();
      List<Double> hi = new ArrayList<>();
      for (int i = 0; i < values.length; i++) {
        if (Double.isNaN(values[i])) {
          break;
        }
        if (k.isEmpty() || values[i] > k.get(k.size() - 1)) {
          k.add(values[i]);
          lo.add(levels[i]);
          hi.add(levels[i]);
        } else {
          hi.set(hi.size() - 1, levels[i]);
        }
      }
      knots = k.stream().mapToDouble(Double::doubleValue).toArray();
      lower = lo.stream().mapToDouble(Double::doubleValue).toArray();
      upper = hi.stream().mapToDouble(Double::doubleValue).toArray();
      // Bins: each knot's atom (upper > lower) and each open interval between knots with mass.
      List<Double> shares = new ArrayList<>();
      cellToBin = new int[Math.max(0, knots.length - 1)];
      atomBin = new int[knots.length];
      for (int j = 0; j < knots.length; j++) {
        atomBin[j] = -1;
        if (upper[j] > lower[j]) {
          atomBin[j] = shares.size();
          shares.add(upper[j] - lower[j]);
        }
        if (j < knots.length - 1) {
          cellToBin[j] = shares.size();   // distinct knots have distinct levels: the interval has mass
          shares.add(lower[j + 1] - upper[j]);
        }
      }
      binShares = shares.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    boolean comparable() {
      return knots.length > 0 && referenceValues > 0;
    }

    /** Cells: 0 below the range, then for each knot j: 2j+1 the knot itself, 2j+2 the open interval above it. */
    private int cell(double v) {
      int i = Arrays.binarySearch(knots, v);
      return i >= 0 ? 2 * i + 1 : 2 * (-i - 1);
    }

    @Override
    Pane newPane() {
      return new NumericPane(this);
    }

    static final class NumericPane extends Pane {
      private final Numeric column;
      final long[] cells;
      final KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(KLL_K);

      NumericPane(Numeric column) {
        this.column = column;
        this.cells = new long[2 * column.knots.length + 1];
      }

      @Override
      void add(Object value) {
        double v;
        if (value instanceof Number number) {
          v = number.doubleValue();
        } else if (value instanceof String text) {
          try {
            v = Double.parseDouble(text.strip());
          } catch (NumberFormatException e) {
            nan++;
            return;
          }
        } else {
          nan++;   // neither a number nor text: what the predictor refuses
          return;
        }
        addNumber(v);
      }

      @Override
      void addNumber(double v) {
        if (Double.isNaN(v)) {
          nan++;
          return;
        }
        present++;
        sketch.update(v);
        cells[column.cell(v)]++;
      }
    }

    @Override
    Figures measure(List<Pane> panes) {
      long[] cells = new long[2 * knots.length + 1];
      long present = 0;
      long missing = 0;
      long nan = 0;
      KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(KLL_K);
      for (Pane p : panes) {
        NumericPane pane = (NumericPane) p;
        for (int i = 0; i < cells.length; i++) {
          cells[i] += pane.cells[i];
        }
        present += pane.present;
        missing += pane.missing;
        nan += pane.nan;
        sketch.merge(pane.sketch);
      }
      long all = present + missing + nan;
      Map<String, Double> stats = new LinkedHashMap<>();
      double outOfRange = present == 0 ? 0 : (double) (cells[0] + cells[cells.length - 1]) / present;
      if (present > 0 && comparable()) {
        measureCells(cells, present, stats);
        stats.put("wasserstein_normed", wasserstein(sketch) / Math.max(sd, 0.001));
      }
      return new Figures(all, share(missing, all), share(nan, all), 0, outOfRange, stats, List.of(), quantiles(sketch), List.of());
    }

    /** The window's quantiles at the profile's levels (its minimum and maximum at 0 and 1) beside the reference's. */
    private List<MonitorSnapshot.Quantile> quantiles(KllDoublesSketch sketch) {
      List<MonitorSnapshot.Quantile> out = new ArrayList<>(levels.length);
      for (int i = 0; i < levels.length; i++) {
        double level = levels[i];
        double window = sketch.isEmpty() ? Double.NaN
            : level == 0 ? sketch.getMinItem() : level == 1 ? sketch.getMaxItem() : sketch.getQuantile(level);
        out.add(new MonitorSnapshot.Quantile(level, values[i], window));
      }
      return out;
    }

    /** KS at the knots, PSI, chi-square and Jensen–Shannon from a window's cell counts (see the class comment). */
    void measureCells(long[] cells, long n, Map<String, Double> stats) {
      double d = 0;
      long below = 0;
      for (int j = 0; j < knots.length; j++) {
        below += cells[2 * j];
        long upTo = below + cells[2 * j + 1];
        d = Math.max(d, Math.max((double) below / n - lower[j], upper[j] - (double) upTo / n));
        below = upTo;
      }
      double effective = (double) n * referenceValues / (n + referenceValues);
      stats.put("ks_d", d);
      stats.put("ks_p", DriftMath.kolmogorovSurvival(Math.sqrt(effective) * d));
      if (binShares.length < 2) {
        return;
      }
      double[] observed = new double[binShares.length];
      // below the range: the first bin; the knots: their atom, or half to each neighbouring interval
      observed[0] += cells[0];
      for (int j = 0; j < knots.length; j++) {
        long atKnot = cells[2 * j + 1];
        if (atomBin[j] >= 0) {
          observed[atomBin[j]] += atKnot;
        } else {
          // no atom: the end knots have one open neighbour; an inner knot splits between both
          int left = j > 0 ? cellToBin[j - 1] : -1;
          int right = j < knots.length - 1 ? cellToBin[j] : -1;
          if (left >= 0 && right >= 0) {
            observed[left] += atKnot / 2.0;
            observed[right] += atKnot / 2.0;
          } else {
            observed[Math.max(left, right)] += atKnot;
          }
        }
        if (j < knots.length - 1) {
          observed[cellToBin[j]] += cells[2 * j + 2];
        }
      }
      observed[binShares.length - 1] += cells[cells.length - 1];
      double[] currentShares = new double[observed.length];
      for (int i = 0; i < observed.length; i++) {
        currentShares[i] = observed[i] / n;
      }
      stats.put("psi", DriftMath.psi(binShares, currentShares));
      double chi = DriftMath.chiSquare(binShares, observed);
      stats.put("chi_square", chi);
      stats.put("chi_square_p", DriftMath.chiSquareSurvival(chi, DriftMath.chiSquareBins(binShares) - 1));
      stats.put("jensen_shannon", DriftMath.jensenShannon(binShares, currentShares));
    }

    /** ∫|Q_window(u) − Q_reference(u)| du on the rank grid (see the class comment for the tails). */
    double wasserstein(KllDoublesSketch sketch) {
      double[] ranks = new double[WASSERSTEIN_GRID];
      for (int i = 0; i < ranks.length; i++) {
        ranks[i] = (i + 0.5) / ranks.length;
      }
      double[] q = sketch.getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE);
      double sum = 0;
      double low = values[1];
      double high = values[values.length - 2];
      for (int i = 0; i < ranks.length; i++) {
        double u = ranks[i];
        if (u < levels[1]) {
          sum += distanceToBand(q[i], min, low);
        } else if (u > levels[levels.length - 2]) {
          sum += distanceToBand(q[i], high, max);
        } else {
          sum += Math.abs(q[i] - referenceQuantile(u));
        }
      }
      return sum / ranks.length;
    }

    private static double distanceToBand(double v, double from, double to) {
      return v < from ? from - v : v > to ? v - to : 0;
    }

    /** The reference's quantile at {@code u}, linear between its knots. */
    double referenceQuantile(double u) {
      for (int i = 1; i < levels.length; i++) {
        if (u <= levels[i]) {
          double t = (u - levels[i - 1]) / (levels[i] - levels[i - 1]);
          return values[i - 1] + t * (values[i] - values[i - 1]);
        }
      }
      return values[values.length - 1];
    }

    /** The reference's bin shares (for tests). */
    double[] binShares() {
      return binShares.clone();
    }
  }

  // ------------------------------------------------------------------ categorical

  /**
   * A CATEGORICAL column against its profile's top values: one bin per top value, plus an
   * "other" bin when the profile saw more values than it kept (its share is what the top values
   * leave). A value the profile never saw (possible to tell only when it kept them all) is
   * unseen: counted in {@code unseenShare} and a bin of reference share 0 (PSI fills it as
   * Evidently does; chi-square leaves it out, the unseen share speaks for it).
   */
  static final class Categorical extends ColumnWatch {
    private final Map<String, Integer> bins = new HashMap<>();
    private final double[] shares;   // top values, then other (when the profile has more), then unseen
    private final List<String> labels = new ArrayList<>();   // the bins that can hold values, as the page shows them
    private final boolean allKnown;
    private final int other;
    private final int unseen;

    Categorical(ColumnProfile.Categorical profile, Monitor.Statistic statistic) {
      super(profile, statistic);
      long present = profile.rows() - profile.missing();
      List<ColumnProfile.ValueCount> top = profile.topValues();
      allKnown = top.size() >= profile.distinct();
      int size = top.size() + (allKnown ? 0 : 1) + 1;
      shares = new double[size];
      long covered = 0;
      for (int i = 0; i < top.size(); i++) {
        bins.put(top.get(i).value(), i);
        labels.add(top.get(i).value());
        shares[i] = present == 0 ? 0 : (double) top.get(i).count() / present;
        covered += top.get(i).count();
      }
      other = allKnown ? -1 : top.size();
      if (!allKnown) {
        shares[other] = present == 0 ? 0 : (double) (present - covered) / present;
      }
      unseen = size - 1;
      labels.add(allKnown ? MonitorSnapshot.Share.UNSEEN : MonitorSnapshot.Share.OTHER);
    }

    @Override
    boolean comparable() {
      return !bins.isEmpty();
    }

    @Override
    Pane newPane() {
      return new CategoricalPane(this);
    }

    static final class CategoricalPane extends Pane {
      private final Categorical column;
      final long[] counts;
      final ItemsSketch<String> outside = new ItemsSketch<>(FREQUENT_ITEMS);

      CategoricalPane(Categorical column) {
        this.column = column;
        this.counts = new long[column.shares.length];
      }

      @Override
      void add(Object value) {
        String text = value.toString();
        present++;
        Integer bin = column.bins.get(text);
        if (bin != null) {
          counts[bin]++;
        } else {
          counts[column.allKnown ? column.unseen : column.other]++;
          outside.update(text);
        }
      }
    }

    @Override
    Figures measure(List<Pane> panes) {
      long[] counts = new long[shares.length];
      long present = 0;
      long missing = 0;
      ItemsSketch<String> outside = new ItemsSketch<>(FREQUENT_ITEMS);
      for (Pane p : panes) {
        CategoricalPane pane = (CategoricalPane) p;
        for (int i = 0; i < counts.length; i++) {
          counts[i] += pane.counts[i];
        }
        present += pane.present;
        missing += pane.missing;
        outside.merge(pane.outside);
      }
      long all = present + missing;
      Map<String, Double> stats = new LinkedHashMap<>();
      if (present > 0 && comparable()) {
        measureCounts(counts, present, stats);
      }
      List<String> top = Arrays.stream(outside.getFrequentItems(ErrorType.NO_FALSE_POSITIVES))
          .limit(5).map(ItemsSketch.Row::getItem).toList();
      return new Figures(all, share(missing, all), 0, allKnown ? share(counts[unseen], present) : Double.NaN, 0, stats, top,
          List.of(), shares(counts, present));
    }

    /** The window's share of each bin that can hold values (the unseen one only when the profile kept every value) beside the reference's. */
    private List<MonitorSnapshot.Share> shares(long[] counts, long present) {
      List<MonitorSnapshot.Share> out = new ArrayList<>(labels.size());
      for (int i = 0; i < labels.size(); i++) {
        int bin = i < labels.size() - 1 ? i : allKnown ? unseen : other;
        out.add(new MonitorSnapshot.Share(labels.get(i), shares[bin], present == 0 ? Double.NaN : (double) counts[bin] / present));
      }
      return out;
    }

    /** PSI, chi-square and Jensen–Shannon of a window's counts per bin. */
    void measureCounts(long[] counts, long present, Map<String, Double> stats) {
      double[] observed = new double[counts.length];
      double[] currentShares = new double[counts.length];
      for (int i = 0; i < counts.length; i++) {
        observed[i] = counts[i];
        currentShares[i] = (double) counts[i] / present;
      }
      stats.put("psi", DriftMath.psi(shares, currentShares));
      int bins = DriftMath.chiSquareBins(shares);
      if (bins >= 2) {
        double chi = DriftMath.chiSquare(shares, observed);
        stats.put("chi_square", chi);
        stats.put("chi_square_p", DriftMath.chiSquareSurvival(chi, bins - 1));
      }
      stats.put("jensen_shannon", DriftMath.jensenShannon(shares, currentShares));
    }

    /** The reference's bin shares, unseen last (for tests). */
    double[] binShares() {
      return shares.clone();
    }
  }

  static double share(long part, long all) {
    return all == 0 ? 0 : (double) part / all;
  }
}
