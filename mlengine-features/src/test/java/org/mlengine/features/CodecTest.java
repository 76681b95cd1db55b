package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mlengine.features.Fixtures.assertSameTable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.mlengine.runtime.internal.steps.BuiltInSteps;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.TransformCodec;
import org.mlengine.runtime.internal.steps.ImputeCodec;
import org.mlengine.runtime.internal.steps.MeanEncodingCodec;
import org.mlengine.runtime.internal.steps.OneHotCodec;
import org.mlengine.runtime.internal.steps.StandardizeCodec;

class CodecTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double NA = Double.NaN;

  private static final Table TRAIN = Table.builder()
      .categorical("Home", "rent", "owner", "rent", null, "owner", "rent")
      .categorical("Job", "a", "b", "c", "a", null, "b")
      .numeric("Income", 1.1, NA, 3.3, 0.7, 1e-9, 12345.678)
      .categorical("y", "x", "y", "z", "x", "y", "y")
      .build();

  private static final Table TEST = Table.builder()
      .categorical("Home", "castle", null, "owner")
      .categorical("Job", "c", "zz", null)
      .numeric("Income", NA, 0.1, 1e300)
      .build();

  private static Map<String, TransformCodec> codecs() {
    Map<String, TransformCodec> out = new TreeMap<>();
    for (TransformCodec codec : BuiltInSteps.codecs()) {
      out.put(codec.tag(), codec);
    }
    return out;
  }

  /** Writes the state to JSON text, parses it back and reads it with the codec the tag names. */
  private static FittedTransform roundTrip(FittedTransform fitted) throws JsonProcessingException {
    TransformCodec codec = codecs().get(fitted.tag());
    String text = JSON.writeValueAsString(codec.write(fitted));
    return codecs().get(fitted.tag()).read(JSON.readTree(text));
  }

  private static void assertRoundTrip(FittedTransform fitted) throws JsonProcessingException {
    FittedTransform read = roundTrip(fitted);
    assertEquals(fitted, read);
    assertSameTable(fitted.apply(TRAIN), read.apply(TRAIN));
    assertSameTable(fitted.apply(TEST), read.apply(TEST));
  }

  private static FitContext context() {
    return FitContext.of(TRAIN, "y", Split.stratified(0.8), 7);
  }

  @Test
  void builtInSteps_findsAllFourCodecsByTag() {
    Map<String, TransformCodec> codecs = codecs();
    assertEquals(OneHotCodec.class, codecs.get("one_hot").getClass());
    assertEquals(ImputeCodec.class, codecs.get("impute").getClass());
    assertEquals(StandardizeCodec.class, codecs.get("standardize").getClass());
    assertEquals(MeanEncodingCodec.class, codecs.get("mean_encoding").getClass());
  }

  @Test
  void oneHot_roundTrip_givesIdenticalTables() throws JsonProcessingException {
    assertRoundTrip(Features.oneHot("Home", "Job").fit(context()));
    FittedTransform strict = Features.oneHot("Home").onUnknown(Features.Unknown.ERROR).fit(context());
    FittedTransform read = roundTrip(strict);
    assertEquals(strict, read);
    assertSameTable(strict.apply(TRAIN), read.apply(TRAIN));
    var e = assertThrows(InvalidInputException.class, () -> read.apply(TEST));
    assertEquals("Home", e.column());
  }

  @Test
  void impute_roundTrip_givesIdenticalTables() throws JsonProcessingException {
    assertRoundTrip(Features.impute("Income", "Home").withIndicator().fit(context()));
    assertRoundTrip(Features.impute("Job").constant("none").fit(context()));
  }

  @Test
  void standardize_roundTrip_givesIdenticalTables() throws JsonProcessingException {
    assertRoundTrip(Features.standardize("Income").fit(context()));
  }

  @Test
  void meanEncoding_roundTrip_givesIdenticalTables() throws JsonProcessingException {
    assertRoundTrip(Features.meanEncoding("Home", "Job").fit(context()));
    Table binary = TRAIN.withCategorical("y", new String[] {"1", "0", "1", "1", "0", "0"});
    assertRoundTrip(Features.meanEncoding("Home").smoothing(3).fit(FitContext.of(binary, "y", Split.random(0.8), 1)));
    Table regression = TRAIN.withNumeric("y", new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 1.0 / 3});
    assertRoundTrip(Features.meanEncoding("Job").fit(FitContext.of(regression, "y", Split.random(0.8), 1)));
  }

  @Test
  void standardize_state_isReadableJsonWithExactDoubles() throws JsonProcessingException {
    Table train = Table.builder().numeric("x", 1, 2, 3, 4).numeric("y", 0, 1, 0, 1).build();
    FittedTransform fitted = Features.standardize("x").fit(FitContext.of(train, "y", Split.random(0.5), 1));
    assertEquals("{\"version\":1,\"columns\":[{\"name\":\"x\",\"mean\":2.5,\"scale\":1.118033988749895}]}",
        JSON.writeValueAsString(new StandardizeCodec().write(fitted)));
  }

  @Test
  void meanEncoding_state_namesTaskClassesAndEncodings() throws JsonProcessingException {
    FittedTransform fitted = Features.meanEncoding("X").smoothing(1).fit(Fixtures.classification(Fixtures.shared()));
    assertEquals("{\"version\":1,\"task\":\"CLASSIFICATION\",\"classes\":[\"1\"],\"prior\":[0.5],\"columns\":"
        + "[{\"name\":\"X\",\"encodings\":{\"A\":[0.625],\"B\":[0.16666666666666666],\"C\":[0.75]}}]}",
        JSON.writeValueAsString(new MeanEncodingCodec().write(fitted)));
  }

  @Test
  void oneHot_state_listsCategories() throws JsonProcessingException {
    assertEquals("{\"version\":1,\"onUnknown\":\"ignore\",\"columns\":[{\"name\":\"Home\",\"categories\":[\"owner\","
        + "\"rent\"]}]}", JSON.writeValueAsString(new OneHotCodec().write(Features.oneHot("Home").fit(context()))));
  }

  @Test
  void impute_state_typesEachFill() throws JsonProcessingException {
    assertEquals("{\"version\":1,\"indicator\":false,\"columns\":[{\"name\":\"Home\",\"type\":\"CATEGORICAL\","
        + "\"value\":\"rent\"},{\"name\":\"Income\",\"type\":\"NUMERIC\",\"value\":2.0}]}",
        JSON.writeValueAsString(new ImputeCodec().write(Features.impute("Home", "Income").median().mostFrequent()
            .fit(FitContext.of(Table.builder()
                .categorical("Home", "rent", null).numeric("Income", 2, NA).numeric("y", 1, 2).build(),
                "y", Split.random(0.5), 1)))));
  }

  private static IllegalArgumentException readFails(TransformCodec codec, String json) {
    return assertThrows(IllegalArgumentException.class, () -> codec.read(JSON.readTree(json)));
  }

  @Test
  void read_missingField_namesIt() {
    assertEquals("standardize state has no field 'columns[0].scale'; the state is damaged or was not written by"
        + " mlengine",
        readFails(new StandardizeCodec(), "{\"version\":1,\"columns\":[{\"name\":\"x\",\"mean\":2.5}]}").getMessage());
  }

  @Test
  void read_wrongFieldType_namesItAndWhatWasFound() {
    assertEquals("one_hot state field 'columns[0].categories[1]' must be a string, found NUMBER 3",
        readFails(new OneHotCodec(),
            "{\"version\":1,\"onUnknown\":\"ignore\",\"columns\":[{\"name\":\"H\",\"categories\":[\"a\",3]}]}")
            .getMessage());
    assertEquals("impute state field 'indicator' must be true or false, found STRING \"yes\"",
        readFails(new ImputeCodec(), "{\"version\":1,\"indicator\":\"yes\",\"columns\":[]}").getMessage());
  }

  @Test
  void read_badValue_saysWhatIsExpected() {
    assertEquals("one_hot state field 'onUnknown' is 'skip'; expected 'ignore' or 'error'",
        readFails(new OneHotCodec(), "{\"version\":1,\"onUnknown\":\"skip\",\"columns\":[]}").getMessage());
    assertEquals("mean_encoding state field 'task' is 'RANKING'; expected 'CLASSIFICATION' or 'REGRESSION'",
        readFails(new MeanEncodingCodec(), "{\"version\":1,\"task\":\"RANKING\"}").getMessage());
  }

  @Test
  void read_inconsistentState_isRefused() {
    assertEquals("standardize state is inconsistent: the scale of column 'x' is 0.0; it must be a finite number > 0",
        readFails(new StandardizeCodec(), "{\"version\":1,\"columns\":[{\"name\":\"x\",\"mean\":1,\"scale\":0}]}")
            .getMessage());
    assertEquals("mean_encoding state is inconsistent: category 'A' of column 'X' has 2 values but the encoding has"
        + " 1 outputs",
        readFails(new MeanEncodingCodec(), "{\"version\":1,\"task\":\"CLASSIFICATION\",\"classes\":[\"1\"],"
            + "\"prior\":[0.5],\"columns\":[{\"name\":\"X\",\"encodings\":{\"A\":[0.1,0.2]}}]}").getMessage());
    assertEquals("one_hot state is inconsistent: the categories of column 'H' must be sorted and distinct, got [b, a]",
        readFails(new OneHotCodec(),
            "{\"version\":1,\"onUnknown\":\"ignore\",\"columns\":[{\"name\":\"H\",\"categories\":[\"b\",\"a\"]}]}")
            .getMessage());
  }

  @Test
  void read_newerVersion_isRefusedSayingWhichReadsIt() {
    assertEquals("impute state has version 2, but this mlengine reads version 1; load it with the newer mlengine"
        + " that wrote it",
        readFails(new ImputeCodec(), "{\"version\":2,\"indicator\":false,\"columns\":[]}").getMessage());
    assertEquals("impute state field 'version' is missing or not a whole number; the state is damaged or was not"
        + " written by mlengine",
        readFails(new ImputeCodec(), "{\"indicator\":false,\"columns\":[]}").getMessage());
  }

  @Test
  void write_otherTransform_isRefused() {
    FittedTransform standardize = Features.standardize("Income").fit(context());
    var e = assertThrows(IllegalArgumentException.class, () -> new OneHotCodec().write(standardize));
    assertEquals("the one_hot codec writes one_hot transforms, but got a 'standardize' transform; choose the codec"
        + " by the transform's tag()", e.getMessage());
  }

  @Test
  void read_stateOfEveryTag_keepsInputColumns() throws JsonProcessingException {
    FittedTransform fitted = Features.impute("Income", "Home").fit(context());
    JsonNode state = new ImputeCodec().write(fitted);
    assertEquals(List.of("Income", "Home"), new ImputeCodec().read(state).inputColumns());
  }
}
