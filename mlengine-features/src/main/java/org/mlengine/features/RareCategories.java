package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import java.util.Map;
import java.util.TreeMap;
import org.mlengine.runtime.internal.steps.CategoryGrouping;

/**
 * Rare-category grouping as scikit-learn's {@code OneHotEncoder(min_frequency=...)}: a training
 * category seen fewer times than the threshold is "infrequent" and joins the group
 * {@value #OTHER}. The threshold is a count, or a fraction of the training rows (missing values
 * included, as scikit-learn's {@code n_samples}).
 */
final class RareCategories {
  /** The name of the group of rare categories. */
  static final String OTHER = CategoryGrouping.OTHER;

  private RareCategories() {}

  /**
   * The least number of training rows a category needs to keep its own value: a whole count
   * (at least 1) or a fraction of the training rows in (0, 1); exactly one is set.
   *
   * @param count the count, or 0 when a fraction is given
   * @param fraction the fraction, or NaN when a count is given
   */
  record MinFrequency(int count, double fraction) {
    /** Refuses a threshold that is neither a count &ge; 1 nor a fraction in (0, 1). */
    MinFrequency {
      if (count == 0) {
        if (!(fraction > 0 && fraction < 1)) {
          throw new IllegalArgumentException(
              "minFrequency(" + fraction + ") is not a fraction of the training rows in (0, 1); give a fraction such"
                  + " as minFrequency(0.01) or a whole count such as minFrequency(10)");
        }
      } else if (count < 1 || !Double.isNaN(fraction)) {
        throw new IllegalArgumentException(
            "minFrequency(" + count + ") is not a count >= 1; give a whole count such as minFrequency(10) or a"
                + " fraction of the training rows such as minFrequency(0.01)");
      }
    }

    static MinFrequency ofCount(int count) {
      if (count < 1) {
        throw new IllegalArgumentException(
            "minFrequency(" + count + ") is not a count >= 1; give a whole count such as minFrequency(10) or a"
                + " fraction of the training rows such as minFrequency(0.01)");
      }
      return new MinFrequency(count, Double.NaN);
    }

    static MinFrequency ofFraction(double fraction) {
      return new MinFrequency(0, fraction);
    }

    /** The least count a category needs among {@code rows} training rows. */
    double threshold(int rows) {
      return count > 0 ? count : rows * fraction;
    }

    /** The threshold as the user gave it, for the step's spec. */
    Number spec() {
      return count > 0 ? (Number) count : (Number) fraction;
    }
  }

  /**
   * Groups the categories of a training column. A training category named {@value #OTHER}
   * always belongs to the group, whatever its count, so the output never holds two different
   * things under that name.
   *
   * @param values the training values ({@code null} for missing; missing rows count towards
   *     the rows a fraction is taken of, but are no category)
   */
  static CategoryGrouping group(String[] values, MinFrequency min) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String v : values) {
      if (v != null) {
        counts.merge(v, 1, Integer::sum);
      }
    }
    double threshold = min.threshold(values.length);
    ImmutableList.Builder<String> kept = ImmutableList.builder();
    ImmutableList.Builder<String> grouped = ImmutableList.builder();
    counts.forEach((category, count) -> {
      if (count < threshold || category.equals(OTHER)) {
        grouped.add(category);
      } else {
        kept.add(category);
      }
    });
    return new CategoryGrouping(kept.build(), grouped.build());
  }
}
