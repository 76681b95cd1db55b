package org.mlengine.core;

import org.mlengine.runtime.internal.BoostedModel;
import org.mlengine.runtime.internal.FeatureMatrix;
import java.util.Arrays;

/**
 * The training part's rows as XGBoost trains on them, for walking a tree of the booster's dump
 * (compiled to feature slots) on each row: a stored entry is present with its value as a float, an
 * absent one takes the node's missing branch, and a row without entries holds a 0 in slot 0 (the
 * filler {@link XGBoostTraining#matrix} gives such a row for training). Reads the feature matrix
 * itself, so nothing is copied; in a dense matrix every slot of every row is present.
 *
 * <p>With at most 64 feature slots each row also keeps a bit mask of the slots it holds, so a node
 * finds its entry with one population count instead of a search of the row.
 */
final class BoostingRows {
  /** The most slots whose rows get a one-word bit mask. */
  private static final int MASK_SLOTS = Long.SIZE;

  private final FeatureMatrix m;
  /** Each row's slots as bits, or null for more than {@link #MASK_SLOTS} slots. */
  private final long[] present;

  BoostingRows(FeatureMatrix m, int slots) {
    this.m = m;
    this.present = slots <= MASK_SLOTS && !m.isDense() ? masks(m) : null;
  }

  int rows() {
    return m.rows;
  }

  /**
   * Adds to {@code margin[r * outputs + output]} the leaf value (as the float XGBoost's tree
   * holds) each row {@code r} of {@code [from, to)} reaches in {@code tree}. A dense matrix's rows
   * go down the tree together, a level a pass: each step of a row depends on its last, and one row
   * after the other the steps waited on each other (at 800k rows this walk was a third of the
   * trainer's CPU time); the leaves, and the sums, are those of {@link #leaf}.
   */
  void addLeaves(BoostedModel.Tree tree, float[] margin, int outputs, int output, int from, int to) {
    if (!m.isDense()) {
      for (int r = from; r < to; r++) {
        margin[r * outputs + output] += leaf(tree, r);
      }
      return;
    }
    int[] feature = tree.feature();
    float[] threshold = tree.threshold();
    int[] yes = tree.yes();
    int[] no = tree.no();
    double[][] columns = m.columns;
    int[] node = new int[to - from];
    boolean moved = true;
    while (moved) {
      moved = false;
      for (int i = 0; i < node.length; i++) {
        int at = node[i];
        int slot = feature[at];
        if (slot >= 0) {
          int left = yes[at];
          int right = no[at];
          node[i] = (float) columns[slot][from + i] < threshold[at] ? left : right;
          moved = true;
        }
      }
    }
    double[] leaf = tree.leaf();
    for (int i = 0; i < node.length; i++) {
      margin[(from + i) * outputs + output] += (float) leaf[node[i]];
    }
  }

  /** The leaf value row {@code r} reaches in {@code tree}, as the float XGBoost's tree holds. */
  float leaf(BoostedModel.Tree tree, int r) {
    int[] feature = tree.feature();
    float[] threshold = tree.threshold();
    boolean dense = m.isDense();
    int start = dense ? 0 : m.rowStart[r];
    int end = dense ? m.columns.length : m.rowStart[r + 1];
    long mask = present == null ? 0 : present[r];
    int node = 0;
    while (feature[node] >= 0) {
      int slot = feature[node];
      float x;
      boolean found;
      if (dense) {
        found = true;
        x = (float) m.columns[slot][r];
      } else if (start == end) {
        found = slot == 0;
        x = 0f;
      } else if (present != null) {
        found = (mask >>> slot & 1) != 0;
        x = found ? (float) m.value[start + Long.bitCount(mask & ((1L << slot) - 1))] : 0f;
      } else {
        int at = Arrays.binarySearch(m.index, start, end, slot);
        found = at >= 0;
        x = found ? (float) m.value[at] : 0f;
      }
      node = !found ? tree.missing()[node] : x < threshold[node] ? tree.yes()[node] : tree.no()[node];
    }
    return (float) tree.leaf()[node];
  }

  private static long[] masks(FeatureMatrix m) {
    long[] masks = new long[m.rows];
    for (int r = 0; r < m.rows; r++) {
      long mask = 0;
      for (int k = m.rowStart[r]; k < m.rowStart[r + 1]; k++) {
        mask |= 1L << m.index[k];
      }
      masks[r] = mask;
    }
    return masks;
  }
}
