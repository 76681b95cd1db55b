package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * The fine-foods text example end to end on the shipped data: two fits of a few seconds each (one
 * by {@link FoodsExample#run}, one by {@link FoodsExample#train}), then the printed figures and the
 * saved bundle. scikit-learn's TF-IDF (1-2-grams, min_df=2) with logistic regression scores
 * 0.871 on the test file; the example must reach 0.85.
 */
class FoodsExampleTest {
  private static final Pattern HELD_OUT = Pattern.compile("held-out roc_auc\\s+(\\d+\\.\\d+)");
  private static final Pattern TEST_FILE = Pattern.compile("test file roc_auc (\\d+\\.\\d+)");

  @TempDir static Path dir;

  private static Table train;
  private static Table test;
  private static String output;
  private static PipelineResult result;

  @BeforeAll
  static void runOnce() throws IOException {
    train = FoodsExample.trainData();
    test = FoodsExample.testData();
    result = FoodsExample.train(train);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      FoodsExample.run(train, test, print);
    }
    output = buffer.toString(StandardCharsets.UTF_8);
  }

  private static double printed(Pattern pattern) {
    Matcher m = pattern.matcher(output);
    assertTrue(m.find(), () -> "no line matching " + pattern + " in the output:\n" + output);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void data_shippedResources_haveTheDocumentedRowsAndTypes() {
    assertEquals(4000, train.rowCount());
    assertEquals(1000, test.rowCount());
    assertEquals(ColumnType.TEXT, train.type("review"));
    assertEquals(ColumnType.CATEGORICAL, train.type("score"));
    assertEquals(java.util.List.of("great", "other"), train.categories("score"));
  }

  @Test
  void run_testFile_rocAucIsAtLeastPointEightFive() {
    double auc = printed(TEST_FILE);
    assertTrue(auc >= 0.85, () -> "test file roc_auc " + auc + " < 0.85:\n" + output);
  }

  @Test
  void run_heldOutProducts_rocAucIsAtLeastPointEightFive() {
    double auc = printed(HELD_OUT);
    assertTrue(auc >= 0.85, () -> "held-out roc_auc " + auc + " < 0.85:\n" + output);
  }

  @Test
  void run_printsWhatItReadAndTheVocabularySize() {
    assertTrue(output.startsWith("read 4000 training reviews and 1000 test reviews"), output);
    Matcher m = Pattern.compile("trained on 3200 reviews, held out 800 \\(split by product\\); vocabulary of (\\d+) terms")
        .matcher(output);
    assertTrue(m.find(), output);
    // word 1-2-grams in at least two training reviews; scikit-learn finds 35,060 on all 4000 rows
    int terms = Integer.parseInt(m.group(1));
    assertTrue(terms > 20_000 && terms < 35_060, output);
  }

  /** The TF-IDF bundle's file size before bundles left out Tribuo's protobuf copy of the model. */
  private static final long SIZE_WITH_TRIBUO_COPY = 2_942_768;

  @Test
  void bundle_withoutTribuosCopy_isAtMostHalfItsFormerSize() throws IOException {
    Path file = dir.resolve("foods-size.mlb");
    result.bundle().save(file);
    long size = Files.size(file);
    assertTrue(size <= SIZE_WITH_TRIBUO_COPY / 2, "the foods TF-IDF bundle is " + size + " bytes; it was " + SIZE_WITH_TRIBUO_COPY
        + " with Tribuo's copy, and must stay at most half of that");
    assertTrue(result.bundle().tribuoModel().isEmpty(), "Tribuo's copy is kept only with keepTribuoModel()");
  }

  @Test
  void bundle_savedAndLoaded_predictsEachReviewAsTheFittedPipeline() throws IOException {
    Path file = dir.resolve("foods.mlb");
    result.bundle().save(file);
    Table probe = test.rows(java.util.stream.IntStream.range(0, 100).toArray());
    Scores expected = result.pipeline().score(probe);
    int great = expected.classes().indexOf("great");
    try (Predictor predictor = Predictor.load(file)) {
      for (int r = 0; r < probe.rowCount(); r++) {
        Prediction p = predictor.predict(Map.of("review", probe.string("review", r)));
        // No delta: the predictor's compiled row path computes exactly what the table path does.
        assertEquals(expected.probability(r, great), p.probability("great"), "review " + r);
      }
    }
  }
}
