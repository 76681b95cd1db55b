package org.mlengine.core;

import org.mlengine.runtime.Schema;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowBuffer;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;

/**
 * Test access to one transform's row kernel: compiles it against a schema of inputs, as the row
 * scorer does, and exposes the buffer and the slot of each column. Lives in the core package of
 * the test sources because {@link Slots} is built by core only.
 */
public final class KernelHarness {
  private final Slots slots;
  private final RowKernel kernel;
  private final RowBuffer buffer;

  private KernelHarness(Slots slots, RowKernel kernel) {
    this.slots = slots;
    this.kernel = kernel;
    this.buffer = slots.newBuffer();
  }

  /** Compiles {@code transform} for rows with these input columns; fails when it has no row form. */
  public static KernelHarness compile(Schema inputs, FittedTransform transform) {
    Slots slots = new Slots(inputs);
    RowKernel kernel = transform.compile(slots)
        .orElseThrow(() -> new AssertionError(transform.tag() + " has no row form for " + inputs));
    return new KernelHarness(slots, kernel);
  }

  /** The buffer the kernel reads and writes. */
  public RowBuffer buffer() {
    return buffer;
  }

  /** The numeric slot of a NUMERIC or TIMESTAMP column after the step. */
  public int number(String column) {
    return slots.number(column);
  }

  /** The string slot of a CATEGORICAL or TEXT column after the step. */
  public int string(String column) {
    return slots.string(column);
  }

  /** Runs the kernel on the buffer. */
  public void run() {
    kernel.apply(buffer);
  }
}
