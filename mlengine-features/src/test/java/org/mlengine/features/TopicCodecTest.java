package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mlengine.features.Fixtures.assertSameTable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.mlengine.runtime.internal.steps.BuiltInSteps;
import org.junit.jupiter.api.Test;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.TransformCodec;
import org.mlengine.runtime.internal.steps.BagOfWordsTransform;
import org.mlengine.runtime.internal.steps.EmbeddingCodec;
import org.mlengine.runtime.internal.steps.LdaCodec;
import org.mlengine.runtime.internal.steps.LdaTransform;
import org.mlengine.runtime.internal.steps.LsaCodec;

/** The lsa, lda and embeddings codecs: round trips, the exact state, and damaged state. */
class TopicCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Table TEST = Table.builder()
      .text("t", "the cat, the dog", null, "zebra", "CAT sat on the MAT", "", "markets fell as stocks rose")
      .build();

  private static FitContext context() {
    return TopicFeaturesTest.context(TopicFeaturesTest.train(), 3);
  }

  private static TransformCodec codec(String tag) {
    for (TransformCodec codec : BuiltInSteps.codecs()) {
      if (codec.tag().equals(tag)) {
        return codec;
      }
    }
    throw new AssertionError("no codec registered for " + tag);
  }

  private static JsonNode state(FittedTransform fitted) throws JsonProcessingException {
    return JSON.readTree(JSON.writeValueAsString(codec(fitted.tag()).write(fitted)));
  }

  private static void assertRoundTrip(FittedTransform fitted) throws JsonProcessingException {
    FittedTransform read = codec(fitted.tag()).read(state(fitted));
    assertEquals(fitted, read);
    assertSameTable(fitted.apply(TopicFeaturesTest.train()), read.apply(TopicFeaturesTest.train()));
    assertSameTable(fitted.apply(TEST), read.apply(TEST));
  }

  private static String readFails(FittedTransform fitted, java.util.function.Consumer<ObjectNode> damage)
      throws JsonProcessingException {
    ObjectNode state = (ObjectNode) state(fitted);
    damage.accept(state);
    TransformCodec codec = codec(fitted.tag());
    return assertThrows(IllegalArgumentException.class, () -> codec.read(state)).getMessage();
  }

  @Test
  void builtInSteps_findsTheTopicAndEmbeddingCodecsByTag() {
    assertEquals(LsaCodec.class, codec("lsa").getClass());
    assertEquals(LdaCodec.class, codec("lda").getClass());
    assertEquals(EmbeddingCodec.class, codec("embeddings").getClass());
  }

  @Test
  void lsa_roundTrip_givesIdenticalTables() throws JsonProcessingException {
    assertRoundTrip(Features.lsa("t").topics(3).fit(context()));
    assertRoundTrip(Features.lsa(Features.tfidf("t").ngramRange(1, 2).sublinearTf()).topics(5).fit(context()));
    assertRoundTrip(Features.lsa(Features.bagOfWords("t").charNgrams(2, 3)).topics(1).fit(context()));
  }

  @Test
  void lda_roundTrip_givesIdenticalTables() throws JsonProcessingException {
    assertRoundTrip(Features.lda("t").topics(3).iterations(2).fit(context()));
    assertRoundTrip(Features.lda(Features.bagOfWords("t").minDf(2)).topics(2).alpha(0.3).beta(0.05).inferenceSteps(7)
        .iterations(3).fit(context()));
  }

  @Test
  void embeddings_roundTrip_givesIdenticalTables() throws JsonProcessingException {
    assertRoundTrip(Features.embeddings("t").vectors(TopicFeaturesTest.resource("tiny_glove.txt")).fit(context()));
    assertRoundTrip(Features.embeddings("t").tokenizer(Features.tokenizer().lowercase(false).minLength(3))
        .vectors(TopicFeaturesTest.resource("tiny_word2vec.txt")).fit(context()));
  }

  @Test
  void embeddings_state_holdsOnlyTheTrainingWordsAndTheSource() throws Exception {
    Table train = Table.builder().text("t", "the cat", "a zebra? no, a dog").numeric("y", 0, 1).build();
    FittedTransform fitted = Features.embeddings("t").vectors(TopicFeaturesTest.resource("tiny_glove.txt"))
        .fit(FitContext.of(train, "y", Split.random(0.5), 1));
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(TopicFeaturesTest.resource("tiny_glove.txt"))));
    assertEquals("{\"version\":1,\"column\":\"t\",\"analyzer\":{\"kind\":\"word\",\"ngramMin\":1,\"ngramMax\":1,"
        + "\"lowercase\":true,\"tokenPattern\":\"(?<![\\\\p{L}\\\\p{N}_])[\\\\p{L}\\\\p{N}_]{2,}(?![\\\\p{L}\\\\p{N}_])\","
        + "\"minLength\":1,\"stopWords\":[]},\"source\":{\"file\":\"tiny_glove.txt\",\"sha256\":\"" + sha256 + "\"},"
        + "\"dimensions\":3,\"words\":[\"cat\",\"dog\",\"the\",\"zebra\"],"
        + "\"vectors\":[[1.0,0.0,0.5],[0.8,0.2,0.4],[0.1,0.2,0.3],[9.0,9.0,9.0]]}",
        JSON.writeValueAsString(new EmbeddingCodec().write(fitted)));
  }

  @Test
  void lda_state_isTheTermsThePriorsTheStepsAndLambda() throws JsonProcessingException {
    Table train = Table.builder().text("t", "cat dog", "dog").numeric("y", 0, 1).build();
    BagOfWordsTransform counts = TextFits.bagOfWords(Features.bagOfWords("t"), train);
    LdaTransform lda = new LdaTransform(counts, 0.5, 0.25, 3, new double[][] {{1.5, 0.25}, {0.75, 2.0}});
    assertEquals("{\"version\":1,\"terms\":{\"version\":1,\"analyzer\":{\"kind\":\"word\",\"ngramMin\":1,\"ngramMax\":1,"
        + "\"lowercase\":true,\"tokenPattern\":\"(?<![\\\\p{L}\\\\p{N}_])[\\\\p{L}\\\\p{N}_]{2,}(?![\\\\p{L}\\\\p{N}_])\","
        + "\"minLength\":1,\"stopWords\":[]},\"weighting\":\"counts\",\"sublinearTf\":false,\"norm\":\"none\","
        + "\"columns\":[{\"name\":\"t\",\"terms\":[\"cat\",\"dog\"]}]},\"alpha\":0.5,\"beta\":0.25,\"steps\":3,"
        + "\"components\":[[1.5,0.25],[0.75,2.0]]}",
        JSON.writeValueAsString(new LdaCodec().write(lda)));
  }

  @Test
  void read_damagedLsaState_namesTheProblem() throws JsonProcessingException {
    FittedTransform lsa = Features.lsa("t").topics(2).fit(context());
    assertEquals("lsa state is inconsistent: component 1 of column 't' has 2 weights, but the column has 23 terms",
        readFails(lsa, s -> ((ArrayNode) s.get("components")).set(1, JSON.createArrayNode().add(0.5).add(0.5))));
    assertEquals("lsa state is inconsistent: lsa has 2 components but 1 singular values; give one per component",
        readFails(lsa, s -> ((ArrayNode) s.get("singularValues")).remove(1)));
    assertEquals("lsa state field 'components[0][3]' must be a finite number, found STRING \"x\"",
        readFails(lsa, s -> ((ArrayNode) s.get("components").get(0)).set(3, "x")));
    assertEquals("lsa state has no field 'terms'; the state is damaged or was not written by mlengine",
        readFails(lsa, s -> s.remove("terms")));
    assertEquals("lsa state field 'terms' is not a valid bag of words: bag_of_words state field 'weighting' is"
        + " 'bm25'; expected 'counts', 'binary' or 'tfidf'",
        readFails(lsa, s -> ((ObjectNode) s.get("terms")).put("weighting", "bm25")));
    assertEquals("lsa state has version 2, but this mlengine reads version 1; load it with the newer mlengine that"
        + " wrote it", readFails(lsa, s -> s.put("version", 2)));
  }

  @Test
  void read_damagedLdaState_namesTheProblem() throws JsonProcessingException {
    FittedTransform lda = Features.lda("t").topics(2).iterations(1).fit(context());
    assertEquals("lda state is inconsistent: parameter 4 of topic 0 is -1.0; it must be a finite number > 0",
        readFails(lda, s -> ((ArrayNode) s.get("components").get(0)).set(4, -1.0)));
    assertEquals("lda state field 'steps' must be a whole number, found NUMBER 2.5",
        readFails(lda, s -> s.put("steps", 2.5)));
    assertEquals("lda state is inconsistent: alpha is 0.0; it must be a finite number > 0",
        readFails(lda, s -> s.put("alpha", 0.0)));
    assertEquals("lda state is inconsistent: lda models word counts, but the terms are weighted 'tfidf' with norm NONE",
        readFails(lda, s -> {
          ObjectNode terms = (ObjectNode) s.get("terms");
          terms.put("weighting", "tfidf");
          ArrayNode idf = ((ObjectNode) terms.get("columns").get(0)).putArray("idf");
          for (int i = 0; i < 23; i++) {
            idf.add(1.0);
          }
        }));
  }

  @Test
  void read_damagedEmbeddingState_namesTheProblem() throws JsonProcessingException {
    FittedTransform glove = Features.embeddings("t").vectors(TopicFeaturesTest.resource("tiny_glove.txt")).fit(context());
    assertEquals("embeddings state is inconsistent: the vector of 'dog' has 2 values; the vectors have 3",
        readFails(glove, s -> ((ArrayNode) s.get("vectors")).set(1, JSON.createArrayNode().add(1).add(2))));
    assertEquals("embeddings state is inconsistent: the words must be distinct and sorted by code point, but 'dog'"
        + " comes before 'cat'", readFails(glove, s -> {
          ArrayNode words = (ArrayNode) s.get("words");
          words.set(0, "dog");
          words.set(1, "cat");
        }));
    assertEquals("embeddings state has no field 'source.sha256'; the state is damaged or was not written by mlengine",
        readFails(glove, s -> ((ObjectNode) s.get("source")).remove("sha256")));
    assertEquals("embeddings state is inconsistent: embeddings looks up single words, but the analyzer is"
        + " {analyzer=word, ngramRange=[1, 2], lowercase=true, tokenPattern=(?<![\\p{L}\\p{N}_])[\\p{L}\\p{N}_]{2,}"
        + "(?![\\p{L}\\p{N}_]), minLength=1, stopWords=[]}",
        readFails(glove, s -> ((ObjectNode) s.get("analyzer")).put("ngramMax", 2)));
  }
}
