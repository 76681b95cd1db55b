package org.mlengine.core;

import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.TreeModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Grows one CART tree depth first on binned features, with a histogram per node: weighted class
 * counts per bin (classification, Gini impurity) or weighted sums of the target per bin
 * (regression, squared error). The smaller child's histogram is built from its rows and the
 * larger child's is the parent's minus it.
 *
 * <p>A node splits at the feature and bin of the largest impurity decrease whose two children
 * both weigh at least {@code minChildWeight}, if it decreases the impurity at all and the node
 * is shallower than {@code maxDepth}; ties go to the lowest feature, then the lowest bin. A leaf
 * holds the weighted class shares or the weighted mean.
 */
final class TreeGrower {
  /** A decrease at most this share of the node's scale (its weight, or its squared error) is rounding, not a split. */
  private static final double NO_DECREASE = 1e-12;
  /** The relative rounding of a regression split's decrease, computed from sums of squared targets: a few ulps. */
  private static final double ROUNDING = 8 * Math.ulp(1.0);
  /** The rows whose data {@link #histogram} loads ahead at a time: 256 rows of 26 features are 6.5 kB, well inside the first-level cache. */
  private static final int AHEAD_ROWS = 256;
  /**
   * The bins' size from which {@link #histogram} loads ahead: below it they stay in the caches,
   * and the loads ahead were only more work (1.08× the forest's CPU at 80k rows of 26 features,
   * 2 MB; 0.73× its train phase at 800k rows, 20 MB).
   */
  static final long AHEAD_FROM_BYTES = 8L << 20;

  /** How each tree is grown: the depth, the least child weight and the features each split may choose from. */
  record Shape(int maxDepth, double minChildWeight, int featuresPerSplit) {}

  /** A grown tree: its nodes in pre-order (as compiled) and, per node, the last bin of the split's left side (-1 at a leaf). */
  record Grown(Task task, List<TreeModel.Node> nodes, int[] splitBin) {
    TreeModel model() {
      return TreeModel.of(task, nodes);
    }

    /** The leaf (a node index) the engine's own routing sends row {@code r} to: bin at most the split's bin goes left. */
    int leafOf(TreeBins bins, int r) {
      int node = 0;
      while (splitBin[node] >= 0) {
        TreeModel.Node split = nodes.get(node);
        node = bins.code(split.feature(), r) <= splitBin[node] ? split.lessOrEqual() : split.greater();
      }
      return node;
    }
  }

  private final TreeBins bins;
  private final int classes;
  private final int[] classOf;
  private final double[] target;
  private final double[] weight;
  private final Shape shape;
  private final SplittableRandom random;
  /** Per row of regression: weight times target. */
  private final double[] weightedTarget;
  /** The histogram's cells per bin: one per class, or weight and weighted target sum. */
  private final int stride;
  private final int[] histStart;
  private final int[] rows;
  private final int[] scratch;
  /** Regression: the whole-number weighted mean target, subtracted before summing and added back to each leaf (0 for classification). */
  private final double offset;
  private final int[] allFeatures;
  private final List<TreeModel.Node> nodes = new ArrayList<>();
  /**
   * A sink, never read: what {@link #histogram}'s loads ahead add up to, stored so that the
   * compiler cannot drop the loads as dead code.
   */
  private int loadedAhead;
  /** Whether {@link #histogram} loads ahead: the bins are at least the constructor's {@code aheadFromBytes}. */
  private final boolean loadAhead;
  private int[] splitBins = new int[16];

