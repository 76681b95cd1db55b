package org.mlengine.core;

import org.mlengine.runtime.internal.BoostedModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the trees of a booster's own model as XGBoost 1.7 saves it in its binary format
 * ({@code Booster.toByteArray("deprecated")}, little-endian): the magic {@code binf}, the
 * learner's parameters, the objective's and the booster's names, the gradient booster's
 * parameters (the tree count first), then each tree's parameters (the node count second), its
 * nodes (parent, left child, right child, split index with the default-left bit 31, and split
 * condition or leaf value as a float) and its node statistics, which are skipped by their size.
 * The saved model is a copy of these arrays, where the UBJSON model builds a document of every
 * tree first and costs about ten times as much (0.3 ms against 3 ms for 100 trees of depth 6).
 */
final class XGBoostModelTrees {
  /** XGBoost4J's name for the format read here ({@code Booster.toByteArray(FORMAT)}). */
  static final String FORMAT = "deprecated";
  /** The format's first bytes. */
  private static final int MAGIC = 'b' | 'i' << 8 | 'n' << 16 | 'f' << 24;
  /** The bytes of the learner's parameters ({@code LearnerModelParamLegacy}). */
  private static final int LEARNER_PARAMETERS = 136;
  /** The bytes of the gradient booster's parameters ({@code GBTreeModelParam}); the tree count is the first int. */
  private static final int BOOSTER_PARAMETERS = 160;
  /** The bytes of a tree's parameters ({@code TreeParam}); the node count is the second int. */
  private static final int TREE_PARAMETERS = 148;
  /** The bytes of a node: parent, left child, right child, split index, split condition or leaf value. */
  private static final int NODE = 20;
  /** The bytes of a node's statistics (loss change, hessian sum, base weight, leaf count), not read. */
  private static final int NODE_STATISTICS = 16;
  /** The split index's bit that sends a missing value to the left child. */
  private static final int DEFAULT_LEFT = 1 << 31;

  private final ByteBuffer in;

