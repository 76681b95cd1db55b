package org.mlengine.core;

import org.mlengine.core.spi.Augmenter;
import org.mlengine.runtime.IntArray;
import org.mlengine.runtime.Table;
import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * The rows an {@link Augmenter} adds to the training part, with the training row each was made
 * from.
 *
 * <pre>{@code
 * int[] sources = {0, 0, 3};                                    // two copies of row 0, one of row 3
 * Table copies = trainingPart.rows(sources).withText("Review", newTexts);
 * return Augmentation.of(copies, sources);
 * }</pre>
 *
 * @param rows the added rows, with exactly the training part's columns and types
 * @param sourceRows for each added row, the index of the training row it was derived from
 */
public record Augmentation(Table rows, IntArray sourceRows) {

  /** Checks that there is one non-negative source row per added row. */
  public Augmentation {
    Objects.requireNonNull(rows, "rows is null; give the added rows, or use Augmentation.none(trainingPart)");
    Objects.requireNonNull(sourceRows, "sourceRows is null; give the source row of each added row");
    checkArgument(
        rows.rowCount() == sourceRows.length(),
        "%s rows are added but %s source rows are given; give the index of the training row each added row was made from",
        rows.rowCount(),
        sourceRows.length());
    for (int i = 0; i < sourceRows.length(); i++) {
      checkArgument(
          sourceRows.get(i) >= 0,
          "added row %s has the negative source row %s; source rows are indices into the training part, from 0",
          i,
          sourceRows.get(i));
    }
  }

  /** The added rows and the index of the training row each was made from. */
  public static Augmentation of(Table rows, int[] sourceRows) {
    return new Augmentation(rows, IntArray.copyOf(sourceRows));
  }

  /** No added rows: the training part's columns with zero rows. */
  public static Augmentation none(Table trainingPart) {
    return new Augmentation(trainingPart.rows(new int[0]), IntArray.of());
  }

  /** The number of added rows. */
  public int size() {
    return sourceRows.length();
  }
}
