package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mlengine.features.Fixtures.assertSameTable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.mlengine.runtime.internal.steps.BuiltInSteps;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.TransformCodec;
import org.mlengine.runtime.internal.steps.CalendarCodec;
import org.mlengine.runtime.internal.steps.ClipCodec;
import org.mlengine.runtime.internal.steps.FrequencyEncodingCodec;
import org.mlengine.runtime.internal.steps.GroupRareCodec;
import org.mlengine.runtime.internal.steps.Log1pCodec;
import org.mlengine.runtime.internal.steps.MinMaxCodec;
import org.mlengine.runtime.internal.steps.OneHotCodec;
import org.mlengine.runtime.internal.steps.QuantileBinsCodec;
import org.mlengine.runtime.internal.steps.RobustScaleCodec;
import org.mlengine.runtime.internal.steps.SineCosineCodec;
import org.mlengine.runtime.internal.steps.WeightOfEvidenceCodec;

/** The codecs of the categorical, cyclical and numeric steps: registration, round trips, exact state, bad state. */
class CategoricalNumericCodecTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double NA = Double.NaN;

  private static final Table TRAIN = Table.builder()
      .categorical("Job", "a", "a", "a", "b", "b", "c", null, "other")
      .numeric("Income", 1.1, NA, 3.3, 0.7, 1e-9, 12345.678, 5, -0.5)
      .timestamp("T", Instant.parse("2024-02-29T23:30:00Z"), null, Instant.parse("2023-12-31T00:00:00Z"),
          Instant.parse("2024-07-01T12:00:00Z"), Instant.parse("2024-01-01T00:00:00Z"),
          Instant.parse("2024-03-31T01:30:00Z"), Instant.parse("2024-10-27T00:59:59Z"),
          Instant.parse("2000-01-01T00:00:00Z"))
      .categorical("y", "x", "y", "x", "y", "y", "x", "x", "y")
      .build();

  private static final Table TEST = Table.builder()
      .categorical("Job", "zzz", null, "b", "c")
      .numeric("Income", NA, 0.1, 1e300, -0.9)
      .timestamp("T", null, Instant.parse("1999-12-31T23:59:59Z"), Instant.parse("2100-02-28T00:00:00Z"),
          Instant.parse("2024-02-29T12:00:00Z"))
      .build();

  private static final Map<String, Class<?>> CODECS = Map.of(
      "group_rare", GroupRareCodec.class,
      "weight_of_evidence", WeightOfEvidenceCodec.class,
      "frequency_encoding", FrequencyEncodingCodec.class,
      "sine_cosine", SineCosineCodec.class,
      "calendar", CalendarCodec.class,
      "min_max", MinMaxCodec.class,
      "robust_scale", RobustScaleCodec.class,
      "log1p", Log1pCodec.class,
      "clip", ClipCodec.class,
      "quantile_bins", QuantileBinsCodec.class);

  private static Map<String, TransformCodec> codecs() {
    Map<String, TransformCodec> out = new TreeMap<>();
    for (TransformCodec codec : BuiltInSteps.codecs()) {
      out.put(codec.tag(), codec);
    }
    return out;
  }

  private static FitContext context() {
    return FitContext.of(TRAIN, "y", Split.stratified(0.8), 7);
  }

  private static String write(FittedTransform fitted) throws JsonProcessingException {
    return JSON.writeValueAsString(codecs().get(fitted.tag()).write(fitted));
  }

  private static void assertRoundTrip(Extractor step) throws JsonProcessingException {
    FittedTransform fitted = step.fit(context());
    FittedTransform read = codecs().get(fitted.tag()).read(JSON.readTree(write(fitted)));
    assertEquals(fitted, read, step.toString());
    assertSameTable(fitted.apply(TRAIN), read.apply(TRAIN));
    assertSameTable(fitted.apply(TEST), read.apply(TEST));
  }

  @Test
  void builtInSteps_findsEveryCodecByTag() {
    Map<String, TransformCodec> codecs = codecs();
    CODECS.forEach((tag, type) -> assertEquals(type, codecs.get(tag).getClass(), tag));
  }

  @Test
  void roundTrip_everyStep_givesEqualStateAndIdenticalTables() throws JsonProcessingException {
    assertRoundTrip(Features.groupRare("Job").minFrequency(2));
    assertRoundTrip(Features.oneHot("Job").minFrequency(0.2));
    assertRoundTrip(Features.weightOfEvidence("Job").regularization(0.3));
    assertRoundTrip(Features.frequencyEncoding("Job"));
    assertRoundTrip(Features.frequencyEncoding("Job").counts());
    assertRoundTrip(Features.sineCosine("Income", 0.7));
    assertRoundTrip(Features.calendar(ZoneId.of("Europe/Paris"), "T"));
    assertRoundTrip(Features.calendar(ZoneOffset.UTC, "T").parts(Features.CalendarPart.HOUR));
    assertRoundTrip(Features.calendar(ZoneId.of("UTC"), "T").parts(Features.CalendarPart.YEAR));
    assertRoundTrip(Features.minMax("Income"));
    assertRoundTrip(Features.robustScale("Income"));
    assertRoundTrip(Features.clip("Income").between(0, Double.POSITIVE_INFINITY));
    assertRoundTrip(Features.clip("Income").between(Double.NEGATIVE_INFINITY, 2));
    assertRoundTrip(Features.clip("Income").quantiles(0.05, 0.95));
    assertRoundTrip(Features.quantileBins("Income").bins(3));
    // every Income value, -0.5 and -0.9 included, is above -1
    assertRoundTrip(Features.log1p("Income"));
  }

  @Test
  void state_isReadableJson() throws JsonProcessingException {
    FitContext shared = Fixtures.classification(Fixtures.shared());
    assertEquals("{\"version\":1,\"positive\":\"1\",\"columns\":[{\"name\":\"X\",\"values\":{\"A\":0.4054651081081644,"
        + "\"B\":-1.0986122886681098,\"C\":0.6931471805599453}}]}",
        write(Features.weightOfEvidence("X").fit(shared)));
    assertEquals("{\"version\":1,\"output\":\"share\",\"rows\":6,\"columns\":[{\"name\":\"X\",\"counts\":{\"A\":3,"
        + "\"B\":2,\"C\":1}}]}", write(Features.frequencyEncoding("X").fit(shared)));
    assertEquals("{\"version\":1,\"columns\":[{\"name\":\"X\",\"kept\":[\"A\",\"B\"],\"grouped\":[\"C\"]}]}",
        write(Features.groupRare("X").minFrequency(2).fit(shared)));
    assertEquals("{\"version\":1,\"onUnknown\":\"ignore\",\"columns\":[{\"name\":\"X\",\"categories\":[\"A\"],"
        + "\"other\":[\"B\",\"C\"]}]}", write(Features.oneHot("X").minFrequency(3).fit(shared)));
    assertEquals("{\"version\":1,\"column\":\"Income\",\"period\":7.0}",
        write(Features.sineCosine("Income", 7).fit(context())));
    assertEquals("{\"version\":1,\"zone\":\"Europe/Paris\",\"parts\":[\"dayOfWeek\",\"hour\"],\"columns\":[\"T\"]}",
        write(Features.calendar(ZoneId.of("Europe/Paris"), "T")
            .parts(Features.CalendarPart.HOUR, Features.CalendarPart.DAY_OF_WEEK).fit(context())));
    assertEquals("{\"version\":1,\"columns\":[{\"name\":\"Income\",\"lower\":0.0,\"upper\":null}]}",
        write(Features.clip("Income").between(0, Double.POSITIVE_INFINITY).fit(context())));
    FitContext oneToFour = Fixtures.context(Table.builder().numeric("x", 1, 2, 3, 4).numeric("y", 0, 1, 0, 1).build());
    assertEquals("{\"version\":1,\"columns\":[{\"name\":\"x\",\"center\":1.0,\"scale\":3.0}]}",
        write(Features.minMax("x").fit(oneToFour)));
    assertEquals("{\"version\":1,\"columns\":[{\"name\":\"x\",\"center\":2.5,\"scale\":1.5}]}",
        write(Features.robustScale("x").fit(oneToFour)));
    assertEquals("{\"version\":1,\"columns\":[{\"name\":\"x\",\"edges\":[1.75,2.5,3.25]}]}",
        write(Features.quantileBins("x").bins(4).fit(oneToFour)));
    assertEquals("{\"version\":1,\"columns\":[\"x\"]}", write(Features.log1p("x").fit(oneToFour)));
  }

  private static String readFails(TransformCodec codec, String json) {
    return assertThrows(IllegalArgumentException.class, () -> codec.read(JSON.readTree(json))).getMessage();
  }

  @Test
  void read_badState_saysWhatIsWrong() {
    assertEquals("calendar state field 'zone' is 'Mars/Olympus', which this Java runtime does not know as a time zone"
            + " (Unknown time-zone ID: Mars/Olympus); update the runtime's time-zone data",
        readFails(new CalendarCodec(), "{\"version\":1,\"zone\":\"Mars/Olympus\",\"parts\":[\"hour\"],\"columns\":[\"T\"]}"));
    assertEquals("calendar state field 'parts' holds 'minute'; expected some of year, month, dayOfMonth, dayOfWeek,"
            + " dayOfYear, hour",
        readFails(new CalendarCodec(), "{\"version\":1,\"zone\":\"UTC\",\"parts\":[\"minute\"],\"columns\":[\"T\"]}"));
    assertEquals("clip state has no field 'columns[0].upper'; the state is damaged or was not written by mlengine",
        readFails(new ClipCodec(), "{\"version\":1,\"columns\":[{\"name\":\"x\",\"lower\":0}]}"));
    assertEquals("clip state is inconsistent: the bounds of column 'x' are [2.0, 1.0]; the lower bound must not exceed"
            + " the upper one",
        readFails(new ClipCodec(), "{\"version\":1,\"columns\":[{\"name\":\"x\",\"lower\":2,\"upper\":1}]}"));
    assertEquals("frequency_encoding state field 'output' is 'ratio'; expected 'share' or 'count'",
        readFails(new FrequencyEncodingCodec(), "{\"version\":1,\"output\":\"ratio\",\"rows\":3,\"columns\":[]}"));
    assertEquals("frequency_encoding state field 'columns[0].counts.A' must be a whole number, found NUMBER 1.5",
        readFails(new FrequencyEncodingCodec(),
            "{\"version\":1,\"output\":\"count\",\"rows\":3,\"columns\":[{\"name\":\"X\",\"counts\":{\"A\":1.5}}]}"));
    assertEquals("one_hot state is inconsistent: column 'X' keeps a category named 'other' and also has a group of"
            + " that name",
        readFails(new OneHotCodec(), "{\"version\":1,\"onUnknown\":\"ignore\",\"columns\":[{\"name\":\"X\","
            + "\"categories\":[\"other\"],\"other\":[\"b\"]}]}"));
    assertEquals("quantile_bins state is inconsistent: the edges of column 'x' must be strictly increasing, got [2.0,"
            + " 1.0]",
        readFails(new QuantileBinsCodec(), "{\"version\":1,\"columns\":[{\"name\":\"x\",\"edges\":[2,1]}]}"));
    assertEquals("min_max state is inconsistent: the scale of column 'x' is -1.0; it must be a finite number > 0",
        readFails(new MinMaxCodec(), "{\"version\":1,\"columns\":[{\"name\":\"x\",\"center\":0,\"scale\":-1}]}"));
    assertEquals("sine_cosine state is inconsistent: the period of column 'd' is 0.0; it must be a finite number > 0",
        readFails(new SineCosineCodec(), "{\"version\":1,\"column\":\"d\",\"period\":0}"));
    assertEquals("weight_of_evidence state has version 2, but this mlengine reads version 1; load it with the newer"
            + " mlengine that wrote it",
        readFails(new WeightOfEvidenceCodec(), "{\"version\":2}"));
  }

  @Test
  void write_otherScaling_isRefused() {
    FittedTransform robust = Features.robustScale("Income").fit(context());
    var e = assertThrows(IllegalArgumentException.class, () -> new MinMaxCodec().write(robust));
    assertEquals("the min_max codec writes min_max transforms, but got a 'robust_scale' transform; choose the codec by"
        + " the transform's tag()", e.getMessage());
  }

  @Test
  void read_oneHotStateWithoutGroups_stillReads() throws JsonProcessingException {
    FittedTransform read = new OneHotCodec().read(JSON.readTree(
        "{\"version\":1,\"onUnknown\":\"ignore\",\"columns\":[{\"name\":\"X\",\"categories\":[\"a\",\"other\"]}]}"));
    assertSameTable(Table.builder().numeric("X=a", 0).numeric("X=other", 1).build(),
        read.apply(Table.builder().categorical("X", "other").build()));
  }
}
