package org.mlengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlengine.runtime.Table;

/** A fit of each operation on a small credit-shaped file: the benchmark prints the names fit_scale.py reads, each with a number (not timed). */
class FitScaleBenchmarkTest {
  private static final List<String> NAMES = List.of("rows", "fit_s", "fit_cpu_s", "phase.checks_s", "phase.split_s", "phase.fingerprint_s",
      "phase.profile_s", "phase.audit_s", "phase.features_s", "phase.train_s", "phase.evaluate_s", "phase.bundle_s",
      "fit_peak_bytes", "auc");

  @TempDir
  static Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"logistic", "cart", "forest", "xgboost"})
  void run_smallCreditFile_printsTheNamesThePeerScriptReads(String operation) throws Exception {
    Table table = Table.readCsv(credit(dir.resolve(operation + ".csv"), 400));
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    FitScaleBenchmark.run(table, operation, 5, 1, new PrintStream(buffer, true, StandardCharsets.UTF_8));

    List<String> lines = Arrays.asList(buffer.toString(StandardCharsets.UTF_8).split("\n"));
    assertEquals(NAMES, lines.stream().map(l -> l.split(" ")[0]).toList());
    assertEquals("rows 400", lines.get(0));
    double fit = Double.parseDouble(lines.get(1).split(" ")[1]);
    assertTrue(Double.parseDouble(lines.get(2).split(" ")[1]) > 0, () -> "a fit takes some CPU time: " + lines);
    double phases = 0;
    for (String line : lines.subList(3, 12)) {
      double seconds = Double.parseDouble(line.split(" ")[1]);
      assertTrue(seconds >= 0, line);
      phases += seconds;
    }
    // Each figure is rounded to 0.1 ms.
    assertTrue(phases <= fit + 0.001, () -> "the phases sum to more than the fit: " + lines);
    double auc = Double.parseDouble(lines.get(13).split(" ")[1]);
    assertTrue(auc > 0.6 && auc <= 1, () -> "held-out AUC " + auc + " on a target that depends on Records and Income");
  }

  @Test
  void main_unknownOperation_saysWhichOnesThereAre() {
    var e = assertThrows(IllegalArgumentException.class, () -> FitScaleBenchmark.main(new String[] {"credit.csv", "svm"}));

    assertEquals("FitScaleBenchmark takes a CSV file, an operation (one of logistic, cart, forest, xgboost) and optionally the"
        + " forest's trees; got [credit.csv, svm]. Run it through mlengine-bench/fit_scale.py, or e.g. FitScaleBenchmark"
        + " credit_100000.csv forest 100", e.getMessage());
  }

  @Test
  void main_negativeWarmUps_saysWhatToGive() throws Exception {
    Path file = credit(dir.resolve("warm.csv"), 50);
    var e = assertThrows(IllegalArgumentException.class,
        () -> FitScaleBenchmark.main(new String[] {file.toString(), "cart", "5", "-1"}));

    assertEquals("FitScaleBenchmark's warm-up fits (the fourth argument) is -1; give 0 or more, e.g. 1 (a service's second fit)"
        + " or 10 (a warm JVM)", e.getMessage());
  }

  /** A file with fit_scale.py's columns whose target is Records or a low Income (missing for every tenth row), one row in ten flipped. */
  private static Path credit(Path file, int rows) throws Exception {
    Random random = new Random(15);
    String[] homes = {"owner", "rent", "parents"};
    String[] maritals = {"married", "single"};
    String[] jobs = {"fixed", "freelance", "partime", "others"};
    StringBuilder b = new StringBuilder("\"Status\",\"Seniority\",\"Home\",\"Time\",\"Age\",\"Marital\",\"Records\",\"Job\","
        + "\"Expenses\",\"Income\",\"Assets\",\"Debt\",\"Amount\",\"Price\"\n");
    for (int i = 0; i < rows; i++) {
      boolean records = random.nextInt(5) == 0;
      double income = 20 + random.nextInt(200);
      boolean bad = (records || income < 50) != (random.nextInt(10) == 0);
      b.append(bad ? "\"bad\"," : "\"good\",").append(random.nextInt(48)).append(",\"").append(homes[random.nextInt(3)])
          .append("\",").append(12 * (1 + random.nextInt(6))).append(',').append(18 + random.nextInt(50)).append(",\"")
          .append(maritals[random.nextInt(2)]).append("\",\"").append(records ? "yes" : "no").append("\",\"")
          .append(jobs[random.nextInt(4)]).append("\",").append(35 + random.nextInt(140)).append(',')
          .append(i % 10 == 0 ? "NA" : String.valueOf(income)).append(',').append(1000 * random.nextInt(300)).append(',')
          .append(random.nextInt(30000)).append(',').append(100 * (1 + random.nextInt(49))).append(',')
          .append(100 + random.nextInt(10900)).append('\n');
    }
    return Files.writeString(file, b);
  }
}
