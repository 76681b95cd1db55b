package org.mlengine.runtime.spi;

import org.apiguardian.api.API;
import org.mlengine.runtime.History;
import org.mlengine.runtime.internal.RowScorer;
import java.util.Arrays;

/**
 * The working memory of one row as a {@link RowScorer} scores it: numeric slots, string slots
 * and sparse-vector slots, allocated once and reused, so scoring a row allocates almost nothing.
 * Not thread-safe: each thread uses its own buffer ({@link RowScorer#newBuffer()}).
 *
 * <pre>{@code
 * RowBuffer row = scorer.newBuffer();
 * row.setNumber(scorer.inputSlot("Income"), 129);
 * row.setString(scorer.inputSlot("Home"), "rent");
 * double[] probabilities = scorer.score(row);
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RowBuffer {
  private final double[] numbers;
  private final String[] strings;
  private final int[][] vectorIndex;
  private final double[][] vectorValue;
  private final int[] vectorSize;
  private History history;
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public int[] featureIndex = new int[32];
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public double[] featureValue = new double[32];

  RowBuffer(int numbers, int strings, int vectors) {
    this.numbers = new double[numbers];
    this.strings = new String[strings];
    this.vectorIndex = new int[vectors][16];
    this.vectorValue = new double[vectors][16];
    this.vectorSize = new int[vectors];
  }

  /**
   * The history that window and aggregate kernels read the past from; {@code null} when none is
   * attached (pipelines without such steps need none).
   */
  public History history() {
    return history;
  }

  /** Attaches the history this row's window and aggregate kernels read ({@code null} detaches it). */
  public void setHistory(History history) {
    this.history = history;
  }

  /** The value of a numeric slot ({@code NaN} when missing). */
  public double number(int slot) {
    return numbers[slot];
  }

  /** Sets a numeric slot. */
  public void setNumber(int slot, double value) {
    numbers[slot] = value;
  }

  /** The value of a string slot ({@code null} when missing). */
  public String string(int slot) {
    return strings[slot];
  }

  /** Sets a string slot. */
  public void setString(int slot, String value) {
    strings[slot] = value;
  }

  /** Empties a vector slot before a kernel appends to it. */
  public void clearVector(int slot) {
    vectorSize[slot] = 0;
  }

  /** Appends an entry to a vector slot; indices must be appended in increasing order. */
  public void appendVector(int slot, int index, double value) {
    int n = vectorSize[slot];
    if (n == vectorIndex[slot].length) {
      vectorIndex[slot] = Arrays.copyOf(vectorIndex[slot], n * 2);
      vectorValue[slot] = Arrays.copyOf(vectorValue[slot], n * 2);
    }
    vectorIndex[slot][n] = index;
    vectorValue[slot][n] = value;
    vectorSize[slot] = n + 1;
  }

  /** The number of entries in a vector slot. */
  public int vectorSize(int slot) {
    return vectorSize[slot];
  }

  /** The index of entry {@code k} of a vector slot. */
  public int vectorIndex(int slot, int k) {
    return vectorIndex[slot][k];
  }

  /** The value of entry {@code k} of a vector slot. */
  public double vectorValue(int slot, int k) {
    return vectorValue[slot][k];
  }

  /** Appends a model feature; the scorer's scratch space, not part of a kernel's work. */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public void feature(int k, int index, double value) {
    if (k == featureIndex.length) {
      featureIndex = Arrays.copyOf(featureIndex, k * 2);
      featureValue = Arrays.copyOf(featureValue, k * 2);
    }
    featureIndex[k] = index;
    featureValue[k] = value;
  }

  /** Scales every value of a vector slot (for normalisation). */
  public void scaleVector(int slot, double factor) {
    double[] v = vectorValue[slot];
    for (int k = 0; k < vectorSize[slot]; k++) {
      v[k] *= factor;
    }
  }
}
