package org.mlengine.features;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.steps.CategoryGrouping;
import org.mlengine.runtime.internal.steps.FrequencyEncodingTransform;
import org.mlengine.runtime.internal.steps.GroupRareTransform;
import org.mlengine.runtime.internal.steps.MeanEncodingTransform;
import org.mlengine.runtime.internal.steps.OneHotTransform;
import org.mlengine.runtime.internal.steps.UnknownPolicy;
import org.mlengine.runtime.internal.steps.WeightOfEvidenceTransform;

/** What the categorical steps learn from the training rows, as kernel states. */
final class CategoricalFits {
  private CategoricalFits() {}

  /**
   * Learns the sorted categories of each column from the training rows.
   *
   * @param minFrequency the rare-category threshold, or {@code null} to keep every category
   * @param sparse whether a column with this many one-hot columns is written as one VECTOR column
   */
  static OneHotTransform oneHot(List<String> columns, UnknownPolicy onUnknown, RareCategories.MinFrequency minFrequency,
      IntPredicate sparse, Table train) {
    ImmutableMap.Builder<String, List<String>> categories = ImmutableMap.builder();
    ImmutableMap.Builder<String, List<String>> other = ImmutableMap.builder();
    Set<String> vectors = new LinkedHashSet<>();
    for (String column : columns) {
      List<String> seen = train.categories(column);
      if (seen.isEmpty()) {
        throw new InvalidInputException(
            column,
            "one_hot cannot learn the categories of column '" + column + "': every training row is missing."
                + " Impute it first with Features.impute(\"" + column + "\").constant(\"missing\") or drop it.");
      }
      int width;
      if (minFrequency == null) {
        categories.put(column, seen);
        width = seen.size();
      } else {
        CategoryGrouping grouping = RareCategories.group(train.stringColumn(column), minFrequency);
        categories.put(column, grouping.kept());
        other.put(column, grouping.grouped());
        width = grouping.kept().size() + (grouping.grouped().isEmpty() ? 0 : 1);
      }
      if (sparse.test(width)) {
        vectors.add(column);
      }
    }
    return new OneHotTransform(categories.buildOrThrow(), other.buildOrThrow(), onUnknown, vectors);
  }

  /** Learns each column's frequent categories from the training rows. */
  static GroupRareTransform groupRare(List<String> columns, RareCategories.MinFrequency min, Table train) {
    ImmutableMap.Builder<String, CategoryGrouping> groups = ImmutableMap.builder();
    for (String column : columns) {
      groups.put(column, RareCategories.group(train.stringColumn(column), min));
    }
    return new GroupRareTransform(groups.buildOrThrow());
  }

  /** Counts each column's categories over the training rows. */
  static FrequencyEncodingTransform frequencyEncoding(List<String> columns, boolean shares, Table train) {
    ImmutableMap.Builder<String, Map<String, Integer>> counts = ImmutableMap.builder();
    for (String column : columns) {
      Map<String, Integer> byCategory = new TreeMap<>();
      for (String v : train.stringColumn(column)) {
        if (v != null) {
          byCategory.merge(v, 1, Integer::sum);
        }
      }
      counts.put(column, byCategory);
    }
    return new FrequencyEncodingTransform(shares, train.rowCount(), counts.buildOrThrow());
  }

  /** Builds the transform from learned encodings, sorting categories for a stable state. */
  static MeanEncodingTransform meanEncoding(
      Task task, List<String> classes, double[] prior, Map<String, TargetStatistics.Fit> fits) {
    ImmutableMap.Builder<String, Map<String, List<Double>>> encodings = ImmutableMap.builder();
    fits.forEach((column, fit) -> {
      Map<String, List<Double>> byCategory = new TreeMap<>();
      fit.encodings().forEach((category, values) -> byCategory.put(category, MeanEncodingTransform.boxed(values)));
      encodings.put(column, byCategory);
    });
    return new MeanEncodingTransform(task, classes, MeanEncodingTransform.boxed(prior), encodings.buildOrThrow());
  }

  /** Builds the transform from learned values. */
  static WeightOfEvidenceTransform weightOfEvidence(String positive, Map<String, TargetStatistics.Fit> fits) {
    ImmutableMap.Builder<String, Map<String, Double>> encodings = ImmutableMap.builder();
    fits.forEach((column, fit) -> {
      Map<String, Double> values = new TreeMap<>();
      fit.encodings().forEach((category, v) -> values.put(category, v[0]));
      encodings.put(column, values);
    });
    return new WeightOfEvidenceTransform(positive, encodings.buildOrThrow());
  }
}
