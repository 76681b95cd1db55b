package org.mlengine.features;

import org.mlengine.runtime.internal.RuntimeAccess;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.DoubleArray;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.IntArray;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.core.Pipeline;
import org.mlengine.runtime.spi.RowBuffer;
import org.mlengine.runtime.internal.RowScorer;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.SparseVector;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.internal.steps.BagOfWordsTransform;
import org.mlengine.runtime.internal.steps.TextVectors;
import org.mlengine.runtime.internal.steps.TopicTerms;

/**
 * Properties of the topic and embedding steps over generated corpora: the table form, one row
 * at a time and the compiled row form agree bit for bit, the term vectors under a topic step are
 * the bag of words' own, and LDA mixtures are distributions.
 */
class TopicFeaturesProperties {

  /** Words the corpora are made of; most have a vector in tiny_glove.txt ("Cat" only when cased). */
  private static final List<String> WORDS =
      List.of("the", "cat", "Cat", "dog", "sat", "mat", "markets", "stock", "fell", "über", "x1", "a", "zebra");

  @Provide
  Arbitrary<String> documents() {
    Arbitrary<String> separator = Arbitraries.of(" ", "  ", ", ", ". ", "\n", "-");
    return Combinators.combine(Arbitraries.of(WORDS), separator).as((w, s) -> w + s)
        .list().ofMaxSize(8).map(parts -> String.join("", parts))
        .injectNull(0.1);
  }

  @Provide
  Arbitrary<List<String>> corpora() {
    return documents().list().ofMinSize(1).ofMaxSize(12);
  }

  @Provide
  Arbitrary<Extractor> steps() {
    return Arbitraries.of(
        Features.lsa("t").topics(2),
        Features.lsa(Features.tfidf("t").ngramRange(1, 2).sublinearTf()).topics(3),
        Features.lsa(Features.bagOfWords("t").binary()).topics(1),
        Features.lsa(Features.bagOfWords("t").charNgrams(2, 3).norm(Features.Norm.L1)).topics(2),
        Features.lda("t").topics(3).iterations(2).inferenceSteps(20),
        Features.lda(Features.bagOfWords("t").ngramRange(1, 2).minDf(2)).topics(2).iterations(1).alpha(0.05),
        Features.embeddings("t").vectors(TopicFeaturesTest.resource("tiny_glove.txt")),
        Features.embeddings("t").tokenizer(Features.tokenizer().lowercase(false))
            .vectors(TopicFeaturesTest.resource("tiny_word2vec.txt")));
  }

  @Provide
  Arbitrary<BagOfWords> vectorizers() {
    Arbitrary<BagOfWords> base = Arbitraries.of(
        Features.bagOfWords("t"),
        Features.tfidf("t"),
        Features.bagOfWords("t").binary().norm(Features.Norm.L2),
        Features.tfidf("t").sublinearTf().norm(Features.Norm.L1),
        Features.bagOfWords("t").charNgrams(1, 3),
        Features.tfidf("t").ngramRange(1, 3).maxFeatures(4));
    return Combinators.combine(base, Arbitraries.integers().between(1, 2)).as((b, minDf) -> b.minDf(minDf));
  }

  private static Table texts(List<String> docs) {
    return Table.builder().text("t", docs.toArray(String[]::new)).build();
  }

  /** Fits the step, or returns null when the corpus is too small for it (documented refusals). */
  private static FittedTransform fit(Extractor step, List<String> corpus, long seed) {
    Table train = Table.builder().text("t", corpus.toArray(String[]::new)).numeric("y", new double[corpus.size()]).build();
    try {
      return step.fit(FitContext.of(train, "y", Split.random(0.8), seed));
    } catch (InvalidInputException e) {
      return null; // no term, or no token with a vector
    } catch (IllegalArgumentException e) {
      if (e.getMessage().contains(" is more than the ") || e.getMessage().contains("but the training part has only")) {
        return null;
      }
      throw e;
    }
  }

