package org.mlengine.runtime.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Splits CSV text into records, field by field, over one growable character buffer: no String
 * per field, no token objects. A field is a range of {@link #chars()}; a quoted field's doubled
 * quotes are undone in place once its record is complete.
 *
 * <pre>{@code
 * CsvScanner s = new CsvScanner(reader, ',');
 * while (s.next()) {
 *   for (int f = 0; f < s.fields(); f++) {
 *     String v = new String(s.chars(), s.start(f), s.end(f) - s.start(f));
 *   }
 * }
 * }</pre>
 *
 * <p>The syntax is the one Jackson's CSV parser read before (issue #15 replaced it, and {@code
 * CsvScannerProperties} checks the two against each other): RFC 4180 quoting; a quote that does
 * not open a field is an ordinary character; after a closing quote, spaces and control
 * characters up to the separator or the line end are skipped; lines end at LF, CRLF or a lone CR;
 * an empty line is a record of one empty field; text after the last line end is a record. A
 * quoting error is a {@link Malformed} carrying Jackson's wording and position, so messages did
 * not change.
 */
final class CsvScanner {
  private static final int INITIAL = 1 << 16;

  /** A quoting error: Jackson's description, and the line and column where it was seen. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;
    final int column;

    Malformed(String message, int line, int column) {
      super(message, null, false, false);
      this.line = line;
      this.column = column;
    }
  }

  private final Reader reader;
  private final char separator;
  private char[] buf;
  private int pos;
  private int limit;
  private boolean eof;
  /** A record ended at a CR: a LF right after it belongs to that line end. */
  private boolean skipLf;
  /** The 1-based line where the next record starts. */
  private int line = 1;
  private int recordLine;
  /** Whether the current record was ended by the end of the text rather than a line end. */
  private boolean atEnd;
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private boolean[] escaped = new boolean[16];
  private int count;
  /** While a record is scanned: the line breaks inside its quoted fields so far. */
  private int lines;
  /** While a record is scanned: where the physical line being scanned starts. */
  private int rowStart;
  /** While a record is scanned: whether it has ended. */
  private boolean ended;

  CsvScanner(Reader reader, char separator) {
    this(reader, separator, INITIAL);
  }

  /** With a buffer of {@code size} characters at first (tests use tiny ones). */
  CsvScanner(Reader reader, char separator, int size) {
    this.reader = reader;
    this.separator = separator;
    this.buf = new char[size];
  }

  char[] chars() {
    return buf;
  }

  int fields() {
    return count;
  }

  int start(int field) {
    return starts[field];
  }

  int end(int field) {
    return ends[field];
  }

  /** The line where the current record starts. */
  int line() {
    return recordLine;
  }

  /** The line the scanner is on: where the next record starts. */
  int nextLine() {
    return line;
  }

  /** Moves to the next record; false at the end of the text. */
  boolean next() throws IOException, Malformed {
    if (skipLf) {
      if (pos == limit && !eof) {
        fill(pos);
      }
      if (pos < limit && buf[pos] == '\n') {
        pos++;
      }
      skipLf = false;
    }
    while (true) {
      if (pos == limit) {
        if (eof) {
          return false;
        }
        fill(pos);
        continue;
      }
      int end = scanRecord(pos);
      if (end >= 0) {
        unescape();
        pos = end;
        return true;
      }
      fill(pos);
    }
  }

  /**
   * Scans the record starting at {@code from}; returns where the next one starts, or -1 when the
   * buffer ends first and more text may follow (the caller refills and scans again).
   */
  private int scanRecord(int from) throws Malformed {
    int p = from;
    lines = 0;
    rowStart = from;
    count = 0;
    ended = false;
    while (true) {
      p = p < limit && buf[p] == '"' ? quoted(p) : unquoted(p);
      if (p < 0 || ended) {
        return p;
      }
      if (p >= limit) {
        if (!eof) {
          return -1;
        }
        // A separator just before the end of the text: one more empty field.
        addField(p, p, false);
        return finish(p);
      }
    }
  }

