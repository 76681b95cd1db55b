package org.mlengine.features;

import org.mlengine.runtime.internal.RuntimeAccess;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlengine.runtime.internal.steps.BuiltInSteps;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.core.Pipeline;
import org.mlengine.runtime.spi.RowBuffer;
import org.mlengine.runtime.internal.RowScorer;
import org.mlengine.runtime.Scores;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.spi.TransformCodec;
import org.mlengine.runtime.internal.steps.BagOfWordsTransform;
import org.mlengine.runtime.internal.steps.TextAnalyzer;

/** Properties of the text steps over generated corpora and options. */
class TextFeaturesProperties {

  /** Words the corpora are made of; "Cat" and "cat" are one token after lowercasing. */
  private static final List<String> WORDS = List.of("cat", "Cat", "dog", "ran", "the", "a", "über", "x1", "sat_on");

  /** Words no training corpus holds. */
  private static final List<String> UNSEEN = List.of("zebra", "quagga", "okapi");

  @Provide
  Arbitrary<String> documents() {
    Arbitrary<String> separator = Arbitraries.of(" ", "  ", ", ", ". ", "\n", "-");
    Arbitrary<String> text = Combinators.combine(Arbitraries.of(WORDS), separator).as((w, s) -> w + s)
        .list().ofMaxSize(8).map(parts -> String.join("", parts));
    return text.injectNull(0.1);
  }

  @Provide
  Arbitrary<List<String>> corpora() {
    return documents().list().ofMinSize(1).ofMaxSize(12);
  }

