package org.mlengine.features;

import org.mlengine.runtime.internal.RuntimeAccess;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.spi.RowBuffer;
import org.mlengine.runtime.internal.RowScorer;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.SparseVector;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.internal.steps.BagOfWordsTransform;

/**
 * The text steps: tokenizer, bag of words, TF-IDF and hashing; their options, output columns and
 * error messages. Reference values were computed with scikit-learn 1.2.1 (see the comments).
 */
class TextFeaturesTest {
  private static final double NA = Double.NaN;

  /** ../shared/reference/features_vectors.md §12. */
  private static final Table ANIMALS = Table.builder()
      .text("t", "The cat sat", "the cat ran", "a dog ran")
      .numeric("y", 1, 0, 1)
      .build();

  private static FitContext context(Table table) {
    return FitContext.of(table, "y", Split.random(0.8), 1);
  }

  private static BagOfWordsTransform fitWords(BagOfWords step, Table train) {
    return (BagOfWordsTransform) step.fit(context(train));
  }

  private static List<String> vocabulary(BagOfWords step, Table train) {
    return fitWords(step, train).vocabularies().get(0).terms();
  }

  private static Table texts(String... docs) {
    return Table.builder().text("t", docs).build();
  }

  /** A VECTOR column's value at one row, with zeros filled in. */
  static double[] dense(Table table, String column, int row) {
    double[] out = new double[table.dimensions(column).size()];
    SparseVector v = table.vector(column, row);
    for (int k = 0; k < v.size(); k++) {
      out[v.indices().get(k)] = v.values().get(k);
    }
    return out;
  }

  /** A VECTOR column's value at one row and dimension. */
  static double at(Table table, String column, int row, String dimension) {
    int i = table.dimensions(column).indexOf(dimension);
    assertTrue(i >= 0, () -> "no dimension '" + dimension + "' in " + table.dimensions(column));
    return dense(table, column, row)[i];
  }

  // ---- tokenizer ----

  @Test
  void tokenize_defaults_matchScikitLearnWithPythonsWordCharacters() {
    // CountVectorizer().build_analyzer() of the same text: Python's \w has no combining marks but
    // every Unicode number (so "x²" is one token), and one-character tokens are dropped.
    assertEquals(List.of("naïve", "cafe", "x²", "_id", "über", "cool", "3d", "ünïcödé", "té", "日本語"),
        Features.tokenizer().tokenize("Naïve cafe\u0301 x² ½ _id über-cool 3D Ünïcödé e\u0301t\u00e9 日本語 a"));
  }

  @Test
  void tokenize_options_lowercaseMinLengthAndStopWords() {
    Features.Tokenizer t = Features.tokenizer().lowercase(false).minLength(3).stopWords(Set.of("and"));
    assertEquals(List.of("The", "cat", "the", "hat"), t.tokenize("The cat and the hat, to go"));
    assertEquals(List.of("cat", "hat"),
        Features.tokenizer().stopWords(Features.englishStopWords()).tokenize("The cat and the hat, to go"));
    assertEquals(List.of(), Features.tokenizer().tokenize(null));
  }

  @Test
  void tokenize_patternWithOneGroup_takesTheGroup() {
    assertEquals(List.of("java", "ml"), Features.tokenizer().tokenPattern("#(\\w+)").tokenize("#Java and #ML"));
  }

  @Test
  void tokenizer_isAnImmutableValue() {
    Features.Tokenizer base = Features.tokenizer();
    Features.Tokenizer changed = base.minLength(4);
    assertEquals(Features.tokenizer(), base);
    assertEquals(Features.tokenizer().minLength(4), changed);
    assertEquals(List.of("the", "cat"), base.tokenize("the cat"));
  }

  @Test
  void englishStopWords_isScikitLearnsList() {
    Set<String> words = Features.englishStopWords();
    assertEquals(318, words.size());
    assertTrue(words.containsAll(Set.of("the", "a", "yourselves", "system", "fire")));
    assertThrows(UnsupportedOperationException.class, () -> words.add("cat"));
  }

