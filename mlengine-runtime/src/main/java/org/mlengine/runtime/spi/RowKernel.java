package org.mlengine.runtime.spi;

import org.apiguardian.api.API;

/**
 * A fitted step compiled for one row at a time: reads its input slots of a {@link RowBuffer}
 * and writes its output slots, as {@link FittedTransform#apply(Table)} would for a one-row
 * table, but without building tables. Kernels are immutable and shared by threads; the buffer
 * is each thread's own.
 *
 * <pre>{@code
 * int in = slots.number("Income");
 * int out = slots.newNumber("Income");
 * RowKernel standardize = row -> row.setNumber(out, (row.number(in) - mean) / sd);
 * }</pre>
 */
@FunctionalInterface
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface RowKernel {

  /**
   * Applies the step to the row in {@code row}.
   *
   * @throws org.mlengine.runtime.InvalidInputException as the table form would for the same row
   */
  void apply(RowBuffer row);
}
