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
    char[] b = buf;
    int lim = limit;
    char sep = separator;
    int p = from;
    int lines = 0;
    int rowStart = from;
    count = 0;
    while (true) {
      if (p < lim && b[p] == '"') {
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
        // After the closing quote: blanks up to the separator or the line end.
        p = q + 1;
        while (true) {
          if (p >= lim) {
            if (!eof) {
              return -1;
            }
            return finish(p, lines);
          }
          char c = b[p];
          if (c == sep) {
            p++;
            break;
          }
          if (c == '\n' || c == '\r') {
            return endLine(p, lines);
          }
          if (c > ' ') {
            throw new Malformed(
                "Unexpected character (" + charDesc(c) + "): Expected column separator character ("
                    + charDesc(sep) + ") or end-of-line",
                line + lines,
                p - rowStart + 2);
          }
          p++;
        }
      } else {
        int s = p;
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
          return finish(p, lines);
        }
        addField(s, p, false);
        if (b[p] != sep) {
          return endLine(p, lines);
        }
        p++;
      }
      if (p >= lim) {
        if (!eof) {
          return -1;
        }
        // A separator just before the end of the text: one more empty field.
        addField(p, p, false);
        return finish(p, lines);
      }
    }
  }

  /** Whether the current record ended at the end of the text, not at a line end. */
  boolean endedAtEnd() {
    return atEnd;
  }

  private int endLine(int p, int lines) {
    atEnd = false;
    recordLine = line;
    line += lines + 1;
    if (buf[p] == '\r') {
      skipLf = true;
    }
    return p + 1;
  }

  private int finish(int p, int lines) {
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
