package org.mlengine.runtime.spi;

import org.apiguardian.api.API;
import org.mlengine.runtime.Row;
import org.mlengine.runtime.Table;
import java.util.List;

/**
 * The immutable state an {@code Extractor} learned from training rows, applied unchanged to
 * validation rows, test rows and prediction requests. Its state is written to a bundle as JSON
 * by the {@link TransformCodec} registered under {@link #tag()}.
 *
 * <pre>{@code
 * FittedTransform fitted = Features.impute("Income").median().fit(context);
 * Table imputed = fitted.apply(newRows);
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe; {@code apply} never changes state.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface FittedTransform {

  /** The codec tag that reads and writes this transform, e.g. {@code "standardize"}. */
  String tag();

  /** The columns this transform reads. */
  List<String> inputColumns();

  /**
   * Applies the learned state to every row of the table and returns the changed table.
   *
   * @throws org.mlengine.runtime.InvalidInputException when an input column is absent, of the wrong type, or holds
   *     a value the transform's policy refuses (an unknown category under "error")
   */
  Table apply(Table table);

  /** Applies the learned state to one row; the result is a one-row table. */
  default Table apply(Row row) {
    return apply(row.toTable());
  }

  /**
   * The row-at-a-time form of this transform, for the predictor's fast path: look up the input
   * columns in {@code slots}, bind the output columns exactly as {@link #apply(Table)} replaces,
   * appends and drops them, and return a kernel that computes the same values. Transforms
   * without one return empty, and pipelines holding them are scored through tables.
   */
  default java.util.Optional<RowKernel> compile(Slots slots) {
    return java.util.Optional.empty();
  }
}
