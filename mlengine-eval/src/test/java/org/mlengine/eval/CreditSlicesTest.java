package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;

/**
 * Slices and fairness on the real credit data (core's test copy of credit_data.csv, 4454
 * applicants; see NOTICE) with a fitted tree: the model reads the six numeric columns without
 * missing values; the slices also cover the categorical columns and the numeric columns with
 * missing values, which the model never saw.
 */
class CreditSlicesTest {
  private static Table credit;
  private static PipelineResult result;

  @BeforeAll
  static void fit() throws IOException {
    try (Reader reader = new InputStreamReader(
        CreditSlicesTest.class.getResourceAsStream("/credit_data.csv"), StandardCharsets.UTF_8)) {
      credit = Table.readCsv(reader, "credit_data.csv", CsvOptions.defaults());
    }
    result = Pipeline.builder().target("Status").split(Split.stratified(0.8))
        .drop("Home", "Marital", "Records", "Job", "Income", "Assets", "Debt")
        .trainer(Trainers.cart().maxDepth(5)).metrics(Metrics.accuracy()).bootstrap(0).seed(42).build().fit(credit);
  }

  @Test
  void slices_accuracy_listsTheWorstSliceFirstAndCoversEveryHeldOutRow() {
    SliceReport report = ErrorAnalysis.slices(result, credit).metric(Metrics.accuracy()).run();
    int test = result.partition().test().length();
    assertEquals(891, test);
    assertEquals(result.metrics().get("accuracy"), report.overall().value());
    assertEquals(List.of("Seniority", "Home", "Time", "Age", "Marital", "Records", "Job", "Expenses", "Income", "Assets",
        "Debt", "Amount", "Price"), report.columns());
    for (String column : report.columns()) {
      assertEquals(test, report.column(column).stream().mapToInt(Slice::rows).sum(), column);
    }
    Slice worst = report.worst(1).get(0);
    assertTrue(worst.rows() >= 30, worst.toString());
    assertTrue(worst.value().value() < report.overall().value(), worst + " vs " + report.overall());
    assertEquals(report.overall().value() - worst.value().value(), worst.worseBy(), 1e-15);
    for (Slice s : report.slices()) {
      if (s.status() == Slice.Status.RANKED) {
        assertTrue(s.worseBy() <= worst.worseBy(), s.toString());
      }
    }
    // Checked outside Java: the partition's training rows and the held-out predictions, written out and
    // read by NumPy 2.4: np.quantile(train_values, np.linspace(0, 1, 5)), edges at most 1e-8 above the one
    // before dropped (KBinsDiscretizer), gives these inner edges. The worst slice was recounted from the held-out
    // predictions after cart() moved from Tribuo's CART to mlengine's own: Income missing is 53 right of 91
    // (Records=yes, the worst before, is now 99 right of 168).
    assertEquals(Map.of("Seniority", List.of(2.0, 5.0, 12.0), "Time", List.of(36.0, 48.0, 60.0), "Age", List.of(28.0, 36.0, 45.0),
        "Expenses", List.of(52.0, 72.0), "Income", List.of(90.0, 125.0, 172.0), "Assets", List.of(3100.0, 6000.0),
        "Debt", List.of(), "Amount", List.of(700.0, 1000.0, 1300.0), "Price", List.of(1117.5, 1400.0, 1690.0)), report.edges());
    assertEquals("Income missing", worst.label());
    assertEquals(91, worst.rows());
    assertEquals(53.0 / 91, worst.value().value());
    // Income has 381 missing values in the file: its missing slice is there (the model never read Income).
    assertTrue(report.column("Income").stream().anyMatch(s -> s.label().equals("Income missing")));
  }

  @Test
  void slices_rocAuc_bootstrapsIntervalsAroundEachSlice() {
    SliceReport report = ErrorAnalysis.slices(result, credit).metric(Metrics.rocAuc()).columns("Home", "Records")
        .resamples(200).seed(1).run();
    for (Slice s : report.slices()) {
      if (s.status() == Slice.Status.RANKED) {
        Interval i = s.value().interval().orElseThrow();
        assertTrue(i.lower() <= s.value().value() + 0.05 && s.value().value() - 0.05 <= i.upper(), s.toString());
      }
    }
    Slice worst = report.worst(1).get(0);
    assertTrue(worst.value().value() < report.overall().value(), worst.toString());
  }

  @Test
  void fairness_byMarital_givesRatesThatSumToTheHeldOutRows() {
    FairnessReport f = Fairness.of(result, credit, "Marital").positive("good").run();
    assertEquals(891, f.groups().stream().mapToInt(GroupRates::rows).sum());
    double[] rates = f.groups().stream().mapToDouble(g -> g.selectionRate().value()).toArray();
    assertEquals(java.util.Arrays.stream(rates).max().orElseThrow() - java.util.Arrays.stream(rates).min().orElseThrow(),
        f.demographicParityDifference().value());
    assertTrue(f.demographicParityDifference().interval().isPresent());
    // Checked in Python from the same predictions: selection rates widow 12/12, divorced 5/8 → 3/8;
    // true positive rates from 1 (divorced, widow) down to 103/119 (single) → 16/119 (recounted from the
    // predictions after cart() moved from Tribuo's CART to mlengine's own; Tribuo's tree gave 107/119).
    assertEquals(1 - 5.0 / 8, f.demographicParityDifference().value());
    assertEquals(16.0 / 119, f.equalOpportunityDifference().value(), 1e-15);
  }
}