  @Provide
  Arbitrary<Extractor> steps() {
    Arbitrary<BagOfWords> base = Arbitraries.of(
        Features.bagOfWords("t"),
        Features.tfidf("t"),
        Features.bagOfWords("t").binary(),
        Features.tfidf("t").sublinearTf().norm(Features.Norm.L1),
        Features.bagOfWords("t").charNgrams(1, 3));
    Arbitrary<BagOfWords> words = Combinators.combine(
            base, Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 2),
            Arbitraries.integers().between(0, 5))
        .as((step, maxN, minDf, maxFeatures) -> {
          BagOfWords s = step.minDf(minDf);
          if (maxN > 1 && !step.spec().get("analyzer").equals("char_wb")) {
            s = s.ngramRange(1, maxN);
          }
          return maxFeatures > 0 ? s.maxFeatures(maxFeatures) : s;
        });
    Arbitrary<Extractor> hashing = Arbitraries.of(
        Features.hashing("t").buckets(8),
        Features.hashing("t").buckets(3).ngramRange(1, 2).alternateSign(false),
        Features.hashing("t").buckets(16).charNgrams(2, 3).norm(Features.Norm.NONE));
    return Arbitraries.oneOf(words.map(s -> (Extractor) s), hashing);
  }

  private static Table table(List<String> docs) {
    return Table.builder().text("t", docs.toArray(String[]::new)).numeric("y", new double[docs.size()]).build();
  }

  private static Table texts(List<String> docs) {
    return Table.builder().text("t", docs.toArray(String[]::new)).build();
  }

  /**
   * Fits the step, or returns null when the corpus leaves no term or has fewer rows than minDf
   * (documented refusals).
   */
  private static FittedTransform fit(Extractor step, List<String> corpus) {
    try {
      return step.fit(FitContext.of(table(corpus), "y", Split.random(0.8), 1));
    } catch (InvalidInputException e) {
      return null;
    } catch (IllegalArgumentException e) {
      if (e.getMessage().contains("but the training part has only")) {
        return null;
      }
      throw e;
    }
  }

  @Property(tries = 300)
  void apply_batchOrRowByRow_givesTheSameValues(
      @ForAll("steps") Extractor step, @ForAll("corpora") List<String> corpus, @ForAll("corpora") List<String> batch) {
    FittedTransform fitted = fit(step, corpus);
    Assume.that(fitted != null);
    Table whole = fitted.apply(texts(batch));
    for (int r = 0; r < batch.size(); r++) {
      Table alone = fitted.apply(texts(batch).row(r));
      assertEquals(whole.vector("t", r), alone.vector("t", 0), step + " row " + r + ": " + batch.get(r));
    }
  }

  @Property(tries = 300)
  void apply_unseenWordsAdded_leaveTheVectorUnchanged(
      @ForAll("corpora") List<String> corpus, @ForAll("documents") String doc, @ForAll boolean before) {
    Assume.that(doc != null);
    for (BagOfWords step : List.of(
        Features.tfidf("t").ngramRange(1, 2), Features.bagOfWords("t").norm(Features.Norm.L1).ngramRange(1, 3))) {
      FittedTransform fitted = fit(step, corpus);
      if (fitted == null) {
        continue;
      }
      String unseen = String.join(" ", UNSEEN);
      String changed = before ? unseen + " " + doc : doc + " " + unseen;
      assertEquals(fitted.apply(texts(List.of(doc))).vector("t", 0),
          fitted.apply(texts(List.of(changed))).vector("t", 0), step + ": " + doc);
    }
  }

  @Property(tries = 300)
  void fit_vocabulary_isSortedWithinTheDocumentFrequencyBoundsAndCap(
      @ForAll("corpora") List<String> corpus, @ForAll("steps") Extractor step) {
    Assume.that(step instanceof BagOfWords);
    FittedTransform fitted = fit(step, corpus);
    Assume.that(fitted != null);
    Map<String, Object> spec = step.spec();
    List<String> terms = ((BagOfWordsTransform) fitted).vocabularies().get(0).terms();
    List<String> sorted = new ArrayList<>(terms);
    sorted.sort(TextAnalyzer.CODE_POINT_ORDER);
    assertEquals(sorted, terms);
    if (spec.containsKey("maxFeatures")) {
      assertTrue(terms.size() <= (Integer) spec.get("maxFeatures"), terms::toString);
    }
    TextAnalyzer analyzer = ((BagOfWords) step).analyzer();
    int minDf = (Integer) spec.get("minDf");
    for (String term : terms) {
      long df = corpus.stream().filter(d -> analyzer.counts(d).containsKey(term)).count();
      assertTrue(df >= minDf, () -> "term '" + term + "' is in " + df + " documents, below minDf " + minDf);
    }
  }

  @Property(tries = 200)
  void apply_l2Rows_haveUnitNormOrAreZero(@ForAll("corpora") List<String> corpus, @ForAll("corpora") List<String> batch) {
    FittedTransform fitted = fit(Features.tfidf("t").ngramRange(1, 2), corpus);
    Assume.that(fitted != null);
    Table out = fitted.apply(texts(batch));
    for (int r = 0; r < batch.size(); r++) {
      double sum = 0;
      for (double v : TextFeaturesTest.dense(out, "t", r)) {
        assertTrue(v >= 0);
        sum += v * v;
      }
      assertTrue(sum == 0 || Math.abs(sum - 1) < 1e-12, "squared norm " + sum);
    }
  }

  @Property(tries = 60)
  void rowScorer_ofATextPipeline_equalsTheTablePath(
      @ForAll("steps") Extractor step, @ForAll("corpora") List<String> corpus, @ForAll("corpora") List<String> batch) {
    // Training texts may be missing or leave no term after pruning: such a row is an empty bag.
    List<String> docs = new ArrayList<>(List.of("the cat ran", "a dog sat_on x1", "Cat über alles", "ran ran", "dog", "x1 cat"));
    docs.addAll(corpus);
    String[] labels = new String[docs.size()];
    for (int r = 0; r < labels.length; r++) {
      labels[r] = r % 2 == 0 ? "even" : "odd";
    }
    Table data = Table.builder().text("t", docs.toArray(String[]::new)).categorical("y", labels).build();
    FittedPipeline pipeline = Pipeline.builder().target("y").split(Split.stratified(0.8)).add(step)
        .trainer(Trainers.logisticRegression()).seed(5).build().fit(data).pipeline();
    Scores scores = pipeline.score(texts(batch));
    RowScorer scorer = RuntimeAccess.pipelines().rowScorer(pipeline).orElseThrow();
    RowBuffer row = scorer.newBuffer();
    for (int r = 0; r < batch.size(); r++) {
      row.setString(scorer.inputSlot(0), batch.get(r));
      assertArrayEquals(scores.probabilities(r), scorer.score(row), step + " row " + r + ": " + batch.get(r));
    }
  }

  @Property(tries = 200)
  void codec_roundTrip_givesAnEqualTransformAndOutput(
      @ForAll("steps") Extractor step, @ForAll("corpora") List<String> corpus, @ForAll("corpora") List<String> batch)
      throws JsonProcessingException {
    FittedTransform fitted = fit(step, corpus);
    Assume.that(fitted != null);
    ObjectMapper json = new ObjectMapper();
    TransformCodec codec = null;
    for (TransformCodec c : BuiltInSteps.codecs()) {
      if (c.tag().equals(fitted.tag())) {
        codec = c;
      }
    }
    assertTrue(codec != null, "no codec for " + fitted.tag());
    FittedTransform read = codec.read(json.readTree(json.writeValueAsString(codec.write(fitted))));
    assertEquals(fitted, read);
    Fixtures.assertSameTable(fitted.apply(texts(batch)), read.apply(texts(batch)));
  }
}
