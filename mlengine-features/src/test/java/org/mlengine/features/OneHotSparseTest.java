package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.DoubleArray;
import org.mlengine.runtime.IntArray;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.SparseVector;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.BuiltInSteps;
import org.mlengine.runtime.internal.steps.OneHotTransform;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.TransformCodec;

/** One-hot output as one sparse VECTOR column: when it is chosen, what it holds, how it is stored, how it fails. */
class OneHotSparseTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Table TRAIN = Table.builder()
      .categorical("Home", "rent", "owner", "rent", null)
      .numeric("Income", 1, 2, 3, 4)
      .categorical("y", "1", "0", "1", "0")
      .build();

  /** A column with {@code levels} categories c000, c001, ..., one per row, and a target. */
  private static Table wide(int levels) {
    String[] jobs = new String[levels];
    String[] y = new String[levels];
    for (int r = 0; r < levels; r++) {
      jobs[r] = String.format("c%03d", r);
      y[r] = r % 2 == 0 ? "a" : "b";
    }
    return Table.builder().categorical("Job", jobs).numeric("Income", new double[levels]).categorical("y", y).build();
  }

  private static SparseVector entry(int index) {
    return new SparseVector(IntArray.copyOf(new int[] {index}), DoubleArray.copyOf(new double[] {1.0}));
  }

  private static final SparseVector EMPTY = new SparseVector(IntArray.of(), DoubleArray.of());

  @Test
  void apply_sparse_writesOneVectorColumnWithTheDenseNamesAsDimensions() {
    Table out = Features.oneHot("Home").sparse().fit(Fixtures.classification(TRAIN)).apply(TRAIN);
    assertEquals(List.of("Income", "y", "Home"), out.columnNames());
    assertEquals(ColumnType.VECTOR, out.type("Home"));
    assertEquals(List.of("Home=owner", "Home=rent"), out.dimensions("Home"));
    assertEquals(entry(1), out.vector("Home", 0));
    assertEquals(entry(0), out.vector("Home", 1));
    assertEquals(EMPTY, out.vector("Home", 3)); // missing: all zeros
  }

  @Test
  void apply_sparseUnknownCategory_isEmptyOrOther() {
    Table test = Table.builder().categorical("Home", "castle", "owner").build();
    Table ignored = Features.oneHot("Home").sparse().fit(Fixtures.classification(TRAIN)).apply(test);
    assertEquals(EMPTY, ignored.vector("Home", 0));
    Table grouped = Features.oneHot("Home").sparse().minFrequency(2).fit(Fixtures.classification(TRAIN)).apply(test);
    assertEquals(List.of("Home=rent", "Home=other"), grouped.dimensions("Home"));
    assertEquals(entry(1), grouped.vector("Home", 0));
    assertEquals(entry(1), grouped.vector("Home", 1));
  }

  @Test
  void fit_byDefault_isDenseUpToTheThresholdAndSparseAbove() {
    Table narrow = wide(OneHot.SPARSE_ABOVE);
    Table atThreshold = Features.oneHot("Job").fit(Fixtures.classification(narrow)).apply(narrow);
    assertEquals(ColumnType.NUMERIC, atThreshold.type("Job=c000"));
    assertEquals(OneHot.SPARSE_ABOVE + 2, atThreshold.columnNames().size());

    Table wider = wide(OneHot.SPARSE_ABOVE + 1);
    Table above = Features.oneHot("Job").fit(Fixtures.classification(wider)).apply(wider);
    assertEquals(List.of("Income", "y", "Job"), above.columnNames());
    assertEquals(OneHot.SPARSE_ABOVE + 1, above.dimensions("Job").size());
    assertEquals("Job=c100", above.dimensions("Job").get(100));

    Table dense = Features.oneHot("Job").dense().fit(Fixtures.classification(wider)).apply(wider);
    assertEquals(ColumnType.NUMERIC, dense.type("Job=c100"));
  }

  /** {@code kept} categories in two rows each, then two categories in one row each. */
  private static Table withRare(int kept) {
    List<String> jobs = new ArrayList<>();
    for (int c = 0; c < kept; c++) {
      jobs.add(String.format("c%03d", c));
      jobs.add(String.format("c%03d", c));
    }
    jobs.add("rare1");
    jobs.add("rare2");
    String[] y = new String[jobs.size()];
    for (int r = 0; r < y.length; r++) {
      y[r] = r % 2 == 0 ? "a" : "b";
    }
    return Table.builder().categorical("Job", jobs.toArray(String[]::new)).categorical("y", y).build();
  }

  @Test
  void fit_minFrequency_countsTheOtherColumnTowardsTheThreshold() {
    // 99 kept categories and Job=other: 100 one-hot columns, still NUMERIC.
    Table atThreshold = withRare(OneHot.SPARSE_ABOVE - 1);
    Table dense = Features.oneHot("Job").minFrequency(2).fit(Fixtures.classification(atThreshold)).apply(atThreshold);
    assertEquals(ColumnType.NUMERIC, dense.type("Job=other"));
    assertEquals(OneHot.SPARSE_ABOVE + 1, dense.columnNames().size()); // and y

    // 100 kept categories (not more than 100) and Job=other: 101 one-hot columns, one VECTOR column.
    Table above = withRare(OneHot.SPARSE_ABOVE);
    Table sparse = Features.oneHot("Job").minFrequency(2).fit(Fixtures.classification(above)).apply(above);
    assertEquals(List.of("y", "Job"), sparse.columnNames());
    assertEquals(ColumnType.VECTOR, sparse.type("Job"));
    assertEquals(OneHot.SPARSE_ABOVE + 1, sparse.dimensions("Job").size());
    assertEquals("Job=other", sparse.dimensions("Job").get(OneHot.SPARSE_ABOVE));
  }

  @Test
  void fit_aboveTheThreshold_trainsOnTheSameFeatureNames() {
    Table wider = wide(3 * OneHot.SPARSE_ABOVE); // the training part still has more than SPARSE_ABOVE categories
    var result = Pipeline.builder()
        .target("y")
        .split(Split.random(0.8))
        .add(Features.oneHot("Job"))
        .trainer(Trainers.logisticRegression())
        .seed(1)
        .build()
        .fit(wider);
    List<String> expected = new ArrayList<>(List.of("Income"));
    BitSet inTrain = new BitSet();
    result.partition().train().forEach(inTrain::set);
    for (int r = 0; r < wider.rowCount(); r++) {
      if (inTrain.get(r)) {
        expected.add(String.format("Job=c%03d", r));
      }
    }
    assertEquals(expected, org.mlengine.runtime.internal.RuntimeAccess.pipelines().layout(result.pipeline()).names());
  }

  @Test
  void spec_recordsTheOutputOnlyWhenChosen() {
    assertEquals(Map.of("columns", List.of("Home"), "onUnknown", "ignore"), Features.oneHot("Home").spec());
    assertEquals("sparse", Features.oneHot("Home").sparse().spec().get("output"));
    assertEquals("dense", Features.oneHot("Home").sparse().dense().spec().get("output"));
  }

  // ---- issue #14 item 6: an unknown category in a batch names its row ----

  @Test
  void apply_unknownCategoryUnderErrorInABatch_namesTheRow() {
    Table batch = Table.builder().categorical("Home", "owner", "rent", null, "castle", "owner").build();
    for (OneHot step : List.of(Features.oneHot("Home").dense(), Features.oneHot("Home").sparse())) {
      FittedTransform fitted = step.onUnknown(Features.Unknown.ERROR).fit(Fixtures.classification(TRAIN));
      var e = assertThrows(InvalidInputException.class, () -> fitted.apply(batch));
      assertEquals("Home", e.column());
      assertEquals("column 'Home' has unknown category 'castle' at row 3; known categories are [owner, rent]. Use"
          + " Features.oneHot(\"Home\").onUnknown(Unknown.IGNORE) to encode it as all zeros, or retrain with data that"
          + " has it.", e.getMessage());
    }
  }

  @Test
  void apply_unknownCategoryUnderErrorInABatchScoredByAPipeline_namesTheRow() {
    var fitted = Pipeline.builder()
        .target("y")
        .split(Split.random(0.5))
        .add(Features.oneHot("Home").onUnknown(Features.Unknown.ERROR), Features.impute("Income"))
        .trainer(Trainers.logisticRegression())
        .seed(3)
        .build()
        .fit(Table.builder()
            .categorical("Home", "rent", "owner", "rent", "owner", "rent", "owner")
            .numeric("Income", 1, 2, 3, 4, 5, 6)
            .categorical("y", "1", "0", "1", "0", "1", "0")
            .build())
        .pipeline();
    Table batch = Table.builder().categorical("Home", "rent", "owner", "boat").numeric("Income", 1, 2, 3).build();
    var e = assertThrows(InvalidInputException.class, () -> fitted.score(batch));
    assertEquals("column 'Home' has unknown category 'boat' at row 2; known categories are [owner, rent]. Use"
        + " Features.oneHot(\"Home\").onUnknown(Unknown.IGNORE) to encode it as all zeros, or retrain with data that"
        + " has it.", e.getMessage());
  }

  @Test
  void apply_unknownCategoryAmongMany_listsTheFirstTwentyAndTheCount() {
    FittedTransform fitted = Features.oneHot("Job").onUnknown(Features.Unknown.ERROR).fit(Fixtures.classification(wide(500)));
    var e = assertThrows(InvalidInputException.class,
        () -> fitted.apply(Table.builder().categorical("Job", "c001", "pilot").build()));
    assertEquals("column 'Job' has unknown category 'pilot' at row 1; known categories are [c000, c001, c002, c003,"
        + " c004, c005, c006, c007, c008, c009, c010, c011, c012, c013, c014, c015, c016, c017, c018, c019, ...] (500 in"
        + " all). Use Features.oneHot(\"Job\").onUnknown(Unknown.IGNORE) to encode it as all zeros, or retrain with data"
        + " that has it.", e.getMessage());
  }

  // ---- a later step that reads a one-hot column by name ----

  @Test
  void check_stepReadingADimensionOfASparseOneHot_saysHowToGetNumericColumns() {
    Table encoded = Features.oneHot("Home").sparse().fit(Fixtures.classification(TRAIN)).apply(TRAIN);
    assertEquals(List.of("standardize reads column 'Home=rent', but 'Home' is a sparse VECTOR column at this step, as a"
            + " one-hot column with more than 100 one-hot columns (categories, plus Home=other under minFrequency) or"
            + " with sparse() is written, and 'Home=rent' is one of its dimensions, not a column. Write NUMERIC columns with Features.oneHot(\"Home\").dense(), or leave"
            + " 'Home=rent' out of standardize."),
        Fixtures.problems(Features.standardize("Home=rent"), encoded));
  }

  @Test
  void check_stepReadingTheColumnOfASparseOneHot_saysToPutItBefore() {
    Table encoded = Features.oneHot("Home").sparse().fit(Fixtures.classification(TRAIN)).apply(TRAIN);
    assertEquals(List.of("column 'Home' is VECTOR at this step: either an earlier step wrote it (a sparse one-hot, a"
            + " bag of words or hashing) or the input table has it as a VECTOR column; frequency_encoding needs"
            + " CATEGORICAL. If a step writes 'Home', put frequency_encoding before that step; otherwise leave 'Home'"
            + " out of frequency_encoding."),
        Fixtures.problems(Features.frequencyEncoding("Home"), encoded));
  }

  @Test
  void check_stepReadingAVectorColumnOfTheInputTable_doesNotBlameAStep() {
    // No step wrote this VECTOR column: the user's table has it (Table.withVector is public).
    Table own = TRAIN.withVector("Embedding", List.of("e0", "e1"),
        new int[][] {{0}, {1}, {}, {0, 1}}, new double[][] {{0.5}, {2.0}, {}, {1.0, 1.0}});
    assertEquals(List.of("column 'Embedding' is VECTOR at this step: either an earlier step wrote it (a sparse"
            + " one-hot, a bag of words or hashing) or the input table has it as a VECTOR column; standardize needs"
            + " NUMERIC. If a step writes 'Embedding', put standardize before that step; otherwise leave 'Embedding'"
            + " out of standardize."),
        Fixtures.problems(Features.standardize("Embedding"), own));
  }

  @Test
  void fit_pipelineWithAStepAfterASparseOneHot_isRefusedWithTheHint() {
    Pipeline pipeline = Pipeline.builder()
        .target("y")
        .split(Split.random(0.5))
        .add(Features.oneHot("Home").sparse(), Features.standardize("Home=rent"))
        .trainer(Trainers.logisticRegression())
        .build();
    var e = assertThrows(IllegalArgumentException.class, () -> pipeline.fit(TRAIN));
    assertEquals("the pipeline does not fit this table:\n- standardize reads column 'Home=rent', but 'Home' is a sparse"
        + " VECTOR column at this step, as a one-hot column with more than 100 one-hot columns (categories, plus"
        + " Home=other under minFrequency) or with sparse() is written, and 'Home=rent' is one of its dimensions, not"
        + " a column. Write NUMERIC columns with"
        + " Features.oneHot(\"Home\").dense(), or leave 'Home=rent' out of standardize.", e.getMessage());
  }

  // ---- the stored state ----

  private static TransformCodec codec() {
    return BuiltInSteps.codecs().stream().filter(c -> c.tag().equals(OneHotTransform.TAG)).findFirst().orElseThrow();
  }

  @Test
  void codec_denseOnly_writesVersionOneAsBefore() throws Exception {
    FittedTransform dense = Features.oneHot("Home").dense().fit(Fixtures.classification(TRAIN));
    assertEquals("{\"version\":1,\"onUnknown\":\"ignore\",\"columns\":[{\"name\":\"Home\",\"categories\":[\"owner\",\"rent\"]}]}",
        JSON.writeValueAsString(codec().write(dense)));
  }

  @Test
  void codec_sparse_writesVersionTwoAndReadsBackTheSameTransform() throws Exception {
    FittedTransform sparse = Features.oneHot("Home").sparse().minFrequency(2).fit(Fixtures.classification(TRAIN));
    String text = JSON.writeValueAsString(codec().write(sparse));
    assertEquals("{\"version\":2,\"onUnknown\":\"ignore\",\"columns\":[{\"name\":\"Home\",\"categories\":[\"rent\"],"
        + "\"other\":[\"owner\"],\"output\":\"sparse\"}]}", text);
    FittedTransform read = codec().read(JSON.readTree(text));
    assertEquals(sparse, read);
    Fixtures.assertSameTable(sparse.apply(TRAIN), read.apply(TRAIN));
  }

  @Test
  void codec_versionTwoWithAnotherOutput_isRefused() throws Exception {
    ObjectNode state = (ObjectNode) JSON.readTree(
        "{\"version\":2,\"onUnknown\":\"ignore\",\"columns\":[{\"name\":\"Home\",\"categories\":[\"rent\"],\"output\":\"csr\"}]}");
    var e = assertThrows(IllegalArgumentException.class, () -> codec().read(state));
    assertEquals("one_hot state field 'columns[0].output' is 'csr'; expected 'sparse' or 'dense'", e.getMessage());
  }

  @Test
  void codec_versionThree_isRefusedWithTheVersionsItReads() throws Exception {
    ObjectNode state = (ObjectNode) JSON.readTree(
        "{\"version\":3,\"onUnknown\":\"ignore\",\"columns\":[{\"name\":\"Home\",\"categories\":[\"rent\"]}]}");
    var e = assertThrows(IllegalArgumentException.class, () -> codec().read(state));
    assertEquals("one_hot state has version 3, but this mlengine reads version 1 to 2; load it with the newer mlengine"
        + " that wrote it", e.getMessage());
  }
}
