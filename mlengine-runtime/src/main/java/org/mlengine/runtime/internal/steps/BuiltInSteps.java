package org.mlengine.runtime.internal.steps;

import java.util.List;
import org.mlengine.runtime.spi.TransformCodec;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The codecs of every built-in step, in one list: the closed registry the bundle reader uses,
 * without scanning the class path (the service loader finds only users' own codecs).
 *
 * <pre>{@code
 * Map<String, TransformCodec> byTag = BuiltInSteps.codecs().stream()
 *     .collect(Collectors.toMap(TransformCodec::tag, c -> c));
 * }</pre>
 */
public final class BuiltInSteps {
  private static final List<TransformCodec> CODECS = List.of(
        new OneHotCodec(),
        new ImputeCodec(),
        new StandardizeCodec(),
        new MeanEncodingCodec(),
        new BagOfWordsCodec(),
        new HashingCodec(),
        new GroupRareCodec(),
        new WeightOfEvidenceCodec(),
        new FrequencyEncodingCodec(),
        new SineCosineCodec(),
        new CalendarCodec(),
        new MinMaxCodec(),
        new RobustScaleCodec(),
        new Log1pCodec(),
        new ClipCodec(),
        new QuantileBinsCodec(),
        new LsaCodec(),
        new LdaCodec(),
        new EmbeddingCodec(),
        new AggregateCodec(),
        new WindowCodec(),
        new ViewCodec());

  private BuiltInSteps() {}

  /** One codec per built-in tag; immutable, and the same instances on every call. */
  public static List<TransformCodec> codecs() {
    return CODECS;
  }
}