  /** An unquoted field from {@code s}: where the next field starts, or the record's end. */
  private int unquoted(int s) {
    char[] b = buf;
    int lim = limit;
    char sep = separator;
    int p = s;
    while (p < lim) {
      char c = b[p];
      if (c == sep || c == '\n' || c == '\r') {
        break;
      }
      p++;
    }
    if (p >= lim) {
      if (!eof) {
        return -1;
      }
      addField(s, p, false);
      return finish(p);
    }
    addField(s, p, false);
    return b[p] == sep ? p + 1 : endLine(p);
  }

  /** A quoted field whose opening quote is at {@code p}: as {@link #unquoted}. */
  private int quoted(int p) throws Malformed {
    char[] b = buf;
    int lim = limit;
    int q = p + 1;
    boolean esc = false;
    while (true) {
      if (q >= lim) {
        if (!eof) {
          return -1;
        }
        throw new Malformed("Missing closing quote for value", line + lines, lim - rowStart + 1);
      }
      char c = b[q];
      if (c == '"') {
        if (q + 1 >= lim && !eof) {
          return -1;
        }
        if (q + 1 < lim && b[q + 1] == '"') {
          esc = true;
          q += 2;
          continue;
        }
        break;
      }
      if (c == '\r' && q + 1 >= lim && !eof) {
        return -1;
      }
      if (c == '\n' || (c == '\r' && (q + 1 >= lim || b[q + 1] != '\n'))) {
        lines++;
        rowStart = q + 1;
      }
      q++;
    }
    addField(p + 1, q, esc);
    return afterQuote(q + 1);
  }

  /** After a closing quote: blanks up to the separator or the line end; anything else is an error. */
  private int afterQuote(int from) throws Malformed {
    char[] b = buf;
    for (int p = from; ; p++) {
      if (p >= limit) {
        return eof ? finish(p) : -1;
      }
      char c = b[p];
      if (c == separator) {
        return p + 1;
      }
      if (c == '\n' || c == '\r') {
        return endLine(p);
      }
      if (c > ' ') {
        throw new Malformed(
            "Unexpected character (" + charDesc(c) + "): Expected column separator character ("
                + charDesc(separator) + ") or end-of-line",
            line + lines,
            p - rowStart + 2);
      }
    }
  }

  /** Whether the current record ended at the end of the text, not at a line end. */
  boolean endedAtEnd() {
    return atEnd;
  }

  private int endLine(int p) {
    ended = true;
    atEnd = false;
    recordLine = line;
    line += lines + 1;
    if (buf[p] == '\r') {
      skipLf = true;
    }
    return p + 1;
  }

  private int finish(int p) {
    ended = true;
    atEnd = true;
    recordLine = line;
    line += lines;
    return p;
  }

  private void addField(int s, int e, boolean esc) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
      escaped = Arrays.copyOf(escaped, count * 2);
    }
    starts[count] = s;
    ends[count] = e;
    escaped[count] = esc;
    count++;
  }

  /** Undoes doubled quotes in place, now that the record will not be scanned again. */
  private void unescape() {
    for (int f = 0; f < count; f++) {
      if (escaped[f]) {
        int w = starts[f];
        for (int r = starts[f]; r < ends[f]; r++) {
          buf[w++] = buf[r];
          if (buf[r] == '"') {
            r++;
          }
        }
        ends[f] = w;
      }
    }
  }

  /** Keeps the text from {@code keep} on, reads more after it, and grows the buffer when full. */
  private void fill(int keep) throws IOException {
    int kept = limit - keep;
    if (keep > 0) {
      System.arraycopy(buf, keep, buf, 0, kept);
    } else if (kept == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    pos -= keep;
    limit = kept;
    int n = reader.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  /** A character as Jackson's messages show it. */
  static String charDesc(int ch) {
    char c = (char) ch;
    if (Character.isISOControl(c)) {
      return "(CTRL-CHAR, code " + ch + ")";
    }
    if (ch > 255) {
      return "'" + c + "' (code " + ch + " / 0x" + Integer.toHexString(ch) + ")";
    }
    return "'" + c + "' (code " + ch + ")";
  }
}
