package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mlengine.features.Fixtures.assertSameTable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.mlengine.runtime.internal.steps.BuiltInSteps;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.TransformCodec;
import org.mlengine.runtime.internal.steps.BagOfWordsCodec;
import org.mlengine.runtime.internal.steps.HashingCodec;

/** The bag_of_words and text_hashing codecs: round trips, the exact state, and damaged state. */
class TextCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Table TRAIN = Table.builder()
      .text("review", "The cat sat", "the cat ran", "a dog ran", null, "Über café, naïve 日本語!")
      .text("title", "good", "bad cat", null, "good dog", "ok")
      .numeric("y", 1, 0, 1, 0, 1)
      .build();

  private static final Table TEST = Table.builder()
      .text("review", "the cat, the dog", null, "zebra", "CAFÉ über alles")
      .text("title", "good good", "bad", "", null)
      .build();

  private static FitContext context() {
    return FitContext.of(TRAIN, "y", Split.random(0.8), 1);
  }

  private static TransformCodec codec(String tag) {
    for (TransformCodec codec : BuiltInSteps.codecs()) {
      if (codec.tag().equals(tag)) {
        return codec;
      }
    }
    throw new AssertionError("no codec registered for " + tag);
  }

  private static FittedTransform roundTrip(FittedTransform fitted) throws JsonProcessingException {
    TransformCodec codec = codec(fitted.tag());
    return codec.read(JSON.readTree(JSON.writeValueAsString(codec.write(fitted))));
  }

  private static void assertRoundTrip(FittedTransform fitted) throws JsonProcessingException {
    FittedTransform read = roundTrip(fitted);
    assertEquals(fitted, read);
    assertSameTable(fitted.apply(TRAIN), read.apply(TRAIN));
    assertSameTable(fitted.apply(TEST), read.apply(TEST));
  }

  @Test
  void builtInSteps_findsBothTextCodecsByTag() {
    assertEquals(BagOfWordsCodec.class, codec("bag_of_words").getClass());
    assertEquals(HashingCodec.class, codec("text_hashing").getClass());
  }

  @Test
  void bagOfWords_roundTrip_givesIdenticalTables() throws JsonProcessingException {
    assertRoundTrip(Features.tfidf("review", "title").ngramRange(1, 2).fit(context()));
    assertRoundTrip(Features.bagOfWords("review").sublinearTf().norm(Features.Norm.L1).fit(context()));
    assertRoundTrip(Features.bagOfWords("review", "title").binary().maxFeatures(3).fit(context()));
    assertRoundTrip(Features.bagOfWords("review")
        .tokenizer(Features.tokenizer().lowercase(false).minLength(3).stopWords(Set.of("The", "sat"))
            .tokenPattern("\\p{L}+"))
        .fit(context()));
    assertRoundTrip(Features.tfidf("review").charNgrams(2, 4).minDf(0.3).fit(context()));
  }

  @Test
  void hashing_roundTrip_givesIdenticalTables() throws JsonProcessingException {
    assertRoundTrip(Features.hashing("review", "title").buckets(32).fit(context()));
    assertRoundTrip(Features.hashing("review").charNgrams(1, 3).alternateSign(false).norm(Features.Norm.NONE)
        .buckets(7).fit(context()));
  }

  @Test
  void bagOfWords_state_isReadableJsonWithExactDoubles() throws JsonProcessingException {
    Table train = Table.builder().text("t", "the cat", "the dog").numeric("y", 0, 1).build();
    FittedTransform fitted = Features.tfidf("t").fit(FitContext.of(train, "y", Split.random(0.5), 1));
    assertEquals("{\"version\":1,\"analyzer\":{\"kind\":\"word\",\"ngramMin\":1,\"ngramMax\":1,\"lowercase\":true,"
        + "\"tokenPattern\":\"(?<![\\\\p{L}\\\\p{N}_])[\\\\p{L}\\\\p{N}_]{2,}(?![\\\\p{L}\\\\p{N}_])\",\"minLength\":1,"
        + "\"stopWords\":[]},\"weighting\":\"tfidf\",\"sublinearTf\":false,\"norm\":\"l2\",\"columns\":[{\"name\":\"t\","
        + "\"terms\":[\"cat\",\"dog\",\"the\"],\"idf\":[1.4054651081081644,1.4054651081081644,1.0]}]}",
        JSON.writeValueAsString(new BagOfWordsCodec().write(fitted)));
  }

  @Test
  void hashing_state_isTheOptions() throws JsonProcessingException {
    FittedTransform fitted = Features.hashing("title").charNgrams(2, 3).buckets(64).fit(context());
    assertEquals("{\"version\":1,\"analyzer\":{\"kind\":\"char_wb\",\"ngramMin\":2,\"ngramMax\":3,\"lowercase\":true,"
        + "\"tokenPattern\":\"(?<![\\\\p{L}\\\\p{N}_])[\\\\p{L}\\\\p{N}_]{2,}(?![\\\\p{L}\\\\p{N}_])\",\"minLength\":1,"
        + "\"stopWords\":[]},\"buckets\":64,\"alternateSign\":true,\"norm\":\"l2\",\"columns\":[\"title\"]}",
        JSON.writeValueAsString(new HashingCodec().write(fitted)));
  }

  private static String readFails(TransformCodec codec, String json) {
    return assertThrows(IllegalArgumentException.class, () -> codec.read(JSON.readTree(json))).getMessage();
  }

  private static final String ANALYZER = "\"analyzer\":{\"kind\":\"word\",\"ngramMin\":1,\"ngramMax\":1,"
      + "\"lowercase\":true,\"tokenPattern\":\"\\\\w+\",\"minLength\":1,\"stopWords\":[]}";

  @Test
  void read_damagedBagOfWordsState_namesTheField() {
    BagOfWordsCodec codec = new BagOfWordsCodec();
    assertEquals("bag_of_words state field 'weighting' is 'bm25'; expected 'counts', 'binary' or 'tfidf'",
        readFails(codec, "{\"version\":1," + ANALYZER + ",\"weighting\":\"bm25\"}"));
    assertEquals("bag_of_words state field 'norm' is 'max'; expected 'none', 'l1' or 'l2'",
        readFails(codec, "{\"version\":1," + ANALYZER + ",\"weighting\":\"counts\",\"sublinearTf\":false,"
            + "\"norm\":\"max\"}"));
    assertEquals("bag_of_words state has no field 'columns[0].idf'; the state is damaged or was not written by mlengine",
        readFails(codec, "{\"version\":1," + ANALYZER + ",\"weighting\":\"tfidf\",\"sublinearTf\":false,"
            + "\"norm\":\"l2\",\"columns\":[{\"name\":\"t\",\"terms\":[\"a\"]}]}"));
    assertEquals("bag_of_words state field 'analyzer.kind' is 'char'; expected 'word' or 'char_wb'",
        readFails(codec, "{\"version\":1,\"analyzer\":{\"kind\":\"char\"}}"));
    assertEquals("bag_of_words state field 'analyzer.ngramMax' must be a whole number, found STRING \"2\"",
        readFails(codec, "{\"version\":1,\"analyzer\":{\"kind\":\"word\",\"ngramMin\":1,\"ngramMax\":\"2\"}}"));
  }

  @Test
  void read_inconsistentBagOfWordsState_isRefused() {
    BagOfWordsCodec codec = new BagOfWordsCodec();
    assertEquals("bag_of_words state is inconsistent: the terms of column 't' must be distinct and sorted by code"
        + " point, but 'dog' comes before 'cat'",
        readFails(codec, "{\"version\":1," + ANALYZER + ",\"weighting\":\"counts\",\"sublinearTf\":false,"
            + "\"norm\":\"none\",\"columns\":[{\"name\":\"t\",\"terms\":[\"dog\",\"cat\"]}]}"));
    assertEquals("bag_of_words state is inconsistent: column 't' has 2 terms and 1 idf values; tfidf weighting needs"
        + " one idf value per term",
        readFails(codec, "{\"version\":1," + ANALYZER + ",\"weighting\":\"tfidf\",\"sublinearTf\":false,"
            + "\"norm\":\"l2\",\"columns\":[{\"name\":\"t\",\"terms\":[\"cat\",\"dog\"],\"idf\":[1.5]}]}"));
    assertEquals("bag_of_words state is inconsistent: tokenPattern(\"(a)(b)\") has 2 capturing groups; the token is"
        + " the whole match or its one group, so keep at most one and write (?:...) for the others",
        readFails(codec, "{\"version\":1,\"analyzer\":{\"kind\":\"word\",\"ngramMin\":1,\"ngramMax\":1,"
            + "\"lowercase\":true,\"tokenPattern\":\"(a)(b)\",\"minLength\":1,\"stopWords\":[]}}"));
  }

  @Test
  void read_damagedHashingState_namesTheField() {
    HashingCodec codec = new HashingCodec();
    assertEquals("text_hashing state is inconsistent: buckets is 0; it must be between 1 and 262144",
        readFails(codec, "{\"version\":1," + ANALYZER + ",\"buckets\":0,\"alternateSign\":true,\"norm\":\"l2\","
            + "\"columns\":[\"t\"]}"));
    assertEquals("text_hashing state names column 't' twice in field 'columns'",
        readFails(codec, "{\"version\":1," + ANALYZER + ",\"buckets\":8,\"alternateSign\":true,\"norm\":\"l2\","
            + "\"columns\":[\"t\",\"t\"]}"));
    assertEquals("text_hashing state has version 2, but this mlengine reads version 1; load it with the newer"
        + " mlengine that wrote it", readFails(codec, "{\"version\":2}"));
  }

  @Test
  void write_otherTransform_isRefused() {
    FittedTransform hashing = Features.hashing("review").fit(context());
    assertEquals("the bag_of_words codec writes bag_of_words transforms, but got a 'text_hashing' transform; choose"
        + " the codec by the transform's tag()",
        assertThrows(IllegalArgumentException.class, () -> new BagOfWordsCodec().write(hashing)).getMessage());
  }

  @Test
  void read_keepsInputColumnsInOrder() throws JsonProcessingException {
    assertEquals(List.of("title", "review"), roundTrip(Features.bagOfWords("title", "review").fit(context()))
        .inputColumns());
  }
}
