package org.mlengine.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.mlengine.runtime.internal.Immutables;
import org.mlengine.runtime.internal.steps.BuiltInSteps;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * The transform codecs by tag: the built-in steps' closed registry, then users' own codecs
 * from the service loader. A user codec may not claim a built-in tag.
 *
 * <pre>{@code
 * TransformCodec codec = StepCodecs.forTag("standardize").orElseThrow();
 * }</pre>
 */
final class StepCodecs {
  private static final Map<String, TransformCodec> BY_TAG = load();

  private StepCodecs() {}

  private static Map<String, TransformCodec> load() {
    Map<String, TransformCodec> out = new LinkedHashMap<>();
    // The built-in steps are a closed registry; the service loader finds only users' own.
    for (TransformCodec codec : BuiltInSteps.codecs()) {
      out.put(codec.tag(), codec);
    }
    for (TransformCodec codec : ServiceLoader.load(TransformCodec.class, ModelBundle.class.getClassLoader())) {
      TransformCodec previous = out.putIfAbsent(codec.tag(), codec);
      if (previous != null && previous.getClass() != codec.getClass()) {
        throw new IllegalStateException("two codecs claim tag '" + codec.tag() + "': " + previous.getClass().getName()
            + " and " + codec.getClass().getName() + "; each tag needs exactly one codec");
      }
    }
    return Immutables.map(out);
  }

  static Optional<TransformCodec> forTag(String tag) {
    return Optional.ofNullable(BY_TAG.get(tag));
  }

  static java.util.Set<String> tags() {
    return BY_TAG.keySet();
  }
}