  @Property(tries = 200)
  void apply_batchOrRowByRow_givesTheSameValues(
      @ForAll("steps") Extractor step, @ForAll("corpora") List<String> corpus, @ForAll("corpora") List<String> batch,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    FittedTransform fitted = fit(step, corpus, seed);
    Assume.that(fitted != null);
    Table whole = fitted.apply(texts(batch));
    for (int r = 0; r < batch.size(); r++) {
      Table alone = fitted.apply(texts(batch).row(r));
      assertEquals(whole.row(r).toMap(), alone.row(0).toMap(), step + " row " + r + ": " + batch.get(r));
    }
  }

  @Property(tries = 40)
  void rowScorer_ofATopicPipeline_equalsTheTablePathBitForBit(
      @ForAll("steps") Extractor step, @ForAll("corpora") List<String> corpus, @ForAll("corpora") List<String> batch) {
    // Fixed texts give every split enough terms and rows for three topics, and a vector to each row.
    List<String> docs = new ArrayList<>(List.of("the cat sat", "a dog sat on the mat", "stock markets fell",
        "the dog fell", "Cat markets", "the stock sat", "cat dog mat"));
    corpus.forEach(d -> docs.add(d == null ? "the cat" : "the cat " + d));
    String[] labels = new String[docs.size()];
    for (int r = 0; r < labels.length; r++) {
      labels[r] = r % 2 == 0 ? "even" : "odd";
    }
    Table data = Table.builder().text("t", docs.toArray(String[]::new)).categorical("y", labels).build();
    FittedPipeline pipeline;
    try {
      pipeline = Pipeline.builder().target("y").split(Split.stratified(0.8)).add(step)
          .trainer(Trainers.logisticRegression()).seed(5).build().fit(data).pipeline();
    } catch (InvalidInputException e) {
      Assume.that(false); // minDf(2) on a training part whose words are all different
      throw e;
    }
    Scores scores = pipeline.score(texts(batch));
    RowScorer scorer = RuntimeAccess.pipelines().rowScorer(pipeline).orElseThrow(() -> new AssertionError(step + " has no row form"));
    RowBuffer row = scorer.newBuffer();
    for (int r = 0; r < batch.size(); r++) {
      row.setString(scorer.inputSlot(0), batch.get(r));
      assertArrayEquals(scores.probabilities(r), scorer.score(row), step + " row " + r + ": " + batch.get(r));
    }
  }

  @Property(tries = 200)
  void topicTerms_vector_equalsTheBagOfWordsColumn(
      @ForAll("vectorizers") BagOfWords vectorizer, @ForAll("corpora") List<String> corpus,
      @ForAll("corpora") List<String> batch) {
    Table train = Table.builder().text("t", corpus.toArray(String[]::new)).build();
    BagOfWordsTransform bagOfWords;
    try {
      bagOfWords = TextFits.bagOfWords(vectorizer, train);
    } catch (IllegalArgumentException e) {
      Assume.that(false);
      throw e;
    }
    TopicTerms terms = new TopicTerms(bagOfWords);
    Table written = bagOfWords.apply(texts(batch));
    for (int r = 0; r < batch.size(); r++) {
      TextVectors.Entries e = terms.vector(batch.get(r));
      assertEquals(written.vector("t", r), new SparseVector(IntArray.copyOf(e.indices()),
          DoubleArray.copyOf(e.values())), vectorizer + ": " + batch.get(r));
    }
  }

  @Property(tries = 100)
  void lda_mixtures_arePositiveAndSumToOne(
      @ForAll("corpora") List<String> corpus, @ForAll("corpora") List<String> batch,
      @ForAll @IntRange(min = 1, max = 6) int topics, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    FittedTransform fitted = fit(Features.lda("t").topics(topics).iterations(2).inferenceSteps(10), corpus, seed);
    Assume.that(fitted != null);
    Table out = fitted.apply(texts(batch));
    for (int r = 0; r < batch.size(); r++) {
      double sum = 0;
      for (int j = 0; j < topics; j++) {
        double x = out.numeric("t_lda" + j, r);
        assertTrue(x > 0 && x < 1 || topics == 1 && x == 1, "mixture " + j + " is " + x);
        sum += x;
      }
      assertEquals(1.0, sum, 1e-12);
    }
  }
}
