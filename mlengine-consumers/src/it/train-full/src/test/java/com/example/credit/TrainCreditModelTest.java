package com.example.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.eval.Metrics;
import org.mlengine.features.Features;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.Table;

/**
 * Fits README.md's credit pipeline with the installed artifacts, saves the bundle next to this
 * project, and writes the probabilities the fitting side computes for the first rows, which the
 * serving-only project must reproduce exactly.
 */
class TrainCreditModelTest {

  @Test
  void fit_creditData_savesBundleAndExpectedScores() throws IOException {
    Table credit = Table.readCsv(Path.of(System.getProperty("credit.csv")));
    Pipeline pipeline = Pipeline.builder()
        .target("Status")
        .split(Split.stratified(0.8))
        .add(Features.meanEncoding("Home", "Marital", "Records", "Job").smoothing(10))
        .add(Features.impute("Income", "Assets", "Debt").median())
        .add(Features.standardize("Seniority", "Time", "Age", "Expenses", "Income", "Assets",
            "Debt", "Amount", "Price"))
        .trainer(Trainers.logisticRegression())
        .metrics(Metrics.rocAuc(), Metrics.accuracy())
        .seed(42)
        .build();
    PipelineResult result = pipeline.fit(credit);
    double auc = result.metrics().get("roc_auc");
    assertTrue(auc > 0.75 && auc < 0.95, "held-out ROC AUC " + auc);

    Path dir = Path.of(System.getProperty("bundle.dir"));
    ModelBundle bundle = result.bundle();
    bundle.save(dir.resolve("credit.mlb"));

    Table first = credit.rows(java.util.stream.IntStream.range(0, 20).toArray());
    Scores scores = result.pipeline().score(first);
    int bad = scores.classes().indexOf("bad");
    List<String> lines = new ArrayList<>();
    for (int row = 0; row < first.rowCount(); row++) {
      lines.add(Double.toString(scores.probability(row, bad)));
    }
    Files.write(dir.resolve("credit-expected.txt"), lines);
    assertEquals(20, lines.size());
  }
}
