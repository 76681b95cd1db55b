package org.mlengine.runtime;

import java.io.IOException;

/**
 * A CSV file that {@link Table#readCsv(java.nio.file.Path, CsvOptions)} cannot read: a value
 * that does not fit its column's declared type, a record with the wrong number of fields, a
 * missing or repeated header name, broken quoting, bytes that are not valid in the file's charset
 * ({@link CsvOptions#charset(java.nio.charset.Charset)}), a NUL character. The message names the source, the line and
 * the column, and says how to fix the problem; {@link #line()} and {@link #column()} give the
 * place to programs.
 *
 * <pre>{@code
 * try {
 *   Table credit = Table.readCsv(path, CsvOptions.defaults().numeric("Income"));
 * } catch (CsvFormatException e) {
 *   System.err.println("line " + e.line() + ", column " + e.column() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public final class CsvFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final String column;

  public CsvFormatException(String message, int line, String column) {
    super(message);
    this.line = line;
    this.column = column;
  }

  public CsvFormatException(String message, int line, String column, Throwable cause) {
    super(message, cause);
    this.line = line;
    this.column = column;
  }

  /**
   * The 1-based physical line of the file where the offending record (or the header) starts. A
   * quoted field may span lines, so this is not the record's index. For bytes that cannot be
   * decoded and for a NUL character, the line they are on (which the message names along with
   * the column and, for bytes, their offset in the file). LF, CRLF and a lone CR each end a line.
   */
  public int line() {
    return line;
  }

  /**
   * The name of the offending column, or {@code null} when the problem is with a whole record
   * or the header (a wrong number of fields, broken quoting, an unnamed column).
   */
  public String column() {
    return column;
  }
}