  /**
   * @param classes the number of classes, or 0 for regression
   * @param weight each row's weight in this tree (0: not in it)
   * @param rows the rows in this tree, ascending
   * @param random draws the features of each split when {@code featuresPerSplit} is below the feature count
   * @param aheadFromBytes the bins' size from which {@link #histogram} loads ahead: {@link
   *     #AHEAD_FROM_BYTES}, or 0 and {@code Long.MAX_VALUE} for tests that load ahead always or never
   */
  TreeGrower(TreeBins bins, int classes, int[] classOf, double[] target, double[] weight, int[] rows, Shape shape, SplittableRandom random,
      long aheadFromBytes) {
    this.bins = bins;
    this.classes = classes;
    this.classOf = classOf;
    this.target = target;
    this.weight = weight;
    this.rows = rows;
    this.shape = shape;
    this.random = random;
    this.scratch = new int[rows.length];
    this.stride = classes > 0 ? classes : 2;
    this.histStart = new int[bins.features() + 1];
    for (int f = 0; f < bins.features(); f++) {
      histStart[f + 1] = histStart[f] + bins.bins(f) * stride;
    }
    this.allFeatures = new int[bins.features()];
    this.loadAhead = (long) bins.rows * bins.features() >= aheadFromBytes;
    for (int f = 0; f < allFeatures.length; f++) {
      allFeatures[f] = f;
    }
    this.weightedTarget = classes > 0 ? null : new double[weight.length];
    this.offset = classes > 0 ? 0 : weightedMean(target, weight, rows);
    if (weightedTarget != null) {
      for (int r : rows) {
        weightedTarget[r] = weight[r] * (target[r] - offset);
      }
    }
  }

  /**
   * The tree's weighted mean target rounded to a whole number, which regression subtracts from
   * every target before summing: sums of squares of y = 1e7 + small drowned the squared error
   * of the small part in rounding. Whole, so that whole-number targets stay whole and their sums
   * exact (a row of weight 2 then sums exactly as two copies of it).
   */
  private static double weightedMean(double[] target, double[] weight, int[] rows) {
    double sum = 0;
    double total = 0;
    for (int r : rows) {
      sum += weight[r] * target[r];
      total += weight[r];
    }
    return total > 0 ? Math.rint(sum / total) : 0;
  }

  Grown grow() {
    double[] hist = shape.maxDepth() > 0 ? histogram(0, rows.length) : null;
    grow(0, rows.length, 0, hist, totals(0, rows.length));
    return new Grown(classes > 0 ? Task.CLASSIFICATION : Task.REGRESSION, List.copyOf(nodes), Arrays.copyOf(splitBins, nodes.size()));
  }

  /** Grows the node of rows {@code [from, to)} and its subtree; returns its index. */
  private int grow(int from, int to, int depth, double[] hist, double[] total) {
    int at = nodes.size();
    Split split = hist != null && splittable(total) ? bestSplit(hist, total) : null;
    if (split == null) {
      nodes.add(new TreeModel.Node(-1, 0, -1, -1, leaf(total)));
      mark(at, -1);
      return at;
    }
    nodes.add(null);
    mark(at, split.bin);
    double[] leftTotal = newTotal();
    double[] rightTotal = newTotal();
    int mid = partition(from, to, split.feature, split.bin, leftTotal, rightTotal);
    boolean deeper = depth + 1 < shape.maxDepth() && (splittable(leftTotal) || splittable(rightTotal));
    double[] leftHist = null;
    double[] rightHist = null;
    if (deeper) {
      boolean leftSmaller = mid - from <= to - mid;
      double[] small = leftSmaller ? histogram(from, mid) : histogram(mid, to);
      for (int i = 0; i < hist.length; i++) {
        hist[i] -= small[i];
      }
      leftHist = leftSmaller ? small : hist;
      rightHist = leftSmaller ? hist : small;
    }
    int le = grow(from, mid, depth + 1, leftHist, leftTotal);
    int gt = grow(mid, to, depth + 1, rightHist, rightTotal);
    nodes.set(at, new TreeModel.Node(split.feature, bins.threshold(split.feature, split.bin), le, gt, null));
    return at;
  }

  private void mark(int node, int bin) {
    if (node == splitBins.length) {
      splitBins = Arrays.copyOf(splitBins, node * 2);
    }
    splitBins[node] = bin;
  }

