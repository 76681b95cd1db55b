package org.mlengine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The CSV reader on hostile input (issue #14): random bytes, quotes, byte-order marks, LF, CRLF
 * and lone CR line ends, invalid UTF-8 and NUL characters never make it throw anything but a
 * {@link CsvFormatException}; a well-formed file reads back exactly what was written; and a
 * defect planted on a known line is reported on that line.
 */
class CsvReaderProperties {

  /** Pieces of hostile input, as bytes. */
  private static final byte[][] PIECES = {
    bytes("a"), bytes("1"), bytes("-2.5e3"), bytes("NA"), bytes(","), bytes(";"), bytes("\""), bytes("\"\""),
    bytes("\n"), bytes("\r\n"), bytes("\r"), bytes(" "), bytes("\t"), bytes("2024-03-01"), bytes("\u00E9"),
    bytes("\uD83D\uDE00"), {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xFF}, {(byte) 0xC3},
    {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFE, (byte) 0xFF}, {0},
    {(byte) 0x80}
  };

  @Property(tries = 1000)
  void readCsv_anyBytes_givesATableOrCsvFormatExceptionOnALineOfTheFile(
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 23) Integer> pieces) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int p : pieces) {
      out.writeBytes(PIECES[p]);
    }
    byte[] input = out.toByteArray();
    Path file = write(input);
    try {
      Table t = Table.readCsv(file);
      assertTrue(t.columnNames().size() >= 1);
    } catch (CsvFormatException e) {
      int lines = lineOf(input, input.length);
      assertTrue(e.line() >= 1 && e.line() <= lines, e.line() + " outside 1.." + lines + ": " + e.getMessage());
      assertTrue(e.getMessage().startsWith(file + " line " + e.line()) || e.getMessage().startsWith(file + " is empty"),
          e.getMessage());
    } finally {
      Files.delete(file);
    }
  }

  @Property(tries = 300)
  void readCsv_wellFormedFile_readsBackEveryValue(@ForAll long seed) throws IOException {
    Random random = new Random(seed);
    Written w = wellFormed(random);
    Path file = write(w.bytes.toByteArray());
    try {
      Table t = Table.readCsv(file);

      assertEquals(w.rows, t.rowCount());
      for (int c = 0; c < w.words.size(); c++) {
        assertArrayEquals(w.words.get(c).toArray(new String[0]), t.stringColumn("w" + c), "column w" + c);
      }
      assertArrayEquals(w.numbers.stream().mapToDouble(Double::doubleValue).toArray(), t.numericColumn("n"));
    } finally {
      Files.delete(file);
    }
  }

  @Property(tries = 300)
  void readCsv_invalidUtf8OrNulOnAKnownLine_namesThatLine(@ForAll long seed, @ForAll boolean nul)
      throws IOException {
    Random random = new Random(seed);
    Written w = wellFormed(random);
    byte[] good = w.bytes.toByteArray();
    // Plant the defect inside a field (quoted or not) of a record after the header.
    int at = w.fieldStarts.get(random.nextInt(w.fieldStarts.size())) + 1;
    byte[] defect = nul ? new byte[] {0} : PIECES[17 + random.nextInt(4)];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(good, 0, at);
    out.writeBytes(defect);
    out.write(good, at, good.length - at);
    Path file = write(out.toByteArray());
    try {
      CsvFormatException e = assertThrows(CsvFormatException.class, () -> Table.readCsv(file));

      int line = lineOf(good, at);
      assertEquals(line, e.line(), e.getMessage());
      assertTrue(e.getMessage().startsWith(file + " line " + line + ", column "), e.getMessage());
    } finally {
      Files.delete(file);
    }
  }

  @Property(tries = 300)
  void readCsv_extraFieldOnAKnownRecord_namesTheLineTheRecordStarts(@ForAll long seed) throws IOException {
    Random random = new Random(seed);
    Written w = wellFormed(random);
    int record = random.nextInt(w.rows);
    byte[] good = w.bytes.toByteArray();
    int at = w.recordEnds.get(record);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(good, 0, at);
    out.writeBytes(bytes(",\"extra\nfield\""));
    out.write(good, at, good.length - at);
    String csv = out.toString(StandardCharsets.UTF_8);

    CsvFormatException e =
        assertThrows(
            CsvFormatException.class,
            () -> Table.readCsv(new java.io.StringReader(csv), "t.csv", CsvOptions.defaults()));

    int line = w.recordLines.get(record);
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith("t.csv line " + line + " has "), e.getMessage());
  }

  /** A CSV file as written, with where its records and fields are. */
  private static final class Written {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<List<String>> words = new ArrayList<>();
    final List<Double> numbers = new ArrayList<>();
    final List<Integer> fieldStarts = new ArrayList<>();
    final List<Integer> recordEnds = new ArrayList<>();
    final List<Integer> recordLines = new ArrayList<>();
    int rows;
  }

  /**
   * A random well-formed file: an optional BOM, a (sometimes quoted) header, word columns whose
   * values have separators, quotes, line breaks and non-ASCII characters, a numeric column, and
   * LF, CRLF or CR line ends, with or without a last one.
   */
  private static Written wellFormed(Random random) {
    Written w = new Written();
    String eol = List.of("\n", "\r\n", "\r").get(random.nextInt(3));
    int columns = 1 + random.nextInt(3);
    w.rows = 1 + random.nextInt(12);
    if (random.nextBoolean()) {
      w.bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    StringBuilder header = new StringBuilder();
    for (int c = 0; c < columns; c++) {
      header.append(random.nextBoolean() ? "\"w" + c + "\"" : "w" + c).append(',');
      w.words.add(new ArrayList<>());
    }
    w.bytes.writeBytes(bytes(header + (random.nextBoolean() ? "\"n\"" : "n") + eol));
    for (int r = 0; r < w.rows; r++) {
      w.recordLines.add(lineOf(w.bytes.toByteArray(), w.bytes.size()));
      for (int c = 0; c < columns; c++) {
        String v = word(random);
        w.words.get(c).add(v);
        w.fieldStarts.add(w.bytes.size());
        boolean quote = random.nextBoolean() || v.matches("(?s).*[,\"\r\n].*");
        w.bytes.writeBytes(bytes(quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v));
        w.bytes.writeBytes(bytes(","));
      }
      double n = random.nextInt(4) == 0 ? Double.NaN : random.nextGaussian() * Math.pow(10, random.nextInt(8) - 4);
      w.numbers.add(n);
      w.fieldStarts.add(w.bytes.size());
      w.bytes.writeBytes(bytes(Double.isNaN(n) ? "NA" : Double.toString(n)));
      w.recordEnds.add(w.bytes.size());
      if (r < w.rows - 1 || random.nextBoolean()) {
        w.bytes.writeBytes(bytes(eol));
      }
    }
    return w;
  }

  /** A value that is neither missing, a number nor a timestamp: a letter, then anything. */
  private static String word(Random random) {
    String[] parts = {"a", "b c", ",", "\"", "\n", "\r\n", "\u00E9", "\uD83D\uDE00", "1", "NA", " "};
    StringBuilder v = new StringBuilder("xyz".substring(random.nextInt(3)).substring(0, 1));
    for (int i = random.nextInt(5); i > 0; i--) {
      v.append(parts[random.nextInt(parts.length)]);
    }
    return v.toString();
  }

  /** The 1-based line of the byte at {@code offset}: LF, CRLF and a lone CR end lines. */
  private static int lineOf(byte[] input, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (input[i] == '\r' || (input[i] == '\n' && (i == 0 || input[i - 1] != '\r'))) {
        line++;
      }
    }
    return line;
  }

  private static Path write(byte[] content) throws IOException {
    Path file = Files.createTempFile("csv-properties", ".csv");
    Files.write(file, content);
    return file;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