  private XGBoostModelTrees(byte[] model) {
    this.in = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Every tree of the model, compiled to feature slots, in XGBoost's node order (a node's children follow it). */
  static List<BoostedModel.Tree> all(byte[] model, int[] slotOfColumn) {
    try {
      XGBoostModelTrees reader = new XGBoostModelTrees(model);
      if (model.length < Integer.BYTES || reader.in.getInt() != MAGIC) {
        throw new IllegalArgumentException("it does not start with 'binf'");
      }
      reader.advance(LEARNER_PARAMETERS);
      reader.skipString();  // the objective
      reader.skipString();  // the booster
      int trees = reader.in.getInt(reader.in.position());
      reader.advance(BOOSTER_PARAMETERS);
      return reader.trees(trees, slotOfColumn);
    } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
      throw unreadable("its " + model.length + " bytes end inside a value", e);
    } catch (IllegalArgumentException e) {
      throw unreadable(e.getMessage(), e);
    }
  }

  /**
   * The tree with its nodes renumbered in pre-order (a node, its left subtree, its right
   * subtree), as the JSON dump's trees were compiled; a leaf or threshold of -0 becomes 0, as the
   * dump printed it ("-0", read as the integer 0). The nodes route every row as before.
   */
  static BoostedModel.Tree preOrder(BoostedModel.Tree tree) {
    int n = tree.feature().length;
    int[] order = new int[n];
    int[] newIndex = new int[n];
    int[] stack = new int[n];
    int top = 0;
    int count = 0;
    stack[top++] = 0;
    while (top > 0) {
      int node = stack[--top];
      newIndex[node] = count;
      order[count++] = node;
      if (tree.feature()[node] >= 0) {
        stack[top++] = tree.no()[node];
        stack[top++] = tree.yes()[node];
      }
    }
    if (count != n) {
      throw new IllegalStateException("could not read XGBoost's saved model (binary): a tree of " + n + " nodes reaches " + count
          + " from its root; mlengine reads the models XGBoost4J 1.7.6 saves. No model was made; put ml.dmlc:xgboost4j_2.12:1.7.6"
          + " on the class path.");
    }
    int[] feature = new int[n];
    float[] threshold = new float[n];
    int[] yes = new int[n];
    int[] no = new int[n];
    int[] missing = new int[n];
    double[] leaf = new double[n];
    for (int i = 0; i < n; i++) {
      int old = order[i];
      feature[i] = tree.feature()[old];
      if (feature[i] < 0) {
        leaf[i] = tree.leaf()[old] + 0.0;
      } else {
        threshold[i] = tree.threshold()[old] + 0.0f;
        yes[i] = newIndex[tree.yes()[old]];
        no[i] = newIndex[tree.no()[old]];
        missing[i] = newIndex[tree.missing()[old]];
      }
    }
    return new BoostedModel.Tree(feature, threshold, yes, no, missing, leaf);
  }

  private static IllegalStateException unreadable(String what, RuntimeException cause) {
    return new IllegalStateException("could not read XGBoost's saved model (binary): " + what + "; mlengine reads the models"
        + " XGBoost4J 1.7.6 saves. No model was made; put ml.dmlc:xgboost4j_2.12:1.7.6 on the class path.", cause);
  }

  private List<BoostedModel.Tree> trees(int trees, int[] slotOfColumn) {
    if (trees < 0) {
      throw new IllegalArgumentException("the model says it holds " + trees + " trees");
    }
    List<BoostedModel.Tree> out = new ArrayList<>();
    for (int t = 0; t < trees; t++) {
      int nodes = in.getInt(in.position() + Integer.BYTES);
      if (nodes < 1) {
        throw new IllegalArgumentException("tree " + t + " has " + nodes + " nodes");
      }
      advance(TREE_PARAMETERS);
      out.add(tree(nodes, slotOfColumn));
      advance((long) nodes * NODE_STATISTICS);
    }
    return out;
  }

  /** The {@code n} nodes at the position, read (the statistics after them are not). */
  private BoostedModel.Tree tree(int n, int[] slotOfColumn) {
    if ((long) n * NODE > in.remaining()) {
      throw new java.nio.BufferUnderflowException();
    }
    int[] feature = new int[n];
    float[] threshold = new float[n];
    int[] yes = new int[n];
    int[] no = new int[n];
    int[] missing = new int[n];
    double[] leaf = new double[n];
    for (int i = 0; i < n; i++) {
      in.getInt();  // the parent
      int left = in.getInt();
      int right = in.getInt();
      int split = in.getInt();
      float condition = in.getFloat();
      if (left < 0) {
        feature[i] = -1;
        leaf[i] = condition;
      } else {
        if (left >= n || right < 0 || right >= n) {
          throw new IllegalArgumentException("node " + i + " of a tree of " + n + " nodes has the children " + left + " and " + right);
        }
        int column = split & ~DEFAULT_LEFT;
        if (column >= slotOfColumn.length) {
          throw new IllegalArgumentException("node " + i + " splits on column " + column + " of " + slotOfColumn.length);
        }
        feature[i] = slotOfColumn[column];
        threshold[i] = condition;
        yes[i] = left;
        no[i] = right;
        missing[i] = (split & DEFAULT_LEFT) != 0 ? left : right;
      }
    }
    return new BoostedModel.Tree(feature, threshold, yes, no, missing, leaf);
  }

  /** Steps over a string: its length as a long, then its bytes. */
  private void skipString() {
    advance(in.getLong());
  }

  /** Steps over {@code bytes} bytes, which must be there. */
  private void advance(long bytes) {
    if (bytes < 0 || bytes > in.remaining()) {
      throw new java.nio.BufferUnderflowException();
    }
    in.position(in.position() + (int) bytes);
  }
}
