package org.mlengine.core;

import org.mlengine.core.spi.Augmenter;
import org.mlengine.core.spi.FitContext;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.IntArray;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Augmentation of the training part: rows added to training only, cross-fitting folds that keep
 * each added row with its source row, what the spec and manifest record, and the errors.
 */
class AugmentationTest {
  @TempDir Path dir;

  private static Pipeline.Builder logistic() {
    return Pipeline.builder()
        .target("y")
        .split(Split.stratified(0.8))
        .trainer(Trainers.logisticRegression())
        .metrics(TestData.accuracy())
        .seed(42);
  }

  /** A metric that records the true classes of every set of outcomes it is given. */
  private static Metric recorder(List<int[]> seen) {
    return new Metric() {
      @Override
      public String name() {
        return "rows";
      }

      @Override
      public boolean supports(Task task) {
        return task == Task.CLASSIFICATION;
      }

      @Override
      public double evaluate(Outcomes outcomes) {
        seen.add(outcomes.trueClasses());
        return outcomes.size();
      }
    };
  }

  // ---- training part only ----

  @Test
  void fit_withAugmenter_addsRowsToTheTrainingPartOnly() {
    Table data = TestData.binary(300, 5);
    Split split = Split.stratified(0.8).validation(0.1);
    int[] trainingRowsSeen = {-1};
    Augmenter jitter = TestAugmenters.jitter(2);
    Augmenter recording = TestAugmenters.fake("jitter", jitter.columns(), jitter.spec(), (train, seed) -> {
      trainingRowsSeen[0] = train.rowCount();
      return jitter.augment(train, seed);
    });
    List<int[]> plainHeldOut = new ArrayList<>();
    List<int[]> augmentedHeldOut = new ArrayList<>();

    PipelineResult plain = logistic().split(split).metrics(recorder(plainHeldOut)).bootstrap(0).build().fit(data);
    PipelineResult augmented = logistic().split(split).metrics(recorder(augmentedHeldOut)).bootstrap(0)
        .augment(recording).build().fit(data);

    int train = plain.partition().train().length();
    assertEquals(plain.partition(), augmented.partition());
    assertEquals(train, trainingRowsSeen[0], "the augmenter sees the training part and nothing else");
    assertEquals(2 * train, augmented.augmentedRows());
    assertEquals(2 * train, augmented.bundle().augmentedRows());
    assertEquals(0, plain.augmentedRows());
    assertEquals(train, augmented.bundle().trainingRows());
    assertEquals(plain.bundle().trainingDataSha256(), augmented.bundle().trainingDataSha256());
    // test part: the model and three baselines, then the validation part: the same
    assertEquals(8, augmentedHeldOut.size());
    assertEquals(plain.partition().test().length(), augmentedHeldOut.get(0).length);
    assertEquals(plain.partition().validation().length(), augmentedHeldOut.get(4).length);
    for (int i = 0; i < 8; i++) {
      assertArrayEquals(plainHeldOut.get(i), augmentedHeldOut.get(i), "held-out outcomes " + i);
    }
    assertEquals(plain.metrics().get("rows"), augmented.metrics().get("rows"));
    assertEquals(plain.validationMetrics().get("rows"), augmented.validationMetrics().get("rows"));
    // the baselines learn from the original training rows, as without augmentation
    assertEquals(plain.estimates().get(0).baselines(), augmented.estimates().get(0).baselines());
    // the bundle holds the same steps (none here): nothing of the augmenter runs at prediction time
    assertEquals(plain.pipeline().transforms().size(), augmented.pipeline().transforms().size());
  }

  @Test
  void fit_withAugmenter_trainsOnTheAddedRowsToo() {
    Table data = TestData.binary(200, 6);
    FitContext context = capturedContext(logistic().augment(TestAugmenters.jitter(3)), data);
    int train = 160;

    assertEquals(4 * train, context.table().rowCount());
    assertEquals(4 * train, context.classIndices().length);
    for (int j = 0; j < 3 * train; j++) {
      int source = j / 3;
      assertEquals(context.table().string("y", source), context.table().string("y", train + j));
      assertEquals(context.table().numeric("x2", source), context.table().numeric("x2", train + j));
      assertEquals(context.table().numeric("x1", source), context.table().numeric("x1", train + j), 0.005);
    }
  }

