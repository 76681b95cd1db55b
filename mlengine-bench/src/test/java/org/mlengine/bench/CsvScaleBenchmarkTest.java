package org.mlengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run on a small file: the benchmark prints the names csv_scale.py reads, each with a number (not timed). */
class CsvScaleBenchmarkTest {

  @Test
  void run_smallFile_printsTheNamesThePeerScriptReads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("credit.csv");
    StringBuilder b = new StringBuilder("\"Status\",\"Age\",\"Income\"\n");
    for (int i = 0; i < 100; i++) {
      b.append("\"good\",").append(20 + i % 50).append(',').append(i % 10 == 0 ? "NA" : i + ".5").append('\n');
    }
    Files.writeString(file, b);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    CsvScaleBenchmark.run(file, 1, new PrintStream(buffer, true, StandardCharsets.UTF_8));

    List<String> lines = Arrays.asList(buffer.toString(StandardCharsets.UTF_8).split("\n"));
    assertEquals(List.of("rows", "file_mb", "cold_s", "warm_s", "table_bytes", "read_peak_bytes", "columns"),
        lines.stream().map(l -> l.split(" ")[0]).toList());
    assertEquals("rows 100", lines.get(0));
    assertEquals("columns 3", lines.get(6));
    for (String line : lines) {
      Double.parseDouble(line.split(" ")[1]);
    }
  }
}
