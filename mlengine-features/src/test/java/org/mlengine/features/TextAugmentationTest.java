package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.core.Augmentation;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;

/** Text augmentation: each operation on fixed texts and seed, its options, spec and errors, and the pipeline. */
class TextAugmentationTest {

  /** Row 2 is missing and row 3 blank (no copies); row 4 has one word. */
  private static final Table REVIEWS = Table.builder()
      .text("t", "The movie was good, really good!", "a bad film", null, "   ", "one")
      .categorical("y", "pos", "neg", "pos", "neg", "pos")
      .numeric("n", 1, 2, 3, 4, 5)
      .build();

  private static final Map<String, List<String>> SYNONYMS =
      Map.of("good", List.of("great", "fine"), "movie", List.of("film"), "Bad", List.of("poor", "awful"));

  private static List<String> texts(Augmentation a) {
    return a.rows().rowCount() == 0 ? List.of() : List.of(a.rows().stringColumn("t"));
  }

  // ---- each operation, fixed texts, fixed seed ----

  @Test
  void synonyms_rateOne_replacesEveryWordThatHasSynonymsKeepingPunctuation() {
    Augmentation a = Features.augmentText("t").synonyms(SYNONYMS).synonymRate(1.0).augment(REVIEWS, 42);

    assertEquals(List.of("The film was fine, really great!", "a awful film"), texts(a));
    assertArrayEquals(new int[] {0, 1}, a.sourceRows().toArray());
  }

  @Test
  void synonyms_defaultRate_replacesSomeWords_andUnchangedCopiesAreNotAdded() {
    Augmentation a = Features.augmentText("t").synonyms(SYNONYMS).augment(REVIEWS, 42);

    assertEquals(List.of("The movie was fine, really good!"), texts(a));
    assertArrayEquals(new int[] {0}, a.sourceRows().toArray());
  }

  @Test
  void randomSwaps_swapsTwoWordsPerSwap() {
    assertEquals(List.of("The good! was good, really movie", "film bad a"),
        texts(Features.augmentText("t").randomSwaps(1).augment(REVIEWS, 42)));
    // with seed 7, row 1's two swaps undo each other: that copy is not added
    Augmentation twice = Features.augmentText("t").randomSwaps(2).augment(REVIEWS, 7);
    assertEquals(List.of("movie was The good, really good!"), texts(twice));
    assertArrayEquals(new int[] {0}, twice.sourceRows().toArray());
  }

  @Test
  void randomDeletion_dropsWordsButNeverAll() {
    assertEquals(List.of("The was good, really good!", "a"),
        texts(Features.augmentText("t").randomDeletion(0.3).augment(REVIEWS, 42)));
    assertEquals(List.of("good,", "bad"), texts(Features.augmentText("t").randomDeletion(1.0).augment(REVIEWS, 42)));
  }