  @Test
  void tokenizer_badOptions_sayWhatToGive() {
    assertEquals("minLength(0) must be at least 1 character; e.g. minLength(3) drops \"a\" and \"to\"",
        assertThrows(IllegalArgumentException.class, () -> Features.tokenizer().minLength(0)).getMessage());
    assertEquals("stopWords(null): give a set of words, e.g. Features.englishStopWords() or Set.of(), for none",
        assertThrows(IllegalArgumentException.class, () -> Features.tokenizer().stopWords(null)).getMessage());
    assertEquals("tokenPattern(\"(a)(b)\") has 2 capturing groups; the token is the whole match or its one group,"
        + " so keep at most one and write (?:...) for the others",
        assertThrows(IllegalArgumentException.class, () -> Features.tokenizer().tokenPattern("(a)(b)")).getMessage());
    assertEquals("tokenPattern(\"[a-\") is not a valid Java regular expression: Illegal character range near index 3."
        + " Give a pattern such as \"\\\\b\\\\w\\\\w+\\\\b\".",
        assertThrows(IllegalArgumentException.class, () -> Features.tokenizer().tokenPattern("[a-")).getMessage());
  }

  // ---- bag of words: features_vectors.md §12 ----

  @Test
  void bagOfWords_bigramsMinDf2_matchesReferenceVocabularyAndCounts() {
    // §12: min_df=2 -> [cat, ran, the, the cat]; "the cat sat the cat" -> [2, 0, 2, 2]
    BagOfWordsTransform fitted = fitWords(Features.bagOfWords("t").ngramRange(1, 2).minDf(2), ANIMALS);
    assertEquals(List.of("cat", "ran", "the", "the cat"), fitted.vocabularies().get(0).terms());
    Table out = fitted.apply(texts("the cat sat the cat"));
    assertEquals(List.of("t"), out.columnNames());
    assertEquals(ColumnType.VECTOR, out.type("t"));
    assertEquals(List.of("t:cat", "t:ran", "t:the", "t:the cat"), out.dimensions("t"));
    assertArrayEquals(new double[] {2, 0, 2, 2}, dense(out, "t", 0));
  }

  @Test
  void bagOfWords_bigramsMaxDfHalf_matchesReferenceVocabulary() {
    // §12: max_df=0.5 -> [cat ran, cat sat, dog, dog ran, sat]
    assertEquals(List.of("cat ran", "cat sat", "dog", "dog ran", "sat"),
        vocabulary(Features.bagOfWords("t").ngramRange(1, 2).maxDf(0.5), ANIMALS));
  }

  @Test
  void apply_replacesTheTextColumnInPlaceByAVectorAndKeepsTheOthers() {
    Table train = Table.builder()
        .numeric("x", 1, 2)
        .text("t", "red fish", "blue fish")
        .categorical("c", "a", "b")
        .numeric("y", 0, 1)
        .build();
    Table out = Features.bagOfWords("t").fit(context(train)).apply(train);
    assertEquals(List.of("x", "t", "c", "y"), out.columnNames());
    assertEquals(List.of("t:blue", "t:fish", "t:red"), out.dimensions("t"));
    assertArrayEquals(new double[] {0, 1, 1}, dense(out, "t", 0));
    assertArrayEquals(new double[] {1, 1, 0}, dense(out, "t", 1));
    // sparse: a row stores only the terms its text holds
    assertEquals(2, out.vector("t", 0).size());
  }

  @Test
  void apply_missingTextAndUnknownWords_giveAllZeros() {
    FittedTransform fitted = Features.tfidf("t").fit(context(ANIMALS));
    Table out = fitted.apply(texts(null, "zebra quagga", "", "cat"));
    for (int r = 0; r < 3; r++) {
      assertEquals(0, out.vector("t", r).size(), "row " + r);
    }
    assertEquals(1.0, at(out, "t", 3, "t:cat"));
  }

  @Test
  void fit_missingTrainingText_countsAsAnEmptyDocument() {
    Table train = Table.builder().text("t", "cat", null, "cat dog", null).numeric("y", 0, 1, 0, 1).build();
    // 4 documents: idf(cat) = ln(5/3) + 1, idf(dog) = ln(5/2) + 1
    BagOfWordsTransform fitted = fitWords(Features.tfidf("t"), train);
    assertEquals(Math.log(5.0 / 3) + 1, fitted.vocabularies().get(0).idf().get(0), 1e-15);
    assertEquals(Math.log(5.0 / 2) + 1, fitted.vocabularies().get(0).idf().get(1), 1e-15);
    // maxDf(0.5) means at most 2 of the 4 rows, so "cat" (in 2) stays
    assertEquals(List.of("cat", "dog"), vocabulary(Features.bagOfWords("t").maxDf(0.5), train));
  }

  @Test
  void binary_weighsPresenceOnly() {
    FittedTransform fitted = Features.bagOfWords("t").binary().fit(context(ANIMALS));
    assertEquals(1.0, at(fitted.apply(texts("cat cat cat")), "t", 0, "t:cat"));
  }

