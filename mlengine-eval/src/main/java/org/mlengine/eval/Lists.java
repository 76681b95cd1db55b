package org.mlengine.eval;

import java.util.ArrayList;
import java.util.List;

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
}