  @Test
  void everyOperation_threeCopies_appliesSynonymsThenSwapsThenDeletion() {
    Augmentation a = Features.augmentText("t").synonyms(SYNONYMS).randomSwaps(1).randomDeletion(0.2).copies(3)
        .augment(REVIEWS, 42);

    assertEquals(List.of(
        "movie good! fine, was",
        "good, movie really great!",
        "good, film really good!",
        "film bad a",
        "a film",
        "awful a film"), texts(a));
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, a.sourceRows().toArray());
  }

  @Test
  void augment_copiesTheOtherColumnsFromTheSourceRow() {
    Augmentation a = Features.augmentText("t").randomSwaps(1).copies(2).augment(REVIEWS, 3);

    assertEquals(REVIEWS.schema().names(), a.rows().schema().names());
    assertEquals(REVIEWS.rows(new int[0]).schema(), a.rows().rows(new int[0]).schema());
    for (int i = 0; i < a.size(); i++) {
      int source = a.sourceRows().get(i);
      assertEquals(REVIEWS.string("y", source), a.rows().string("y", i));
      assertEquals(REVIEWS.numeric("n", source), a.rows().numeric("n", i));
    }
  }

  @Test
  void augment_dependsOnTheSeedAndTheRowOnly_notOnOtherRowsOrTheOrder() {
    TextAugmentation step = Features.augmentText("t").synonyms(SYNONYMS).randomSwaps(1).randomDeletion(0.2).copies(3);

    Augmentation all = step.augment(REVIEWS, 42);
    Augmentation firstTwo = step.augment(REVIEWS.rows(new int[] {0, 1}), 42);

    assertEquals(texts(all), texts(step.augment(REVIEWS, 42)));
    assertEquals(texts(all), texts(firstTwo));
    assertTrue(!texts(all).equals(texts(step.augment(REVIEWS, 43))), "another seed, other copies");
  }

  @Test
  void augment_missingBlankOrUnchangeableTexts_getNoCopy() {
    Table nothing = Table.builder().text("t", null, "", " \t\n", "one").categorical("y", "a", "b", "a", "b").build();

    Augmentation a = Features.augmentText("t").randomSwaps(3).randomDeletion(0.9).augment(nothing, 1);

    assertEquals(0, a.size());
    assertEquals(nothing.columnNames(), a.rows().columnNames());
  }

  @Test
  void randomDeletion_certain_leavesOneWordOfTheOriginalInEveryCopy() {
    List<String> docs = new ArrayList<>();
    for (int r = 0; r < 50; r++) {
      docs.add("w" + r + " x" + r + " y" + r + (r % 2 == 0 ? " z" + r : ""));
    }
    Table table = Table.builder().text("t", docs.toArray(String[]::new)).build();

    Augmentation a = Features.augmentText("t").randomDeletion(1.0).copies(2).augment(table, 9);

    assertEquals(100, a.size());
    for (int i = 0; i < a.size(); i++) {
      String copy = a.rows().string("t", i);
      assertEquals(1, TextAugmenter.tokens(copy).size(), copy);
      assertTrue(TextAugmenter.tokens(docs.get(a.sourceRows().get(i))).contains(copy), copy);
    }
  }

  @Test
  void synonyms_lookUpTheWordWithoutPunctuationIgnoringCase() {
    Table table = Table.builder().text("t", "(Good) GOOD... «bad»").build();

    Augmentation a = Features.augmentText("t").synonyms(Map.of("good", List.of("fine"), "bad", List.of("very poor")))
        .synonymRate(1).augment(table, 0);

    assertEquals(List.of("(fine) fine... «very poor»"), texts(a));
  }

  // ---- spec ----

  @Test
  void spec_recordsTheOptionsAndTheSynonymMapsSizeAndHash() {
    Map<String, Object> spec = Features.augmentText("t").synonyms(SYNONYMS).synonymRate(0.25).randomSwaps(2)
        .randomDeletion(0.1).copies(3).spec();
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("column", "t");
    expected.put("tokens", "whitespace");
    expected.put("synonymWords", 3);
    expected.put("synonymsSha256", spec.get("synonymsSha256"));
    expected.put("synonymRate", 0.25);
    expected.put("randomSwaps", 2);
    expected.put("randomDeletion", 0.1);
    expected.put("copies", 3);

    assertEquals(expected, spec);
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(spec.keySet()));
    assertEquals(64, ((String) spec.get("synonymsSha256")).length());
    assertEquals(spec.get("synonymsSha256"), Features.augmentText("t").synonyms(Map.of("bad", List.of("poor", "awful"),
        "movie", List.of("film"), "Good", List.of("great", "fine"))).spec().get("synonymsSha256"), "keys lowercased and sorted");
    assertTrue(!spec.get("synonymsSha256").equals(Features.augmentText("t").synonyms(Map.of("good", List.of("fine", "great"),
        "movie", List.of("film"), "bad", List.of("poor", "awful"))).spec().get("synonymsSha256")), "the order of synonyms counts");
    assertEquals(Map.of("column", "t", "tokens", "whitespace", "randomSwaps", 1, "randomDeletion", 0.0, "copies", 1),
        Features.augmentText("t").randomSwaps(1).spec());
    assertEquals("augment_text", Features.augmentText("t").name());
    assertEquals(List.of("t"), Features.augmentText("t").columns());
  }

  @Test
  void options_returnChangedCopies_leavingTheOriginalUntouched() {
    TextAugmentation base = Features.augmentText("t").randomSwaps(1);
    TextAugmentation more = base.copies(4);

    assertEquals(1, base.spec().get("copies"));
    assertEquals(4, more.spec().get("copies"));
  }

  // ---- errors ----

  @Test
  void check_nonTextColumnAndAbsentColumn_sayWhatToDo() {
    List<String> problems = new ArrayList<>();
    Features.augmentText("y").randomSwaps(1).check(REVIEWS.schema(), problems);
    Features.augmentText("n").randomSwaps(1).check(REVIEWS.schema(), problems);
    Features.augmentText("T").randomSwaps(1).check(REVIEWS.schema(), problems);

    assertEquals(List.of(
        "column 'y' is CATEGORICAL; augment_text needs TEXT. Declare it with CsvOptions.text(\"y\") or drop it.",
        "column 'n' is NUMERIC; augment_text needs TEXT. Declare it with CsvOptions.text(\"n\") or drop it.",
        "augment_text reads column 'T', which is not in the table; the table has [t, y, n]. Check the spelling."), problems);
  }

  @Test
  void check_noOperation_saysWhichToAdd() {
    assertEquals(List.of("augment_text of 't' would only copy rows: it has no synonyms, no random swaps and no random"
        + " deletion. Add .synonyms(map), .randomSwaps(1) or .randomDeletion(0.1)."), problems(Features.augmentText("t")));
    assertEquals(List.of("augment_text of 't' would only copy rows: its synonymRate is 0, no random swaps and no random"
        + " deletion. Add .synonyms(map), .randomSwaps(1) or .randomDeletion(0.1)."),
        problems(Features.augmentText("t").synonyms(SYNONYMS).synonymRate(0)));
    assertEquals(List.of(), problems(Features.augmentText("t").synonyms(SYNONYMS)));
  }

  /** The problems of an augmenter against {@link #REVIEWS}. */
  private static List<String> problems(TextAugmentation step) {
    List<String> problems = new ArrayList<>();
    step.check(REVIEWS.schema(), problems);
    return problems;
  }

  @Test
  void augment_nonTextColumn_throwsTheCheckMessage() {
    var e = assertThrows(IllegalArgumentException.class, () -> Features.augmentText("y").randomSwaps(1).augment(REVIEWS, 1));

    assertEquals("column 'y' is CATEGORICAL; augment_text needs TEXT. Declare it with CsvOptions.text(\"y\") or drop it.",
        e.getMessage());
  }

  @Test
  void fit_pipelineAugmentingANonTextColumn_listsTheProblem() {
    Table data = REVIEWS.withCategorical("c", new String[] {"a", "b", "a", "b", "a"});
    Pipeline pipeline = Pipeline.builder().target("y").split(Split.random(0.6)).drop("t").add(Features.oneHot("c"))
        .augment(Features.augmentText("c").randomSwaps(1)).trainer(Trainers.logisticRegression()).build();

    var e = assertThrows(IllegalArgumentException.class, () -> pipeline.fit(data));

    assertEquals("the pipeline does not fit this table:\n"
        + "- column 'c' is CATEGORICAL; augment_text needs TEXT. Declare it with CsvOptions.text(\"c\") or drop it.",
        e.getMessage());
  }

  @Test
  void rates_outsideZeroToOne_areRefusedWithTheMeaning() {
    var synonymRate = assertThrows(IllegalArgumentException.class, () -> Features.augmentText("t").synonymRate(1.5));
    var deletion = assertThrows(IllegalArgumentException.class, () -> Features.augmentText("t").randomDeletion(-0.1));
    var nan = assertThrows(IllegalArgumentException.class, () -> Features.augmentText("t").randomDeletion(Double.NaN));

    assertEquals("synonymRate(1.5) is outside [0, 1]; it is the probability that a word with synonyms is replaced,"
        + " e.g. synonymRate(0.3)", synonymRate.getMessage());
    assertEquals("randomDeletion(-0.1) is outside [0, 1]; it is the probability that each word is dropped (one word"
        + " always stays), e.g. randomDeletion(0.1)", deletion.getMessage());
    assertEquals("randomDeletion(NaN) is outside [0, 1]; it is the probability that each word is dropped (one word"
        + " always stays), e.g. randomDeletion(0.1)", nan.getMessage());
  }

  @Test
  void countsAndColumn_outOfRange_areRefused() {
    assertEquals("randomSwaps(-1) must be 0 or more; it is how many times two random words trade places, e.g. randomSwaps(1)",
        assertThrows(IllegalArgumentException.class, () -> Features.augmentText("t").randomSwaps(-1)).getMessage());
    assertEquals("copies(0) must be at least 1; it is how many augmented rows each training row gets, e.g. copies(2)",
        assertThrows(IllegalArgumentException.class, () -> Features.augmentText("t").copies(0)).getMessage());
    assertEquals("Features.augmentText(...) got a null column name; give each column's name as the table spells it",
        assertThrows(IllegalArgumentException.class, () -> Features.augmentText(null)).getMessage());
  }

  @Test
  void synonyms_badMaps_areRefusedWithTheFix() {
    TextAugmentation step = Features.augmentText("t");

    assertEquals("synonyms(null): give a map from a word to its synonyms, e.g. Map.of(\"good\", List.of(\"fine\", \"great\"))",
        assertThrows(IllegalArgumentException.class, () -> step.synonyms(null)).getMessage());
    assertEquals("synonyms(...) has the key \"good,\", which is not one word without surrounding punctuation; words in"
        + " the text are matched without spaces and without the punctuation around them, so give a key like \"good\"",
        assertThrows(IllegalArgumentException.class, () -> step.synonyms(Map.of("good,", List.of("fine")))).getMessage());
    assertEquals("synonyms(...) has the key \"very good\", which is not one word without surrounding punctuation; words in"
        + " the text are matched without spaces and without the punctuation around them, so give a key like \"very good\"",
        assertThrows(IllegalArgumentException.class, () -> step.synonyms(Map.of("very good", List.of("fine")))).getMessage());
    Map<String, List<String>> twice = new LinkedHashMap<>();
    twice.put("Good", List.of("fine"));
    twice.put("good", List.of("great"));
    assertEquals("synonyms(...) has the keys \"Good\" and \"good\", which are one word when case is ignored; merge their"
        + " lists under one key", assertThrows(IllegalArgumentException.class, () -> step.synonyms(twice)).getMessage());
    assertEquals("synonyms(...) gives \"good\" no synonyms; give it at least one, or leave the word out of the map",
        assertThrows(IllegalArgumentException.class, () -> step.synonyms(Map.of("good", List.of()))).getMessage());
    assertEquals("synonyms(...) gives \"good\" a blank synonym; give each synonym as a non-empty string",
        assertThrows(IllegalArgumentException.class, () -> step.synonyms(Map.of("good", List.of(" ")))).getMessage());
  }

  // ---- in a pipeline ----

  /** 120 short reviews: "good" words for pos, "bad" words for neg, a city and noise words. */
  static Table reviews(int n, long seed) {
    java.util.Random random = new java.util.Random(seed);
    List<String> good = List.of("great", "tasty", "love", "fresh", "good");
    List<String> bad = List.of("stale", "awful", "bland", "cold", "bad");
    List<String> noise = List.of("the", "food", "was", "and", "service", "place", "it");
    String[] texts = new String[n];
    String[] labels = new String[n];
    String[] cities = new String[n];
    for (int r = 0; r < n; r++) {
      boolean pos = random.nextBoolean();
      List<String> words = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        words.add(random.nextDouble() < 0.4 ? (pos ? good : bad).get(random.nextInt(5)) : noise.get(random.nextInt(noise.size())));
      }
      texts[r] = r % 17 == 0 ? null : String.join(" ", words);
      labels[r] = pos ? "pos" : "neg";
      cities[r] = "c" + random.nextInt(4);
    }
    return Table.builder().text("review", texts).categorical("city", cities).categorical("label", labels).build();
  }

  private static Pipeline.Builder reviewPipeline() {
    return Pipeline.builder()
        .target("label")
        .split(Split.stratified(0.75))
        .add(Features.tfidf("review"), Features.meanEncoding("city"))
        .trainer(Trainers.logisticRegression())
        .bootstrap(0)
        .seed(11);
  }

  @Test
  void pipeline_withTextAugmentation_addsTrainingRowsOnly_andTheBundleHoldsTheSameSteps(@TempDir Path dir) throws Exception {
    Table data = reviews(120, 1);
    TextAugmentation augment = Features.augmentText("review").synonyms(Map.of("great", List.of("excellent")))
        .randomSwaps(1).randomDeletion(0.2).copies(2);

    PipelineResult plain = reviewPipeline().build().fit(data);
    PipelineResult augmented = reviewPipeline().augment(augment).build().fit(data);

    assertEquals(plain.partition(), augmented.partition());
    int train = plain.partition().train().length();
    int withText = 0;
    for (int r : plain.partition().train().toArray()) {
      withText += data.isMissing("review", r) ? 0 : 1;
    }
    assertTrue(augmented.augmentedRows() > 0 && augmented.augmentedRows() <= 2 * withText, "added " + augmented.augmentedRows());
    assertEquals(train, augmented.bundle().trainingRows());
    assertEquals(plain.bundle().trainingDataSha256(), augmented.bundle().trainingDataSha256());
    assertEquals(tags(plain.pipeline().transforms()), tags(augmented.pipeline().transforms()));
    assertEquals(plain.pipeline().inputSchema(), augmented.pipeline().inputSchema());
    assertTrue(augmented.bundle().spec().contains("\"augmenter\" : \"augment_text\""), augmented.bundle().spec());
    assertTrue(augmented.pipeline().featureNames().contains("review:excellent"), "the vocabulary learns from the added rows");

    Path file = dir.resolve("augmented.mlb");
    augmented.bundle().save(file);
    ModelBundle loaded = ModelBundle.load(file);
    assertEquals(augmented.bundle().id(), loaded.id());
    assertEquals(augmented.augmentedRows(), loaded.augmentedRows());
    assertEquals(augmented.bundle().id(), reviewPipeline().augment(augment).build().fit(data).bundle().id());
  }

  private static List<String> tags(List<FittedTransform> transforms) {
    return transforms.stream().map(FittedTransform::tag).toList();
  }
}
