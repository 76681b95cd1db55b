package org.mlengine.runtime;

import java.util.Objects;

/**
 * Input data that a fitted pipeline or predictor cannot use: a missing column, a value of the
 * wrong type, an unknown category under the "error" policy. The message says what was wrong,
 * what was expected and how to fix it; {@link #column()} names the column.
 *
 * <pre>{@code
 * try {
 *   predictor.predict(Map.of("Income", "lots"));
 * } catch (InvalidInputException e) {
 *   log.warn("bad request field {}: {}", e.column(), e.getMessage());
 * }
 * }</pre>
 */
public class InvalidInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String column;

  /**
   * Creates the exception.
   *
   * @param column the offending column
   * @param message the whole message: what was wrong, what was expected, how to fix it
   */
  public InvalidInputException(String column, String message) {
    super(message);
    this.column = Objects.requireNonNull(column, "column");
  }

  /** The column the problem is in. */
  public String column() {
    return column;
  }
}