  /** Whether a node of these totals weighs enough for two children of the least weight. */
  private boolean splittable(double[] total) {
    return weightOf(total) >= 2 * shape.minChildWeight();
  }

  private record Split(int feature, int bin, double decrease) {}

  /** The split of the largest impurity decrease, or null when no split decreases it or leaves both children heavy enough. */
  private Split bestSplit(double[] hist, double[] total) {
    Split best = null;
    double bestDecrease = classes > 0 ? NO_DECREASE * total[classes] : leastRegressionDecrease(total);
    double parent = score(total, 0, total, 0, false);
    double[] left = new double[stride];
    for (int f : candidates()) {
      Arrays.fill(left, 0);
      int start = histStart[f];
      int last = bins.bins(f) - 1;
      for (int b = 0; b < last; b++) {
        int cell = start + b * stride;
        for (int j = 0; j < stride; j++) {
          left[j] += hist[cell + j];
        }
        double leftWeight = weightOf(left);
        double rightWeight = weightOf(total) - leftWeight;
        if (leftWeight < shape.minChildWeight() || rightWeight < shape.minChildWeight()) {
          continue;
        }
        double decrease = score(left, 0, null, 0, false) + score(total, 0, left, 0, true) - parent;
        if (decrease > bestDecrease) {
          bestDecrease = decrease;
          best = new Split(f, b, decrease);
        }
      }
    }
    return best;
  }

  /**
   * The least decrease a regression split must beat: a share of the node's squared error, but
   * never below the rounding of the sums it is computed from (a few ulps of the weighted sum of
   * squared targets). Scaling by the squared targets alone refused real splits of a target with a
   * large offset (y = 1e7 + 0 or 1: the squared targets are 1e16 times the squared error).
   */
  private static double leastRegressionDecrease(double[] total) {
    double squaredError = Math.max(0, total[2] - total[1] * total[1] / total[0]);
    return Math.max(NO_DECREASE * squaredError, ROUNDING * total[2]);
  }

