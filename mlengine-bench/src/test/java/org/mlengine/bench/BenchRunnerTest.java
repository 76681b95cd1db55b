package org.mlengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A quick run of the benchmark runner: it must keep printing the names the peer script prints. */
class BenchRunnerTest {

  @Test
  void quickRun_printsThePeerScriptsNamesWithNumbers() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    new BenchRunner(new PrintStream(buffer, true, StandardCharsets.UTF_8), BenchRunner.Settings.QUICK).run(null);
    List<String> lines = Arrays.asList(buffer.toString(StandardCharsets.UTF_8).split("\n"));
    List<String> names = lines.stream().map(l -> l.split(" ")[0]).toList();
    for (String expected : List.of("credit.auc", "credit.fit_ms", "credit.batch_rows_per_s", "credit.single_row_p50_us",
        "credit.single_row_p99_us", "credit.load_ms", "credit.alloc_bytes_per_prediction", "tribuo.lr20_single_row_p50_us",
        "xgb.single_row_p50_us", "xgboost4j.single_row_p50_us",
        "foods.auc", "foods.fit_ms", "foods.batch_rows_per_s", "foods.single_row_p50_us", "foods.single_row_p99_us")) {
      assertTrue(names.contains(expected), expected + " missing from " + lines);
    }
    for (String line : lines) {
      String[] parts = line.split(" ");
      assertEquals(2, parts.length, line);
      assertTrue(Double.parseDouble(parts[1]) >= 0, line);
    }
  }
}