  @Test
  void counts_withL1Norm_giveTermFrequencies() {
    FittedTransform fitted = Features.bagOfWords("t").norm(Features.Norm.L1).fit(context(ANIMALS));
    Table out = fitted.apply(texts("cat cat the ran"));
    assertEquals(0.5, at(out, "t", 0, "t:cat"));
    assertEquals(0.25, at(out, "t", 0, "t:the"));
  }

  @Test
  void maxFeatures_keepsTheMostFrequentTermsTiesToTheEarlierTerm() {
    Table corpus = Table.builder()
        .text("t", TextReferenceVectorsTest.CORPUS)
        .numeric("y", 0, 1, 0, 1, 0)
        .build();
    // CountVectorizer(max_features=4): counts the 6, my 4, cat 3, dog 3, mat 2, ... -> [cat, dog, my, the]
    assertEquals(List.of("cat", "dog", "my", "the"), vocabulary(Features.bagOfWords("t").maxFeatures(4), corpus));
    // binary=True ranks by documents: the 3, cat 3, dog 2, mat 2, my 2 -> the tie at 2 goes to dog, mat
    assertEquals(List.of("cat", "dog", "mat", "the"),
        vocabulary(Features.bagOfWords("t").binary().maxFeatures(4), corpus));
  }

  @Test
  void charNgrams_matchScikitLearnCharWb() {
    Table train = Table.builder().text("t", "Hi cat", "at\tbat  ").numeric("y", 0, 1).build();
    // CountVectorizer(analyzer='char_wb', ngram_range=(2, 3))
    BagOfWordsTransform fitted = fitWords(Features.bagOfWords("t").charNgrams(2, 3), train);
    assertEquals(List.of(" a", " at", " b", " ba", " c", " ca", " h", " hi", "at", "at ", "ba", "bat", "ca", "cat",
        "hi", "hi ", "i ", "t "), fitted.vocabularies().get(0).terms());
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1},
        dense(fitted.apply(texts("a cat")), "t", 0));
  }

  @Test
  void vocabulary_isSortedByCodePointAsPython() {
    // U+FF41 (fullwidth a) sorts before U+1D400 (mathematical bold A) in Python; String.compareTo says the opposite.
    Table train = Table.builder().text("t", "\uD835\uDC00\uD835\uDC00 \uFF41\uFF41").numeric("y", 1).build();
    assertEquals(List.of("\uFF41\uFF41", "\uD835\uDC00\uD835\uDC00"), vocabulary(Features.bagOfWords("t"), train));
  }

  // ---- errors ----

  @Test
  void check_nonTextColumn_saysHowToDeclareIt() {
    Table table = Table.builder().categorical("t", "a b", "c d").numeric("y", 0, 1).build();
    assertEquals(List.of("column 't' is CATEGORICAL; bag_of_words needs TEXT. Declare it with CsvOptions.text(\"t\") or"
        + " drop it."), Fixtures.problems(Features.bagOfWords("t"), table));
    assertEquals(List.of("column 't' is CATEGORICAL; text_hashing needs TEXT. Declare it with CsvOptions.text(\"t\") or"
        + " drop it."), Fixtures.problems(Features.hashing("t"), table));
  }

  @Test
  void check_minDfAboveMaxDf_isAProblem() {
    assertEquals(List.of("bag_of_words: minDf(5) is more than maxDf(3): a term would have to be in at least 5 and at"
        + " most 3 documents. Lower minDf or raise maxDf."),
        Fixtures.problems(Features.bagOfWords("t").minDf(5).maxDf(3), ANIMALS));
    assertEquals(List.of("bag_of_words: minDf(0.6) is more than maxDf(0.5): a term would have to be in at least 0.6"
        + " and at most 0.5 of the training documents. Lower minDf or raise maxDf."),
        Fixtures.problems(Features.tfidf("t").minDf(0.6).maxDf(0.5), ANIMALS));
  }

  @Test
  void fit_minDfShareAboveMaxDfCount_namesBothAndTheRowCount() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Features.bagOfWords("t").minDf(0.5).maxDf(1).fit(context(ANIMALS)));
    assertEquals("bag_of_words: minDf(0.5) is more than maxDf(1) on 3 training rows: a term would have to be in at"
        + " least 1.5 and at most 1 documents. Lower minDf or raise maxDf.", e.getMessage());
  }

  @Test
  void fit_fewerRowsThanMinDf_saysSo() {
    var e = assertThrows(IllegalArgumentException.class, () -> Features.bagOfWords("t").minDf(5).fit(context(ANIMALS)));
    assertEquals("bag_of_words: minDf(5) keeps terms in at least 5 of the training documents, but the training part"
        + " has only 3 rows. Lower minDf or train on more rows.", e.getMessage());
  }

  @Test
  void fit_pruningRemovesEverything_saysWhichSettingRemovedWhat() {
    var e = assertThrows(InvalidInputException.class,
        () -> Features.bagOfWords("t").minDf(0.4).maxDf(0.5).fit(context(ANIMALS)));
    assertEquals("t", e.column());
    // document frequencies: the 2, cat 2, ran 2, sat 1, dog 1; kept would be 1.2 <= df <= 1.5
    assertEquals("bag_of_words keeps no term of column 't': of the 5 terms in its 3 training rows, minDf(0.4) removes"
        + " 2 (in fewer than 1.2 documents) and maxDf(0.5) removes 3 (in more than 1.5 documents). Lower minDf or"
        + " raise maxDf.", e.getMessage());
  }

  @Test
  void fit_noTokens_describesTheTokenizer() {
    Table train = Table.builder().text("t", "a b c", null).numeric("y", 0, 1).build();
    var e = assertThrows(InvalidInputException.class, () -> Features.bagOfWords("t").fit(context(train)));
    assertEquals("bag_of_words finds no terms in the 1 training texts of column 't' with tokenizer(lowercase true,"
        + " tokenPattern \"" + Features.Tokenizer.DEFAULT_PATTERN + "\", minLength 1, 0 stop words). Loosen the"
        + " tokenizer (a shorter minLength, fewer stop words, another tokenPattern) or check the column's content.",
        e.getMessage());
    Table missing = Table.builder().text("t", null, null).numeric("y", 0, 1).build();
    assertEquals("bag_of_words cannot learn a vocabulary for column 't': every training row is missing. Drop the"
        + " column, or fill it.",
        assertThrows(InvalidInputException.class, () -> Features.bagOfWords("t").fit(context(missing))).getMessage());
  }

  @Test
  void check_tokenizerOptionsThatCannotApply_areProblems() {
    assertEquals(List.of("bag_of_words has stop words with upper-case letters [The], but the tokenizer lowercases"
        + " text, so they never match; give stop words in lower case, or use Features.tokenizer().lowercase(false)."),
        Fixtures.problems(Features.bagOfWords("t").tokenizer(Features.tokenizer().stopWords(Set.of("The", "a"))),
            ANIMALS));
    assertEquals(List.of("bag_of_words with charNgrams(2, 4) cuts words into characters, so the tokenizer's pattern,"
        + " minimum length and stop words are not used (only lowercase is); remove them from the tokenizer, or use"
        + " ngramRange(...) for word n-grams."),
        Fixtures.problems(Features.bagOfWords("t").tokenizer(Features.tokenizer().minLength(3)).charNgrams(2, 4),
            ANIMALS));
    assertEquals(List.of(), Fixtures.problems(
        Features.bagOfWords("t").tokenizer(Features.tokenizer().lowercase(false)).charNgrams(2, 4), ANIMALS));
  }

  @Test
  void options_badValues_sayWhatToGive() {
    BagOfWords words = Features.bagOfWords("t");
    assertEquals("ngramRange(2, 1) needs 1 <= min <= max; e.g. ngramRange(1, 2) for single words and pairs of words",
        assertThrows(IllegalArgumentException.class, () -> words.ngramRange(2, 1)).getMessage());
    assertEquals("charNgrams(0, 3) needs 1 <= min <= max; e.g. charNgrams(2, 4)",
        assertThrows(IllegalArgumentException.class, () -> words.charNgrams(0, 3)).getMessage());
    assertEquals("minDf(1.5) as a share of the training documents must be between 0.0 and 1.0; for a number of"
        + " documents give a whole number, like minDf(2)",
        assertThrows(IllegalArgumentException.class, () -> words.minDf(1.5)).getMessage());
    assertEquals("maxDf(0) must be at least 1 document; give a count like maxDf(2) or a share of the training"
        + " documents like maxDf(0.5)",
        assertThrows(IllegalArgumentException.class, () -> words.maxDf(0)).getMessage());
    assertEquals("maxFeatures(0) must be at least 1; it keeps the n terms most frequent in the training rows, e.g."
        + " maxFeatures(20000)",
        assertThrows(IllegalArgumentException.class, () -> words.maxFeatures(0)).getMessage());
    assertEquals("buckets(300000) must be between 1 and 262144: every bucket is a named model feature listed in the"
        + " bundle; the default is 65536",
        assertThrows(IllegalArgumentException.class, () -> Features.hashing("t").buckets(300_000)).getMessage());
    assertEquals("Features.tfidf() needs at least one column, e.g. Features.tfidf(\"review\")",
        assertThrows(IllegalArgumentException.class, () -> Features.tfidf()).getMessage());
  }

  @Test
  void apply_wrongTypeOrAbsentColumn_isInvalidInput() {
    FittedTransform fitted = Features.bagOfWords("t").fit(context(ANIMALS));
    var wrong = assertThrows(InvalidInputException.class,
        () -> fitted.apply(Table.builder().categorical("t", "cat").build()));
    assertEquals("column 't' is CATEGORICAL; bag_of_words expects TEXT. Send strings in it, with null for a missing"
        + " value.", wrong.getMessage());
    var absent = assertThrows(InvalidInputException.class,
        () -> fitted.apply(Table.builder().numeric("x", 1).build()));
    assertEquals("t", absent.column());
    // a request whose text is missing cannot show its type: an all-missing column of any type is accepted
    Table nulls = fitted.apply(Table.builder().numeric("t", NA).build());
    assertEquals(0, nulls.vector("t", 0).size());
  }

  // ---- spec and pipeline ----

  @Test
  void spec_listsEveryOption() {
    Map<String, Object> spec = Features.tfidf("review").ngramRange(1, 2).minDf(2).maxDf(0.9).maxFeatures(100).spec();
    assertEquals(List.of("columns", "analyzer", "ngramRange", "lowercase", "tokenPattern", "minLength", "stopWords",
        "weighting", "sublinearTf", "norm", "minDf", "maxDf", "maxFeatures"), List.copyOf(spec.keySet()));
    assertEquals("tfidf", spec.get("weighting"));
    assertEquals("l2", spec.get("norm"));
    assertEquals(2, spec.get("minDf"));
    assertEquals(0.9, spec.get("maxDf"));
    assertEquals(List.of(1, 2), spec.get("ngramRange"));
    assertEquals("none", Features.bagOfWords("review").spec().get("norm"));
    assertEquals(Map.of("columns", List.of("review"), "analyzer", "char_wb", "ngramRange", List.of(3, 5),
        "lowercase", true, "buckets", 256, "alternateSign", false, "norm", "l1"),
        Features.hashing("review").charNgrams(3, 5).buckets(256).alternateSign(false).norm(Features.Norm.L1).spec());
  }

  @Test
  void pipeline_tfidfAndLogisticRegression_trainsOnTermColumns() {
    String[] good = {"great taste", "love it", "great value", "tastes great", "love the taste", "really great"};
    String[] bad = {"awful taste", "hate it", "stale and awful", "tastes stale", "hate the smell", "really awful"};
    String[] docs = new String[24];
    String[] labels = new String[24];
    for (int i = 0; i < 24; i++) {
      docs[i] = i % 2 == 0 ? good[(i / 2) % 6] : bad[(i / 2) % 6];
      labels[i] = i % 2 == 0 ? "good" : "bad";
    }
    Table table = Table.builder().text("review", docs).categorical("label", labels).build();
    PipelineResult result = Pipeline.builder()
        .target("label")
        .split(Split.stratified(0.75))
        .add(Features.tfidf("review").ngramRange(1, 2))
        .trainer(Trainers.logisticRegression())
        .seed(3)
        .build()
        .fit(table);
    List<String> features = result.pipeline().featureNames();
    assertTrue(features.contains("review:great") && features.contains("review:tastes stale"), features::toString);
    assertEquals(List.of("review"), result.pipeline().inputSchema().names());
    Table probe = Table.builder().text("review", "great taste, love it", "stale, awful", null).build();
    Scores scores = result.pipeline().score(probe);
    assertEquals("good", scores.label(0));
    assertEquals("bad", scores.label(1));
    // the compiled single-row path computes exactly what the table path does
    RowScorer scorer = RuntimeAccess.pipelines().rowScorer(result.pipeline()).orElseThrow();
    RowBuffer row = scorer.newBuffer();
    for (int r = 0; r < probe.rowCount(); r++) {
      row.setString(scorer.inputSlot(0), probe.string("review", r));
      assertArrayEquals(scores.probabilities(r), scorer.score(row), "row " + r);
    }
  }
}
