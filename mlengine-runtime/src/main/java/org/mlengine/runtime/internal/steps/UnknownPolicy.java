package org.mlengine.runtime.internal.steps;

/**
 * What a categorical kernel does with a category it did not see in training: the apply-time
 * form of the fit side's policy. Not API.
 *
 * <pre>{@code
 * UnknownPolicy.IGNORE   // encode it as all zeros (or as "other" when that group exists)
 * }</pre>
 */
public enum UnknownPolicy {
  /** Refuse the row, naming the column and the value. */
  ERROR,
  /** Encode it as all zeros, like a missing value. */
  IGNORE
}
