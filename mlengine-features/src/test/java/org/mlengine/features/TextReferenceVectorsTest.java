package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlengine.core.spi.FitContext;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.BagOfWordsTransform;

/**
 * TF-IDF and hashing against scikit-learn 1.2.1 (Debian python3-sklearn), to 1e-12. The values
 * were printed by {@code TfidfVectorizer(...).fit(CORPUS).transform(TEST)}, {@code
 * murmurhash3_32(token, seed=0)} and {@code HashingVectorizer(...).transform(...)} and pasted
 * here; the test needs no Python.
 */
class TextReferenceVectorsTest {
  private static final double TOLERANCE = 1e-12;

  /** The training documents (one empty). */
  static final String[] CORPUS = {
    "The cat sat on the mat.",
    "The dog ate my homework!",
    "Cats and dogs: the cat chased the dog, the dog ran.",
    "",
    "My mat, my rules; my cat."
  };

  /** Documents to transform: known words, no known word, repeated words. */
  private static final String[] TEST = {"the cat and the dog", "nothing known here", "my my my cat cat sat"};

  private static void assertMatches(BagOfWords step, List<String> vocabulary, double[] idf, double[][] rows) {
    Table train = Table.builder().text("t", CORPUS).numeric("y", 0, 1, 0, 1, 0).build();
    BagOfWordsTransform fitted = (BagOfWordsTransform) step.fit(FitContext.of(train, "y", Split.random(0.8), 1));
    assertEquals(vocabulary, fitted.vocabularies().get(0).terms());
    assertArrayEquals(idf, fitted.vocabularies().get(0).idf().toArray(), TOLERANCE);
    Table out = fitted.apply(Table.builder().text("t", TEST).build());
    for (int r = 0; r < rows.length; r++) {
      assertArrayEquals(rows[r], TextFeaturesTest.dense(out, "t", r), TOLERANCE, "row " + r);
    }
  }

