package com.example.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.Table;

/** Scores the bundle the training project saved, on serving's dependencies alone. */
class CreditScorerTest {
  private static final Path DIR = Path.of(System.getProperty("bundle.dir"));

  @Test
  void badProbabilities_bundleFromTrainingProject_equalTheFittingSide() throws Exception {
    Table credit = Table.readCsv(Path.of(System.getProperty("credit.csv")));
    Table first = credit.rows(IntStream.range(0, 20).toArray());
    double[] expected = Files.readAllLines(DIR.resolve("credit-expected.txt")).stream()
        .mapToDouble(Double::parseDouble).toArray();
    try (CreditScorer scorer = new CreditScorer(DIR.resolve("credit.mlb"))) {
      assertArrayEquals(expected, scorer.badProbabilities(first), 0.0);
    }
  }

  @Test
  void classPath_hasNoTrainingStack() {
    for (String name : new String[] {"org.tribuo.Model", "org.mlengine.core.Pipeline",
        "org.mlengine.features.Features", "org.mlengine.eval.Metrics",
        "com.google.common.collect.ImmutableList", "org.nd4j.linalg.factory.Nd4j"}) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
    }
  }
}
