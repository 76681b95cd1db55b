package org.mlengine.serving;

import java.io.IOException;
import java.util.Optional;

/**
 * A CSV input that {@link Predictor#predictCsv} cannot score: a header without a column the model
 * reads, a value of the wrong type, a record with too few fields, a value a step refuses. The
 * message names the input, the line and the column and says how to fix it; {@link #rowsWritten()}
 * says how many scored rows had been written (and flushed) to the output before it.
 *
 * <pre>{@code
 * try {
 *   predictor.predictCsv(in, "loans.csv", out);
 * } catch (CsvScoringException e) {
 *   System.err.println(e.getMessage() + " (" + e.rowsWritten() + " rows written before it)");
 * }
 * }</pre>
 */
public final class CsvScoringException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final String column;
  private final long rowsWritten;

  CsvScoringException(String message, int line, String column, long rowsWritten, Throwable cause) {
    super(message, cause);
    this.line = line;
    this.column = column;
    this.rowsWritten = rowsWritten;
  }

  /** The 1-based line of the input where the refused record (or the header) starts. */
  public int line() {
    return line;
  }

  /** The column the problem is in; empty for a problem with a whole record (a wrong number of fields). */
  public Optional<String> column() {
    return Optional.ofNullable(column);
  }

  /** How many scored rows were written to the output, and flushed, before the problem; 0 when it is in the header. */
  public long rowsWritten() {
    return rowsWritten;
  }
}
