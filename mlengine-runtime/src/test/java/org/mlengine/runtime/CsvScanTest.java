package org.mlengine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #15: {@link Table#scanCsv} visits every row as {@link Table#readCsv} reads it, in constant memory. */
class CsvScanTest {

  @Test
  void scanCsv_fileLongerThanTheInferencePrefix_visitsEveryRowAsReadCsvReadsIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.csv");
    StringBuilder b = new StringBuilder("id,grade,\"note\"\n");
    for (int i = 0; i < 25_000; i++) {
      b.append(i).append(',').append(i % 7 == 0 ? "NA" : "g" + i % 5).append(',')
          .append(i % 3 == 0 ? "\"a, \"\"b\"\"\nc\"" : "x").append('\n');
    }
    Files.writeString(file, b);
    Table all = Table.readCsv(file);

    int r = 0;
    try (CsvScan scan = Table.scanCsv(file)) {
      for (Row row : scan) {
        assertEquals(all.numeric("id", r), row.numeric("id"));
        assertEquals(all.string("grade", r), row.string("grade"));
        assertEquals(all.string("note", r), row.string("note"));
        r++;
      }
    }
    assertEquals(25_000, r);
  }

  @Test
  void types_afterOpening_declaredOrInferredFromTheFirstRecords(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.csv");
    Files.writeString(file, "a,b,c,d\n1,x,2024-03-01,7\n2,y,2024-03-02,8\n");

    try (CsvScan scan = Table.scanCsv(file, CsvOptions.defaults().categorical("d"))) {
      Map<String, ColumnType> expected = new LinkedHashMap<>();
      expected.put("a", ColumnType.NUMERIC);
      expected.put("b", ColumnType.CATEGORICAL);
      expected.put("c", ColumnType.TIMESTAMP);
      expected.put("d", ColumnType.CATEGORICAL);
      assertEquals(expected, scan.types());
      assertEquals(2, scan.nextBatch().rowCount());
      assertNull(scan.nextBatch());
    }
  }

  @Test
  void nextBatch_valueNotFittingTheInferredType_throwsNamingTheLineAndHowToDeclare(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("t.csv");
    StringBuilder b = new StringBuilder("n\n");
    for (int i = 0; i < CsvScan.INFER_ROWS + 4; i++) {
      b.append(i).append('\n');
    }
    b.append("n/a\n");
    Files.writeString(file, b);

    try (CsvScan scan = Table.scanCsv(file)) {
      assertEquals(CsvScan.INFER_ROWS, scan.nextBatch().rowCount());
      CsvFormatException e = assertThrows(CsvFormatException.class, scan::nextBatch);

      assertEquals(
          file + " line 10006, column 'n' (1): 'n/a' is not a number; Table.scanCsv decided the column is NUMERIC"
              + " from the first 10000 records. Declare its type, such as CsvOptions.categorical(\"n\"), or mark"
              + " the value missing with CsvOptions.missingValues(...).",
          e.getMessage());
      assertEquals(10_006, e.line());
      assertEquals("n", e.column());
    }
  }

  @Test
  void iterator_malformedRecord_throwsUncheckedWithTheCsvFormatException(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.csv");
    StringBuilder b = new StringBuilder("a,b\n");
    for (int i = 0; i < CsvScan.INFER_ROWS; i++) {
      b.append(i).append(",2\n");
    }
    Files.writeString(file, b + "3\n");

    try (CsvScan scan = Table.scanCsv(file)) {
      Iterator<Row> rows = scan.iterator();
      for (int i = 0; i < CsvScan.INFER_ROWS; i++) {
        rows.next();
      }
      UncheckedIOException e = assertThrows(UncheckedIOException.class, rows::hasNext);

      CsvFormatException cause = assertInstanceOf(CsvFormatException.class, e.getCause());
      assertEquals(CsvScan.INFER_ROWS + 2, cause.line());
    }
  }

  @Test
  void iterator_secondTime_throwsSayingTheScanReadsOnce(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.csv");
    Files.writeString(file, "a\n1\n");

    try (CsvScan scan = Table.scanCsv(file)) {
      Iterator<Row> rows = scan.iterator();
      assertEquals(1.0, rows.next().numeric("a"));
      IllegalStateException e = assertThrows(IllegalStateException.class, scan::iterator);

      assertEquals(
          "this CsvScan has already been iterated; a scan reads the file once. Open another with Table.scanCsv(...).",
          e.getMessage());
    }
  }

  @Test
  void scanCsv_emptyFile_throwsAsReadCsvDoes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.csv");
    Files.writeString(file, "\n\n");

    CsvFormatException scanned = assertThrows(CsvFormatException.class, () -> Table.scanCsv(file));
    CsvFormatException read = assertThrows(CsvFormatException.class, () -> Table.readCsv(file));

    assertEquals(read.getMessage(), scanned.getMessage());
  }

  @Test
  void scanCsv_stream_readsTheSameRowsAsTheFileAndClosesTheStream(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.csv");
    StringBuilder b = new StringBuilder("\n\"id\",grade,note\n");
    for (int i = 0; i < CsvScan.INFER_ROWS + 5_000; i++) {
      b.append(i).append(',').append(i % 7 == 0 ? "NA" : "g" + i % 5).append(',')
          .append(i % 3 == 0 ? "\"a, \"\"b\"\"\nc\"" : "x").append('\n');
    }
    Files.writeString(file, b);
    Table all = Table.readCsv(file);
    boolean[] closed = {false};
    java.io.InputStream in = new java.io.ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };

    int r = 0;
    try (CsvScan scan = Table.scanCsv(in, "stdin", CsvOptions.defaults())) {
      assertEquals(java.util.List.of("id", "grade", "note"), scan.columnNames());
      for (Row row : scan) {
        assertEquals(all.numeric("id", r), row.numeric("id"));
        assertEquals(all.string("grade", r), row.string("grade"));
        assertEquals(all.string("note", r), row.string("note"));
        r++;
      }
    }
    assertEquals(CsvScan.INFER_ROWS + 5_000, r);
    assertEquals(true, closed[0]);
  }

  @Test
  void scanCsv_streamWithNullOptions_isRefusedAndTheStreamClosed() {
    boolean[] closed = {false};
    java.io.InputStream in = new java.io.ByteArrayInputStream("a\n1\n".getBytes(StandardCharsets.UTF_8)) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    NullPointerException e = assertThrows(NullPointerException.class, () -> Table.scanCsv(in, "stdin", null));
    assertEquals("options is null; pass CsvOptions.defaults() for the defaults", e.getMessage());
    assertEquals(true, closed[0]);
  }

  @Test
  void scanCsv_streamWithABadValue_namesTheSourceLineAndColumn() throws IOException {
    String text = "a,b\n1,x\n\"2\",\"y\nz\"\nthree,w\n";
    java.io.InputStream in = new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));

    CsvFormatException e = assertThrows(CsvFormatException.class,
        () -> Table.scanCsv(in, "stdin", CsvOptions.defaults().numeric("a")));

    assertEquals("stdin line 5, column 'a' (1): 'three' is not a number; the column is declared NUMERIC. Fix the value, mark"
        + " it missing with CsvOptions.missingValues(...), or declare the column CATEGORICAL.", e.getMessage());
    assertEquals(5, e.line());
    assertEquals("a", e.column());
  }

  /**
   * A child JVM with a 16 MB heap scans 1.5 million rows whose table would hold 36 MB: the scan
   * holds one batch at a time.
   */
  @Test
  void scanCsv_fileWhoseTableExceedsTheHeap_visitsEveryRow(@TempDir Path dir) throws IOException, InterruptedException {
    Path file = dir.resolve("big.csv");
    int rows = 1_500_000;
    try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
      w.write("x,y,z\n");
      for (int i = 0; i < rows; i++) {
        w.write(i % 100 + "," + i + ".5," + (i & 7) + "\n");
      }
    }
    Path out = dir.resolve("child.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx16m", "-cp", System.getProperty("java.class.path"),
            CsvScanMain.class.getName(), file.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!child.waitFor(60, TimeUnit.SECONDS)) {
      child.destroyForcibly();
    }
    String printed = Files.readString(out, StandardCharsets.UTF_8).strip();

    assertEquals("1500000 rows, x sums to 74250000", printed);
    assertEquals(0, child.exitValue(), printed);
  }
}
