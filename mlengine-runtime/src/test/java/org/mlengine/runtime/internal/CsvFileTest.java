package org.mlengine.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    StringBuilder csv = new StringBuilder("a,b\n");
    for (int i = 0; i < 3000; i++) {
      csv.append(i % 10).append(",x\n");
    }
    csv.append("0,\"");
    for (int i = 0; i < 3000; i++) {
      csv.append("5,y\n");
    }
    csv.append("foo,bar\n\"\n");
    for (int i = 0; i < 100; i++) {
      csv.append("2,z\n");
    }
    Path file = dir.resolve("quoted.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);

    Table sequential = CsvFile.read(file, CsvOptions.defaults(), 1, 1);
    assertEquals(ColumnType.NUMERIC, sequential.type("a"));
    for (int chunks = 2; chunks <= 6; chunks++) {
      Table chunked = CsvFile.read(file, CsvOptions.defaults(), chunks, 1000);
      assertEquals(sequential.schema(), chunked.schema(), chunks + " chunks");
      assertEquals(sequential.toString(), chunked.toString(), chunks + " chunks");
      assertEquals(3101, chunked.rowCount());
    }
  }
}