  @Test
  void tfidf_default_matchesScikitLearn() {
    // TfidfVectorizer()
    assertMatches(Features.tfidf("t"),
        List.of("and", "ate", "cat", "cats", "chased", "dog", "dogs", "homework", "mat", "my", "on", "ran", "rules", "sat", "the"),
        new double[] {2.0986122886681096, 2.0986122886681096, 1.4054651081081644, 2.0986122886681096, 2.0986122886681096, 1.6931471805599454, 2.0986122886681096, 2.0986122886681096, 1.6931471805599454, 1.6931471805599454, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 1.4054651081081644},
        new double[][] {
          {0.5067931899665181, 0.0, 0.339405305768425, 0.0, 0.0, 0.4088775546355783, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.67881061153685},
          {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
          {0.0, 0.0, 0.455357065661124, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.8228449010484226, 0.0, 0.0, 0.0, 0.33996501521642253, 0.0}});
  }

  @Test
  void tfidf_bigrams_matchesScikitLearn() {
    // TfidfVectorizer(ngram_range=(1, 2))
    assertMatches(Features.tfidf("t").ngramRange(1, 2),
        List.of("and", "and dogs", "ate", "ate my", "cat", "cat chased", "cat sat", "cats", "cats and", "chased", "chased the", "dog", "dog ate", "dog ran", "dog the", "dogs", "dogs the", "homework", "mat", "mat my", "my", "my cat", "my homework", "my mat", "my rules", "on", "on the", "ran", "rules", "rules my", "sat", "sat on", "the", "the cat", "the dog", "the mat"),
        new double[] {2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 1.4054651081081644, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 1.6931471805599454, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 1.6931471805599454, 2.0986122886681096, 1.6931471805599454, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 1.4054651081081644, 1.6931471805599454, 1.6931471805599454, 2.0986122886681096},
        new double[][] {
          {0.4387266186089889, 0.0, 0.0, 0.0, 0.2938203296448571, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.3539618734463079, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5876406592897142, 0.3539618734463079, 0.3539618734463079, 0.0},
          {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
          {0.0, 0.0, 0.0, 0.0, 0.4103894310902611, 0.0, 0.3063926305452098, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.7415869353569894, 0.3063926305452098, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.3063926305452098, 0.0, 0.0, 0.0, 0.0, 0.0}});
  }

  @Test
  void tfidf_sublinearL1_matchesScikitLearn() {
    // TfidfVectorizer(sublinear_tf=True, norm='l1')
    assertMatches(Features.tfidf("t").sublinearTf().norm(Features.Norm.L1),
        List.of("and", "ate", "cat", "cats", "chased", "dog", "dogs", "homework", "mat", "my", "on", "ran", "rules", "sat", "the"),
        new double[] {2.0986122886681096, 2.0986122886681096, 1.4054651081081644, 2.0986122886681096, 2.0986122886681096, 1.6931471805599454, 2.0986122886681096, 2.0986122886681096, 1.6931471805599454, 1.6931471805599454, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 2.0986122886681096, 1.4054651081081644},
        new double[][] {
          {0.2769756441765366, 0.0, 0.18549381693221756, 0.0, 0.0, 0.22346220574115894, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.3140683331500868},
          {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
          {0.0, 0.0, 0.2962896201635846, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.4424137136474909, 0.0, 0.0, 0.0, 0.2612966661889246, 0.0}});
  }

  @Test
  void tfidf_minDf2NoNorm_matchesScikitLearn() {
    // TfidfVectorizer(min_df=2, norm=None)
    assertMatches(Features.tfidf("t").minDf(2).norm(Features.Norm.NONE),
        List.of("cat", "dog", "mat", "my", "the"),
        new double[] {1.4054651081081644, 1.6931471805599454, 1.6931471805599454, 1.6931471805599454, 1.4054651081081644},
        new double[][] {
          {1.4054651081081644, 1.6931471805599454, 0.0, 0.0, 2.8109302162163288},
          {0.0, 0.0, 0.0, 0.0, 0.0},
          {2.8109302162163288, 0.0, 0.0, 5.079441541679836, 0.0}});
  }

  private static double[][] hashed(Hashing step, String... docs) {
    Table train = Table.builder().text("t", docs).numeric("y", new double[docs.length]).build();
    Table out = step.fit(FitContext.of(train, "y", Split.random(0.8), 1)).apply(train);
    double[][] rows = new double[docs.length][];
    for (int r = 0; r < docs.length; r++) {
      rows[r] = TextFeaturesTest.dense(out, "t", r);
    }
    return rows;
  }

  @Test
  void hashing_signedL2_matchesHashingVectorizer() {
    // HashingVectorizer(n_features=16).transform(["the cat sat on the mat", "cat cat dog"])
    double[][] rows = hashed(Features.hashing("t").buckets(16), "the cat sat on the mat", "cat cat dog");
    assertArrayEquals(new double[] {0.0, 0.0, 0.0, 0.0, 0.4082482904638631, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
        -0.4082482904638631, 0.0, 0.0, -0.8164965809277261, 0.0}, rows[0], TOLERANCE);
    assertArrayEquals(new double[] {0.0, 0.0, 0.0, 0.0, 0.0, -0.4472135954999579, 0.0, 0.8944271909999159, 0.0, 0.0,
        0.0, 0.0, 0.0, 0.0, 0.0, 0.0}, rows[1], TOLERANCE);
  }

  @Test
  void hashing_unsignedCountsOfBigrams_matchHashingVectorizer() {
    // HashingVectorizer(n_features=16, ngram_range=(1, 2), norm=None, alternate_sign=False)
    double[][] rows = hashed(
        Features.hashing("t").buckets(16).ngramRange(1, 2).norm(Features.Norm.NONE).alternateSign(false),
        "the cat sat on the mat");
    assertArrayEquals(new double[] {0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 2.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 3.0, 0.0},
        rows[0], TOLERANCE);
  }

  @Test
  void hashing_dimensions_areNumberedBuckets() {
    Table train = Table.builder().text("t", "a cat").numeric("y", 1).build();
    Table out = Features.hashing("t").buckets(3).fit(FitContext.of(train, "y", Split.random(0.8), 1)).apply(train);
    assertEquals(List.of("t", "y"), out.columnNames());
    assertEquals(List.of("t#0", "t#1", "t#2"), out.dimensions("t"));
  }
}