  // ---- cross-fitting ----

  /** x1, x2 and y as {@link TestData#binary}, a group g of 12 values and a time t, one row an hour. */
  private static Table withGroupAndTime(int n, long seed) {
    Table base = TestData.binary(n, seed);
    Random random = new Random(seed);
    String[] groups = new String[n];
    Instant[] times = new Instant[n];
    for (int r = 0; r < n; r++) {
      groups[r] = "g" + random.nextInt(12);
      times[r] = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * r);
    }
    Table extra = Table.builder().categorical("g", groups).timestamp("t", times).build();
    return base.withCategorical("g", extra.stringColumn("g")).withTimestamp("t", extra.timestampColumn("t"));
  }

  /** The context the pipeline fits its first step on. */
  private static FitContext capturedContext(Pipeline.Builder builder, Table data) {
    Pipeline pipeline = builder.add(TestAugmenters.capture()).build();
    return assertThrows(TestAugmenters.Captured.class, () -> pipeline.fit(data)).context;
  }

  @Test
  void crossFitPartitions_addedRows_areOnTheSideOfTheirSourceRowInEveryFoldOfEverySplitKind() {
    Table data = withGroupAndTime(150, 7);
    Map<String, Supplier<Pipeline.Builder>> pipelines = new LinkedHashMap<>();
    pipelines.put("stratified", () -> logistic().split(Split.stratified(0.8)).drop("g", "t"));
    pipelines.put("random", () -> logistic().split(Split.random(0.8)).drop("g", "t"));
    pipelines.put("group", () -> logistic().split(Split.group("g", 0.8)).drop("t"));
    pipelines.put("time", () -> logistic().split(Split.timeOrdered("t", 0.8)).drop("g"));
    int copies = 2;
    for (var e : pipelines.entrySet()) {
      String kind = e.getKey();
      FitContext plain = capturedContext(e.getValue().get(), data);
      FitContext augmented = capturedContext(e.getValue().get().augment(TestAugmenters.jitter(copies)), data);
      int n = plain.table().rowCount();
      assertEquals((1 + copies) * n, augmented.table().rowCount(), kind);
      for (int k : new int[] {2, 5}) {
        List<Partition> original = plain.crossFitPartitions(k);
        List<Partition> folds = augmented.crossFitPartitions(k);
        assertEquals(original.size(), folds.size(), kind);
        for (int f = 0; f < folds.size(); f++) {
          String where = kind + " k=" + k + " fold " + f;
          int[] side = sides(folds.get(f), augmented.table().rowCount(), where);
          int[] originalSide = sides(original.get(f), n, where);
          for (int r = 0; r < n; r++) {
            assertEquals(originalSide[r], side[r], where + ": the original rows keep their folds, row " + r);
          }
          for (int j = 0; j < copies * n; j++) {
            assertEquals(side[j / copies], side[n + j], where + ": added row " + (n + j) + " from row " + j / copies);
          }
        }
      }
    }
  }

  /** Each row's side of a fold: 0 train, 1 validation, 2 test, -1 none; fails on a row in two. */
  private static int[] sides(Partition p, int rows, String where) {
    int[] side = new int[rows];
    java.util.Arrays.fill(side, -1);
    List<IntArray> parts = List.of(p.train(), p.validation(), p.test());
    for (int s = 0; s < 3; s++) {
      for (int r : parts.get(s).toArray()) {
        assertEquals(-1, side[r], where + ": row " + r + " twice");
        side[r] = s;
      }
    }
    return side;
  }

  @Test
  void crossFitPartitions_timeOrderedSplit_leaveAddedRowsOfUnheldRowsOutOfEveryTestPart() {
    Table data = withGroupAndTime(120, 8);
    FitContext context = capturedContext(
        logistic().split(Split.timeOrdered("t", 0.8)).drop("g").augment(TestAugmenters.jitter(1)), data);
    int n = context.table().rowCount() / 2;
    List<Partition> folds = context.crossFitPartitions(4);
    boolean[] heldOut = new boolean[2 * n];
    folds.forEach(p -> p.test().forEach(r -> heldOut[r] = true));
    for (int r = 0; r < n; r++) {
      assertEquals(heldOut[r], heldOut[n + r], "row " + r + " and its copy");
    }
    assertFalse(heldOut[0], "the earliest block is never held out, nor are its copies");
  }

  // ---- what the bundle records ----

  @Test
  void specAndManifest_recordTheAugmentersAndTheAddedRows_onlyWhenThereAreAugmenters() throws Exception {
    Table data = TestData.binary(200, 9);
    PipelineResult plain = logistic().build().fit(data);
    PipelineResult augmented = logistic().augment(TestAugmenters.jitter(2)).build().fit(data);
    ObjectMapper json = new ObjectMapper();

    JsonNode spec = json.readTree(augmented.bundle().spec());
    assertEquals(json.readTree("[{\"augmenter\": \"jitter\", \"column\": \"x1\", \"copies\": 2}]"), spec.get("augment"));
    assertNull(json.readTree(plain.bundle().spec()).get("augment"));
    assertEquals(List.of("target", "split", "augment", "steps"), fieldNames(spec).subList(0, 4));

    JsonNode training = manifest(augmented.bundle()).get("trainingData");
    assertEquals(List.of("rows", "sha256", "augmentedRows"), fieldNames(training));
    assertEquals(160, training.get("rows").intValue());
    assertEquals(320, training.get("augmentedRows").intValue());
    assertEquals(augmented.bundle().trainingDataSha256(), training.get("sha256").textValue());
    assertEquals(List.of("rows", "sha256"), fieldNames(manifest(plain.bundle()).get("trainingData")));
  }

  @Test
  void specAndManifest_augmenterThatAddsNothing_recordsZeroRows() throws Exception {
    Augmenter none = TestAugmenters.fake("none", List.of(), Map.of(), (train, seed) -> Augmentation.none(train));
    PipelineResult result = logistic().augment(none).build().fit(TestData.binary(100, 10));

    assertEquals(0, result.augmentedRows());
    assertEquals(0, manifest(result.bundle()).get("trainingData").get("augmentedRows").intValue());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static JsonNode manifest(ModelBundle bundle) throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("augmented", ".mlb");
    bundle.save(file);
    byte[] saved = java.nio.file.Files.readAllBytes(file);
    java.nio.file.Files.delete(file);
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(saved))) {
      for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.getName().equals("manifest.json")) {
          return new ObjectMapper().readTree(zip.readAllBytes());
        }
      }
    }
    throw new AssertionError("no manifest");
  }

  @Test
  void saveThenLoad_withAugmentation_keepsIdAddedRowsSpecAndPredictions() throws Exception {
    PipelineResult result = logistic().augment(TestAugmenters.jitter(2)).build().fit(TestData.binary(200, 11));
    Path file = dir.resolve("augmented.mlb");

    result.bundle().save(file);
    ModelBundle loaded = ModelBundle.load(file);

    assertEquals(result.bundle().id(), loaded.id());
    assertEquals(320, loaded.augmentedRows());
    assertEquals(160, loaded.trainingRows());
    assertEquals(result.bundle().trainingDataSha256(), loaded.trainingDataSha256());
    assertEquals(result.bundle().spec(), loaded.spec());
    Table probe = TestData.binary(30, 12);
    for (int r = 0; r < probe.rowCount(); r++) {
      assertArrayEquals(result.pipeline().score(probe).probabilities(r), loaded.pipeline().score(probe).probabilities(r));
    }
  }

  @Test
  void load_alteredAddedRowCount_isRefused() throws Exception {
    Path file = dir.resolve("augmented.mlb");
    logistic().augment(TestAugmenters.jitter(2)).build().fit(TestData.binary(100, 14)).bundle().save(file);

    var other = assertThrows(BundleFormatException.class,
        () -> ModelBundle.load(rewriteManifest(file, s -> s.replace("\"augmentedRows\" : 160", "\"augmentedRows\" : 16"))));
    var removed = assertThrows(BundleFormatException.class,
        () -> ModelBundle.load(rewriteManifest(file, s -> s.replaceFirst(",\\s*\"augmentedRows\" : 160", ""))));
    Path negative = rewriteManifest(file, s -> s.replace("\"augmentedRows\" : 160", "\"augmentedRows\" : -3"));
    var invalid = assertThrows(BundleFormatException.class, () -> ModelBundle.load(negative));

    assertTrue(other.getMessage().contains(" declares id "), other.getMessage());
    assertTrue(removed.getMessage().contains(" declares id "), removed.getMessage());
    assertEquals("trainingData.augmentedRows in manifest.json is -3; it is the number of rows augmenters added, a whole"
        + " number 0 or more", invalid.getMessage());
  }

  /** A copy of a bundle with its manifest's text edited. */
  private Path rewriteManifest(Path file, java.util.function.UnaryOperator<String> edit) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(java.nio.file.Files.newInputStream(file));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().equals("manifest.json")) {
          String before = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
          String after = edit.apply(before);
          assertNotEquals(before, after, "the edit changed nothing");
          bytes = after.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        zip.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    Path copy = dir.resolve("edited-" + java.util.UUID.randomUUID() + ".mlb");
    java.nio.file.Files.write(copy, out.toByteArray());
    return copy;
  }

  @Test
  void bundleId_sameDataSpecAndSeed_isTheSame_otherwiseDiffers() {
    Table data = TestData.binary(200, 13);
    String first = logistic().augment(TestAugmenters.jitter(2)).build().fit(data).bundle().id();

    assertEquals(first, logistic().augment(TestAugmenters.jitter(2)).build().fit(data).bundle().id());
    assertNotEquals(first, logistic().augment(TestAugmenters.jitter(2)).seed(7).build().fit(data).bundle().id());
    assertNotEquals(first, logistic().augment(TestAugmenters.jitter(1)).build().fit(data).bundle().id());
    assertNotEquals(first, logistic().build().fit(data).bundle().id());
  }

  @Test
  void toBuilder_keepsTheAugmenters() {
    Pipeline pipeline = logistic().augment(TestAugmenters.jitter(2)).build();

    assertEquals(pipeline.spec(), pipeline.toBuilder().build().spec());
    assertTrue(pipeline.toString().contains("augment=[{augmenter=jitter, column=x1, copies=2}]"), pipeline::toString);
  }

  // ---- errors ----

  @Test
  void build_augmenterOfADroppedColumnOrAddedTwice_listsEveryProblem() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> logistic().augment(TestAugmenters.jitter(1), TestAugmenters.jitter(1)).drop("x1").build());

    assertEquals("""
        the pipeline is not complete:
        - column 'x1' is dropped but jitter augments it; remove it from drop() or from the augmenter.
        - column 'x1' is dropped but jitter augments it; remove it from drop() or from the augmenter.
        - augmenter jitter{column=x1, copies=1} is added twice; with the same seed both would add the same rows. Add it once, and ask it for more copies to add more rows.""",
        e.getMessage());
  }

  @Test
  void fit_augmenterOfTheTargetOrAnAbsentColumn_listsEveryProblem() {
    Augmenter relabel = TestAugmenters.fake("relabel", List.of("y"), Map.of(), (train, seed) -> Augmentation.none(train));
    Augmenter absent = TestAugmenters.fake("absent", List.of("x9"), Map.of(), (train, seed) -> Augmentation.none(train));

    var e = assertThrows(IllegalArgumentException.class,
        () -> logistic().augment(relabel, absent).build().fit(TestData.binary(50, 1)));

    assertEquals("""
        the pipeline does not fit this table:
        - relabel changes the target 'y'; an augmenter may not change the target (added rows keep their source row's label). Remove 'y' from the augmenter's columns.
        - absent reads column 'x9', which is not in the table""", e.getMessage());
  }

  @Test
  void fit_augmenterReturningOtherColumns_saysWhatItExpected() {
    Augmenter narrow = TestAugmenters.fake("narrow", List.of(), Map.of(),
        (train, seed) -> Augmentation.of(train.rows(new int[] {0}).drop("x2"), new int[] {0}));

    var e = assertThrows(IllegalStateException.class, () -> logistic().augment(narrow).build().fit(TestData.binary(50, 1)));

    assertEquals("narrow returned rows with the columns [x1 NUMERIC, y CATEGORICAL] but the training part has"
        + " [x1 NUMERIC, x2 NUMERIC, y CATEGORICAL]; an augmenter returns rows with exactly the training part's"
        + " columns and types, e.g. trainingPart.rows(sources).withText(column, newValues)", e.getMessage());
  }

  @Test
  void fit_augmenterChangingTheTargetUndeclared_isRefused() {
    Augmenter flip = TestAugmenters.fake("flip", List.of("x1"), Map.of(), (train, seed) -> {
      String[] y = {"yes".equals(train.string("y", 0)) ? "no" : "yes"};
      return Augmentation.of(train.rows(new int[] {0}).withCategorical("y", y), new int[] {0});
    });
    Table data = TestData.binary(50, 1);

    var e = assertThrows(IllegalStateException.class, () -> logistic().augment(flip).build().fit(data));

    String before = data.string("y", Split.stratified(0.8).partition(data, "y", 42).train().get(0));
    String after = "yes".equals(before) ? "no" : "yes";
    assertEquals("flip changed the target 'y' of added row 0 from " + before + " (its source row 0) to " + after
        + "; an added row keeps its source row's target, so the augmenter must copy it unchanged", e.getMessage());
  }

  @Test
  void fit_augmenterNamingAnUnknownSourceRowOrReturningNull_isRefused() {
    Augmenter beyond = TestAugmenters.fake("beyond", List.of(), Map.of(),
        (train, seed) -> Augmentation.of(train.rows(new int[] {0}), new int[] {train.rowCount()}));
    Augmenter nothing = TestAugmenters.fake("nothing", List.of(), Map.of(), (train, seed) -> null);
    Table data = TestData.binary(50, 1);

    var e1 = assertThrows(IllegalStateException.class, () -> logistic().augment(beyond).build().fit(data));
    var e2 = assertThrows(IllegalStateException.class, () -> logistic().augment(nothing).build().fit(data));

    assertEquals("beyond says added row 0 comes from training row 40, but the training part has 40 rows; source rows"
        + " are indices into the training part", e1.getMessage());
    assertEquals("nothing returned null; an augmenter that adds nothing returns Augmentation.none(trainingPart)", e2.getMessage());
  }

  @Test
  void augmentation_sourcesNotMatchingTheRows_isRefused() {
    Table rows = TestData.binary(3, 1);

    var e1 = assertThrows(IllegalArgumentException.class, () -> Augmentation.of(rows, new int[] {0, 1}));
    var e2 = assertThrows(IllegalArgumentException.class, () -> Augmentation.of(rows, new int[] {0, -1, 2}));

    assertEquals("3 rows are added but 2 source rows are given; give the index of the training row each added row was"
        + " made from", e1.getMessage());
    assertEquals("added row 1 has the negative source row -1; source rows are indices into the training part, from 0",
        e2.getMessage());
    assertEquals(0, Augmentation.none(rows).size());
    assertEquals(rows.columnNames(), Augmentation.none(rows).rows().columnNames());
  }
}