  /**
   * The features this split may choose from, ascending: all of them, or {@code featuresPerSplit}
   * drawn without replacement.
   */
  private int[] candidates() {
    int k = shape.featuresPerSplit();
    if (k >= allFeatures.length) {
      return allFeatures;
    }
    int[] pool = allFeatures.clone();
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(pool.length - i);
      int swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
    }
    int[] drawn = Arrays.copyOf(pool, k);
    Arrays.sort(drawn);
    return drawn;
  }

  private double weightOf(double[] cells) {
    if (classes == 0) {
      return cells[0];
    }
    double w = 0;
    for (int c = 0; c < classes; c++) {
      w += cells[c];
    }
    return w;
  }

  /**
   * A side's share of the impurity decrease: the sum of squared class weights over the weight
   * (Gini) or the squared target sum over the weight (squared error); of {@code a - b} when
   * {@code minus}, else of {@code a}.
   */
  private double score(double[] a, int aAt, double[] b, int bAt, boolean minus) {
    if (classes == 0) {
      double w = minus ? a[aAt] - b[bAt] : a[aAt];
      double s = minus ? a[aAt + 1] - b[bAt + 1] : a[aAt + 1];
      return s * s / w;
    }
    double w = 0;
    double squares = 0;
    for (int c = 0; c < classes; c++) {
      double x = minus ? a[aAt + c] - b[bAt + c] : a[aAt + c];
      w += x;
      squares += x * x;
    }
    return squares / w;
  }

  /**
   * The node's totals: class weights and then the total weight (classification), or weight,
   * weighted target sum and weighted sum of squared targets (regression).
   */
  private double[] totals(int from, int to) {
    double[] total = newTotal();
    for (int i = from; i < to; i++) {
      add(total, rows[i]);
    }
    finish(total);
    return total;
  }

  private double[] newTotal() {
    return new double[classes > 0 ? classes + 1 : 3];
  }

  /** Adds row r to {@link #totals}' sums (before {@link #finish}). */
  private void add(double[] total, int r) {
    if (classes > 0) {
      total[classOf[r]] += weight[r];
    } else {
      total[0] += weight[r];
      total[1] += weightedTarget[r];
      total[2] += weightedTarget[r] * (target[r] - offset);
    }
  }

  /** The total weight of a classification total, after its rows are added. */
  private void finish(double[] total) {
    if (classes > 0) {
      for (int c = 0; c < classes; c++) {
        total[classes] += total[c];
      }
    }
  }

  private double[] leaf(double[] total) {
    if (classes == 0) {
      return new double[] {offset + total[1] / total[0]};
    }
    double[] shares = new double[classes];
    for (int c = 0; c < classes; c++) {
      shares[c] = total[c] / total[classes];
    }
    return shares;
  }

  /**
   * The histogram of rows {@code [from, to)} over every feature's bins, row by row: each row's
   * bins of all the features lie side by side ({@link TreeBins}), and each cell still adds its rows
   * in their order, so the sums are those of a feature-by-feature pass to the last bit.
   *
   * <p>A deep node's rows lie far apart, a cache miss each (and the data of a million rows do not
   * fit the caches), and the histogram's long loop over a row's features waits for each. So a
   * short loop first loads each run of {@link #AHEAD_ROWS} rows' first and last bins, weight and
   * class, many misses under way at once, and the histogram then finds them in the cache: 0.7×
   * the CPU time per tree at 800k training rows (from {@link #AHEAD_FROM_BYTES} of bins).
   */
  private double[] histogram(int from, int to) {
    double[] hist = new double[histStart[histStart.length - 1]];
    int features = allFeatures.length;
    byte[][] blocks = bins.blocks;
    int shift = bins.shift;
    int mask = bins.mask;
    int ahead = 0;
    for (int first = from; first < to; first += AHEAD_ROWS) {
      int end = Math.min(to, first + AHEAD_ROWS);
      for (int i = first; loadAhead && i < end; i++) {
        int r = rows[i];
        byte[] block = blocks[r >>> shift];
        int at = (r & mask) * features;
        ahead += block[at] + block[at + features - 1] + (int) weight[r] + (classes > 0 ? classOf[r] : (int) weightedTarget[r]);
      }
      for (int i = first; i < end; i++) {
        int r = rows[i];
        byte[] block = blocks[r >>> shift];
        int at = (r & mask) * features;
        double w = weight[r];
        if (classes > 0) {
          int c = classOf[r];
          for (int f = 0; f < features; f++) {
            hist[histStart[f] + (block[at + f] & 0xFF) * stride + c] += w;
          }
        } else {
          double wy = weightedTarget[r];
          for (int f = 0; f < features; f++) {
            int cell = histStart[f] + (block[at + f] & 0xFF) * 2;
            hist[cell] += w;
            hist[cell + 1] += wy;
          }
        }
      }
    }
    loadedAhead += ahead;
    return hist;
  }

  /**
   * Orders rows {@code [from, to)} stably: those whose bin of {@code feature} is at most {@code bin}
   * first; returns where the rest start. Each side's rows are added to its {@link #totals} as they
   * go, in their order, so the totals are those of the two sides' rows summed afterwards.
   */
  private int partition(int from, int to, int feature, int bin, double[] leftTotal, double[] rightTotal) {
    int left = from;
    int right = 0;
    for (int i = from; i < to; i++) {
      int r = rows[i];
      if (bins.code(feature, r) <= bin) {
        rows[left++] = r;
        add(leftTotal, r);
      } else {
        scratch[right++] = r;
        add(rightTotal, r);
      }
    }
    System.arraycopy(scratch, 0, rows, left, right);
    finish(leftTotal);
    finish(rightTotal);
    return left;
  }
}
