package org.mlengine.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.CsvFormatException;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.Table;

/**
 * Issue #15 replaced Jackson's CSV parser with {@link CsvScanner}: on any text built from CSV's
 * awkward pieces (quotes, doubled quotes, separators, blanks, LF, CRLF and lone CR, missing
 * markers, numbers, dates, non-ASCII), the new reader gives the same table as the old one
 * ({@link JacksonCsvReader}) — names, types, values, category order — or the same error with the
 * same message, line and column; and the scanner splits the same records whatever its buffer size
 * and however the reader hands out the text.
 */
class CsvScannerProperties {
  private static final String[] PIECES = {
    "a", "1", "-2.5", "1e3", "NA", ",", ";", "\"", "\"\"", "\n", "\r\n", "\r", " ", "\t", "2024-03-01",
    "\u00E9", "x y", "0.1", "NaN", "\"q,\"", "007", "-0", "1,2,3\n", "4,5,6\n", "\n7,x,2024-01-02\n", "\uFEFF"
  };

  @Property(tries = 3000)
  void read_anyText_sameTableOrSameErrorAsJackson(
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 21) Integer> pieces,
      @ForAll @IntRange(min = 1, max = 7) int chunk,
      @ForAll boolean semicolon) {
    String text = join(pieces);
    CsvOptions options = semicolon ? CsvOptions.defaults().separator(';') : CsvOptions.defaults();

    String expected = outcome(() -> JacksonCsvReader.read(new StringReader(text), "t.csv", options));
    String actual = outcome(() -> CsvReader.read(new Trickle(text, chunk), "t.csv", options));

    assertEquals(expected, actual, text);
  }

  @Property(tries = 1000)
  void next_tinyBuffer_sameRecordsAsALargeOne(
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 21) Integer> pieces,
      @ForAll @IntRange(min = 1, max = 8) int size) {
    String text = join(pieces);

    assertEquals(records(new CsvScanner(new StringReader(text), ',')),
        records(new CsvScanner(new Trickle(text, 3), ',', size)), text);
  }

  @Property(tries = 1500)
  void read_fileInChunks_sameTableOrSameErrorAsJackson(
      @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 25) Integer> pieces,
      @ForAll @IntRange(min = 2, max = 6) int chunks,
      @ForAll boolean declare) throws IOException {
    String text = "n,w,t\n" + join(pieces);
    CsvOptions options = declare ? CsvOptions.defaults().numeric("n") : CsvOptions.defaults();
    Path file = Files.createTempFile("chunks", ".csv");
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);

      String expected = outcome(() -> JacksonCsvReader.read(file, options));
      String actual = outcome(() -> CsvFile.read(file, options, chunks, 1));

      assertEquals(expected, actual, text);
    } finally {
      Files.delete(file);
    }
  }

  /** Values for well-formed records: every type, quoted line breaks, missing markers. */
  private static final String[] VALUES = {
    "1", "-2.5", "1e3", "NA", "", "2024-03-01", "x", "y z", "\"a\nb\"", "\"q\"\"\"", "0.1", "\u00E9", "007",
    "\"1,5\"", "2024-03-01T09:30"
  };

  @Property(tries = 1500)
  void read_wellFormedFileInChunks_sameTableAsJackson(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 14) Integer> values,
      @ForAll @IntRange(min = 0, max = 14) int late,
      @ForAll @IntRange(min = 2, max = 6) int chunks,
      @ForAll boolean crlf) throws IOException {
    StringBuilder b = new StringBuilder("a,b,c").append(crlf ? "\r\n" : "\n");
    // Mostly numbers so that columns guess NUMERIC in early chunks, then a late value of any kind.
    for (int i = 0; i < values.size(); i++) {
      int v = values.get(i);
      b.append(VALUES[i % 3 == 0 ? v : v % 3]).append(',').append(i % 2).append(',')
          .append(i == values.size() - 1 ? VALUES[late] : VALUES[(v + i) % 2 == 0 ? 0 : 3])
          .append(crlf ? "\r\n" : "\n");
    }
    String text = b.toString();
    Path file = Files.createTempFile("chunks", ".csv");
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);

      String expected = outcome(() -> JacksonCsvReader.read(file, CsvOptions.defaults()));
      String actual = outcome(() -> CsvFile.read(file, CsvOptions.defaults(), chunks, 1));

      assertEquals(expected, actual, text);
    } finally {
      Files.delete(file);
    }
  }

  /** Values that end a run of codes or dates: a code with a letter, a phrase, a date, a number, missing. */
  private static final String[] BREAKS = {"A1", "x y", "2024-03-01", "1.5", "NA", "007", "2024-03-01T09:30"};

  /**
   * Several columns (codes such as 003 or dates) whose guessed types break late, each at its own
   * row, with words or numbers after: the table Jackson gives, read in one chunk or several, in
   * at most two reads of the file (the second one with every broken column as categories).
   */
  @Property(tries = 800)
  void read_severalColumnsBreakingLate_sameTableAsJacksonInAtMostTwoReads(
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 59) Integer> breaks,
      @ForAll @Size(min = 6, max = 6) List<@IntRange(min = 0, max = 6) Integer> late,
      @ForAll @IntRange(min = 1, max = 6) int chunks) throws IOException {
    StringBuilder b = new StringBuilder("s");
    for (int c = 0; c < breaks.size(); c++) {
      b.append(",c").append(c);
    }
    b.append('\n');
    for (int r = 0; r < 60; r++) {
      b.append(r % 5);
      for (int c = 0; c < breaks.size(); c++) {
        int at = breaks.get(c);
        String before = c % 2 == 0 ? String.format("%03d", (r * 7 + c) % 20) : String.format("2024-02-%02d", 1 + r % 28);
        String after = r % 3 == 0 ? "w" + r % 4 : before;
        b.append(',').append(r < at ? (r % 11 == 10 ? "NA" : before) : r == at ? BREAKS[late.get(c)] : after);
      }
      b.append('\n');
    }
    String text = b.toString();
    Path file = Files.createTempFile("late", ".csv");
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      List<CsvFile.Pass> passes = new ArrayList<>();

      String expected = outcome(() -> JacksonCsvReader.read(file, CsvOptions.defaults()));
      String actual = outcome(() -> CsvFile.read(file, CsvOptions.defaults(), chunks, 1, passes::add));

      assertEquals(expected, actual, text);
      assertTrue(passes.size() <= 2, passes + "\n" + text);
      assertEquals(Set.of(), passes.get(0).asStrings(), text);
    } finally {
      Files.delete(file);
    }
  }

  private static String join(List<Integer> pieces) {
    StringBuilder b = new StringBuilder();
    for (int p : pieces) {
      b.append(PIECES[p]);
    }
    return b.toString();
  }

  private static String records(CsvScanner s) {
    StringBuilder out = new StringBuilder();
    try {
      while (s.next()) {
        out.append(s.line()).append('[');
        for (int f = 0; f < s.fields(); f++) {
          out.append('<').append(s.chars(), s.start(f), s.end(f) - s.start(f)).append('>');
        }
        out.append(']');
      }
    } catch (CsvScanner.Malformed e) {
      out.append(" malformed ").append(e.getMessage()).append(' ').append(e.line).append(':').append(e.column);
    } catch (IOException e) {
      out.append(" io ").append(e.getMessage());
    }
    return out.toString();
  }

  interface Read {
    Table read() throws IOException;
  }

  /** The table in full (names, types, values with their bits, categories in order), or the error. */
  private static String outcome(Read read) {
    Table t;
    try {
      t = read.read();
    } catch (CsvFormatException e) {
      return "error line " + e.line() + " column " + e.column() + ": " + e.getMessage();
    } catch (IOException e) {
      return "io " + e;
    }
    List<Object> out = new ArrayList<>();
    for (String name : t.columnNames()) {
      ColumnType type = t.type(name);
      out.add(name + ":" + type);
      if (type == ColumnType.CATEGORICAL) {
        out.add(t.categories(name));
      }
      for (int r = 0; r < t.rowCount(); r++) {
        Object v = t.value(name, r);
        out.add(v instanceof Double d ? Long.toHexString(Double.doubleToRawLongBits(d)) : v);
      }
    }
    return out.toString();
  }

  /** Hands out at most {@code chunk} characters a call, so records straddle every refill. */
  private static final class Trickle extends Reader {
    private final String text;
    private final int chunk;
    private int at;

    Trickle(String text, int chunk) {
      this.text = text;
      this.chunk = chunk;
    }

    @Override
    public int read(char[] cbuf, int off, int len) {
      if (at == text.length()) {
        return -1;
      }
      int n = Math.min(Math.min(len, chunk), text.length() - at);
      text.getChars(at, at + n, cbuf, off);
      at += n;
      return n;
    }

    @Override
    public void close() {}
  }
}
