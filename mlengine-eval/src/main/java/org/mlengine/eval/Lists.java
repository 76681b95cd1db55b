package org.mlengine.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Conversions between the engine's arrays and the immutable lists of the public records. */
final class Lists {
  private Lists() {}

  static List<Double> of(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double v : values) {
      list.add(v);
    }
    return List.copyOf(list);
  }

  static List<Long> ofLongs(long[] values) {
    List<Long> list = new ArrayList<>(values.length);
    for (long v : values) {
      list.add(v);
    }
    return List.copyOf(list);
  }

  static List<Integer> ofInts(int[] values) {
    List<Integer> list = new ArrayList<>(values.length);
    for (int v : values) {
      list.add(v);
    }
    return List.copyOf(list);
  }

  static double[] toArray(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /**
   * An immutable copy of the labels an options record was given, refused when a label is listed
   * twice; {@code what} names the record in the message.
   */
  static List<Integer> distinctLabels(List<Integer> labels, String what) {
    List<Integer> copy = List.copyOf(labels);
    Set<Integer> seen = new HashSet<>();
    for (int label : copy) {
      Check.argument(
          seen.add(label),
          "%s: labels lists %d twice; expected each label once — remove the duplicate",
          what, label);
    }
    return copy;
  }

  /** The labels as an array, or null (the engine's "the sorted labels of the data") when none are chosen. */
  static int[] labelsOrNull(List<Integer> labels) {
    return labels.isEmpty() ? null : labels.stream().mapToInt(Integer::intValue).toArray();
  }
}
