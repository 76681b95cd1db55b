package org.mlengine.runtime.internal.steps;

import java.util.List;

/**
 * The training categories of one column, split into those that keep their own value and those
 * grouped as {@value #OTHER}: the state of rare-category grouping, as scikit-learn's {@code
 * OneHotEncoder(min_frequency=...)} learns it.
 *
 * <pre>{@code
 * new CategoryGrouping(List.of("clerk", "nurse"), List.of("astronaut"))
 * }</pre>
 *
 * @param kept the frequent categories, sorted; never {@value #OTHER}
 * @param grouped the rare categories, sorted, and {@value #OTHER} itself when training has it
 */
public record CategoryGrouping(List<String> kept, List<String> grouped) {
  /** The name of the group of rare categories. */
  public static final String OTHER = "other";

  /** Copies both lists. */
  public CategoryGrouping {
    kept = List.copyOf(kept);
    grouped = List.copyOf(grouped);
  }
}
