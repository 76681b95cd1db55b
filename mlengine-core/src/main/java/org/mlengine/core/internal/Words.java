package org.mlengine.core.internal;

/**
 * Wording shared by the messages of the data checks and the leakage audit. Not API.
 *
 * <pre>{@code
 * Words.plural(2, "row is", "rows are");   // "2 rows are"
 * }</pre>
 */
public final class Words {
  private Words() {}

  /** {@code n} followed by the singular or the plural phrase. */
  public static String plural(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
