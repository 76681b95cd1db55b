package org.mlengine.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A random forest's options, in floats as Tribuo took them (the spec's numbers, part of bundle
 * ids, stay so); each {@code withX} returns a copy with only that option changed. The option
 * methods of {@link Trainers.Forest} check the values.
 *
 * @param seed absent: the pipeline's seed
 */
record ForestOptions(int trees, int maxDepth, float minChildWeight, float featureFraction, OptionalLong seed) {
  static final ForestOptions DEFAULTS = new ForestOptions(
      100,                    // trees
      10,                     // maxDepth
      5f,                     // minChildWeight
      0.5f,                   // featureFraction
      OptionalLong.empty());  // seed: the pipeline's

  ForestOptions withTrees(int trees) {
    return new ForestOptions(trees, maxDepth, minChildWeight, featureFraction, seed);
  }

  ForestOptions withMaxDepth(int maxDepth) {
    return new ForestOptions(trees, maxDepth, minChildWeight, featureFraction, seed);
  }

  ForestOptions withMinChildWeight(float minChildWeight) {
    return new ForestOptions(trees, maxDepth, minChildWeight, featureFraction, seed);
  }

  ForestOptions withFeatureFraction(float featureFraction) {
    return new ForestOptions(trees, maxDepth, minChildWeight, featureFraction, seed);
  }

  ForestOptions withSeed(long seed) {
    return new ForestOptions(trees, maxDepth, minChildWeight, featureFraction, OptionalLong.of(seed));
  }

  /** The seed to train with: this one's, or else the pipeline's. */
  long seedOr(long pipelineSeed) {
    return seed.orElse(pipelineSeed);
  }

  /** The spec's trainer options; the key order and number types are part of every bundle's id. */
  Map<String, Object> spec() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("trees", trees);
    out.put("maxDepth", maxDepth);
    out.put("minChildWeight", (double) minChildWeight);
    out.put("featureFraction", (double) featureFraction);
    seed.ifPresent(s -> out.put("seed", s));
    return out;
  }
}
