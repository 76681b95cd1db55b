package org.mlengine.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A CART tree's options, in floats as Tribuo took them (the spec's numbers, part of bundle ids,
 * stay so); each {@code withX} returns a copy with only that option changed. The option
 * methods of {@link Trainers.Cart} check the values.
 *
 * @param seed absent: the pipeline's seed
 */
record CartOptions(int maxDepth, float minChildWeight, OptionalLong seed) {
  static final CartOptions DEFAULTS = new CartOptions(
      6,                      // maxDepth
      5f,                     // minChildWeight
      OptionalLong.empty());  // seed: the pipeline's

  CartOptions withMaxDepth(int maxDepth) {
    return new CartOptions(maxDepth, minChildWeight, seed);
  }

  CartOptions withMinChildWeight(float minChildWeight) {
    return new CartOptions(maxDepth, minChildWeight, seed);
  }

  CartOptions withSeed(long seed) {
    return new CartOptions(maxDepth, minChildWeight, OptionalLong.of(seed));
  }

  /** The seed to train with: this one's, or else the pipeline's. */
  long seedOr(long pipelineSeed) {
    return seed.orElse(pipelineSeed);
  }

  /** The spec's trainer options; the key order and number types are part of every bundle's id. */
  Map<String, Object> spec() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("maxDepth", maxDepth);
    out.put("minChildWeight", (double) minChildWeight);
    seed.ifPresent(s -> out.put("seed", s));
    return out;
  }
}
