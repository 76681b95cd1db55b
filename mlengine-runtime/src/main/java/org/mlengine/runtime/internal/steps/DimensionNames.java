package org.mlengine.runtime.internal.steps;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.IntFunction;

/**
 * The dimension names of a wide output, {@code prefix + suffix(i)}, made when asked for rather
 * than kept. Immutable; equal to any list of the same names.
 *
 * <p>What this saves is limited: while one step is fitted or applied on its own (a one-hot column
 * of a million categories, a vocabulary of a million terms), its VECTOR column does not hold a
 * second million strings beside its categories or terms. A fitted pipeline does hold them:
 * {@code FeatureMatrix.Layout.of} copies every dimension name of every VECTOR feature column into
 * its own list of real strings (one per feature slot, for the trainer and the feature names), so
 * a pipeline fitted on such a column keeps a million names there all the same.
 *
 * <pre>{@code
 * List<String> names = DimensionNames.of("Review:", terms);      // Review:bad, Review:good, ...
 * List<String> buckets = DimensionNames.numbered("Review#", 1024); // Review#0 .. Review#1023
 * }</pre>
 */
final class DimensionNames extends AbstractList<String> implements RandomAccess {
  private final String prefix;
  private final IntFunction<String> suffix;
  private final int size;

  private DimensionNames(String prefix, IntFunction<String> suffix, int size) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.suffix = suffix;
    this.size = size;
  }

  /** {@code prefix + items.get(i)} for each item, in order. */
  static List<String> of(String prefix, List<String> items) {
    return new DimensionNames(prefix, items::get, items.size());
  }

  /** {@code prefix + items.get(i)} for each item, then {@code prefix + last}. */
  static List<String> of(String prefix, List<String> items, String last) {
    int n = items.size();
    return new DimensionNames(prefix, i -> i < n ? items.get(i) : last, n + 1);
  }

  /** {@code prefix + i} for i from 0 to {@code count - 1}. */
  static List<String> numbered(String prefix, int count) {
    return new DimensionNames(prefix, Integer::toString, count);
  }

  @Override
  public String get(int i) {
    Objects.checkIndex(i, size);
    return prefix + suffix.apply(i);
  }

  @Override
  public int size() {
    return size;
  }
}
