package org.mlengine.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.Table;

/** The parallel read of {@link CsvFile} gives the sequential reader's table on awkward files. */
class CsvFileTest {

  /**
   * A quoted field whose inner lines look like records (numbers, then a word): a chunk that starts
   * inside it reads nonsense that would turn column 'a' into categories, and must not be believed,
   * since the chunk before it ends inside the quote.
   */
  @Test
  void read_chunkStartingInsideAQuotedFieldOfRecordLikeLines_keepsTheColumnsTypes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("quoted.csv");
    Files.writeString(file, quotedRecordLikeLines(false), StandardCharsets.UTF_8);

    Table sequential = CsvFile.read(file, CsvOptions.defaults(), 1, 1);
    assertEquals(ColumnType.NUMERIC, sequential.type("a"));
    for (int chunks = 2; chunks <= 6; chunks++) {
      Table chunked = CsvFile.read(file, CsvOptions.defaults(), chunks, 1000);
      assertEquals(sequential.schema(), chunked.schema(), chunks + " chunks");
      assertEquals(sequential.toString(), chunked.toString(), chunks + " chunks");
      assertEquals(3101, chunked.rowCount());
    }
  }

  /**
   * Thirty columns of numbers, each broken by a code or word late in the file (the last one on the
   * last row): one read finds every break, and one more reads them all as categories, however
   * many chunks, with the table the one-pass Reader gives.
   */
  @Test
  void read_thirtyColumnsBreakingLate_costOneMoreReadForAll(@TempDir Path dir) throws IOException {
    StringBuilder csv = new StringBuilder();
    Set<String> names = new TreeSet<>();
    for (int c = 0; c < 30; c++) {
      csv.append(c == 0 ? "" : ",").append("c").append(c);
      names.add("c" + c);
    }
    csv.append('\n');
    int rows = 2000;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < 30; c++) {
        // Column c breaks at row rows - 1 - 60 c: the breaks are spread over every chunk.
        int at = rows - 1 - 60 * c;
        csv.append(c == 0 ? "" : ",").append(r < at ? String.format("%03d", r % 50) : r == at ? "A" + c : "x y");
      }
      csv.append('\n');
    }
    Path file = dir.resolve("late.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    Table expected = CsvReader.read(new StringReader(csv.toString()), file.toString(), CsvOptions.defaults());

    for (int chunks : new int[] {1, 4}) {
      List<CsvFile.Pass> passes = new ArrayList<>();
      Table t = CsvFile.read(file, CsvOptions.defaults(), chunks, 1000, passes::add);

      boolean chunked = chunks > 1;
      assertEquals(List.of(new CsvFile.Pass(chunked, Set.of()), new CsvFile.Pass(chunked, names)), passes,
          chunks + " chunks");
      assertEquals(expected.schema(), t.schema(), chunks + " chunks");
      assertEquals(expected.toString(), t.toString(), chunks + " chunks");
      assertEquals(ColumnType.CATEGORICAL, t.type("c29"));
      assertEquals("A0", t.value("c0", rows - 1));
      assertEquals("001", t.value("c0", 1));
    }
  }

  /** A file whose columns all look numeric to their end is read once. */
  @Test
  void read_columnsNumericToTheEnd_readOnce(@TempDir Path dir) throws IOException {
    StringBuilder csv = new StringBuilder("a,b\n");
    for (int r = 0; r < 3000; r++) {
      csv.append(r).append(',').append(r % 7 == 0 ? "NA" : "1.5").append('\n');
    }
    Path file = dir.resolve("numbers.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);

    List<CsvFile.Pass> passes = new ArrayList<>();
    Table t = CsvFile.read(file, CsvOptions.defaults(), 4, 1000, passes::add);

    assertEquals(List.of(new CsvFile.Pass(true, Set.of())), passes);
    assertEquals(ColumnType.NUMERIC, t.type("b"));
  }

  /**
   * Column 'c' breaks early, in the first chunk; a later chunk ends inside a quoted field, and the
   * one after it, started inside the quote, sees 'a' break. The sequential read that follows
   * starts 'c' as categories (so it is the last read) and believes nothing about 'a'.
   */
  @Test
  void read_breakBeforeAFailedChunk_isKeptAndNoneAfterIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("quoted.csv");
    String csv = quotedRecordLikeLines(true);
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    Table expected = CsvReader.read(new StringReader(csv), file.toString(), CsvOptions.defaults());
    assertEquals(ColumnType.NUMERIC, expected.type("a"));
    assertEquals(ColumnType.CATEGORICAL, expected.type("c"));

    for (int chunks = 2; chunks <= 6; chunks++) {
      List<CsvFile.Pass> passes = new ArrayList<>();
      Table t = CsvFile.read(file, CsvOptions.defaults(), chunks, 1000, passes::add);

      assertEquals(expected.toString(), t.toString(), chunks + " chunks");
      assertEquals(new CsvFile.Pass(true, Set.of()), passes.get(0), chunks + " chunks");
      for (CsvFile.Pass pass : passes) {
        assertFalse(pass.asStrings().contains("a"), chunks + " chunks: " + passes);
      }
      if (chunks >= 3) {
        // The first chunk ends before the quote: it is whole, and its break in 'c' is kept.
        assertEquals(List.of(new CsvFile.Pass(true, Set.of()), new CsvFile.Pass(false, Set.of("c"))), passes,
            chunks + " chunks");
      } else {
        assertTrue(passes.size() <= 3, chunks + " chunks: " + passes);
      }
    }
  }

  /** Column 'a' of digits with a quoted field of record-like lines; 'c' (when asked) breaks at row 10. */
  private static String quotedRecordLikeLines(boolean withC) {
    String c = withC ? "," : "";
    StringBuilder csv = new StringBuilder("a,b" + (withC ? ",c" : "") + "\n");
    for (int i = 0; i < 3000; i++) {
      csv.append(i % 10).append(",x").append(withC ? c + (i == 10 ? "z" : String.valueOf(i % 3)) : "").append('\n');
    }
    csv.append("0,\"");
    for (int i = 0; i < 3000; i++) {
      csv.append("5,y").append(withC ? ",1" : "").append('\n');
    }
    csv.append("foo,bar").append(withC ? ",2" : "").append("\n\"").append(withC ? ",3" : "").append('\n');
    for (int i = 0; i < 100; i++) {
      csv.append("2,z").append(withC ? ",4" : "").append('\n');
    }
    return csv.toString();
  }
}
