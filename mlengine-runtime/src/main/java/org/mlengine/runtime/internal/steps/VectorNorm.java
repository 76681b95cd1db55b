package org.mlengine.runtime.internal.steps;

/**
 * How a text kernel scales each row's term vector: the apply-time form of the fit side's norm
 * option. Not API.
 *
 * <pre>{@code
 * VectorNorm.L2.label()   // "l2", as the state writes it
 * }</pre>
 */
public enum VectorNorm {
  /** Leave the weights as they are. */
  NONE,
  /** Divide by the sum of absolute values. */
  L1,
  /** Divide by the square root of the sum of squares. */
  L2
}
