package org.mlengine.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * XGBoost's options; each {@code withX} returns a copy with only that option changed. The
 * option methods of {@link Trainers.XGBoost} check the values.
 *
 * @param seed absent: the pipeline's seed
 * @param earlyStoppingRounds absent: no early stopping
 */
record XGBoostOptions(int trees, double eta, int maxDepth, double minChildWeight, double subsample, double featureSubsample,
    double lambda, double alpha, OptionalLong seed, OptionalInt earlyStoppingRounds) {
  static final XGBoostOptions DEFAULTS = new XGBoostOptions(
      100,                    // trees
      0.3,                    // eta
      6,                      // maxDepth
      1,                      // minChildWeight
      1,                      // subsample
      1,                      // featureSubsample
      1,                      // lambda
      0,                      // alpha
      OptionalLong.empty(),   // seed: the pipeline's
      OptionalInt.empty());   // earlyStoppingRounds: none

  XGBoostOptions withTrees(int trees) {
    return new XGBoostOptions(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, earlyStoppingRounds);
  }

  XGBoostOptions withEta(double eta) {
    return new XGBoostOptions(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, earlyStoppingRounds);
  }

  XGBoostOptions withMaxDepth(int maxDepth) {
    return new XGBoostOptions(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, earlyStoppingRounds);
  }

  XGBoostOptions withMinChildWeight(double minChildWeight) {
    return new XGBoostOptions(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, earlyStoppingRounds);
  }

  XGBoostOptions withSubsample(double subsample) {
    return new XGBoostOptions(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, earlyStoppingRounds);
  }

  XGBoostOptions withFeatureSubsample(double featureSubsample) {
    return new XGBoostOptions(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, earlyStoppingRounds);
  }

  XGBoostOptions withLambda(double lambda) {
    return new XGBoostOptions(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, earlyStoppingRounds);
  }

  XGBoostOptions withAlpha(double alpha) {
    return new XGBoostOptions(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, earlyStoppingRounds);
  }

  XGBoostOptions withSeed(long seed) {
    return new XGBoostOptions(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, OptionalLong.of(seed),
        earlyStoppingRounds);
  }

  XGBoostOptions withEarlyStoppingRounds(int rounds) {
    return new XGBoostOptions(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed,
        OptionalInt.of(rounds));
  }

  /** The seed to train with: this one's, or else the pipeline's. */
  long seedOr(long pipelineSeed) {
    return seed.orElse(pipelineSeed);
  }

  /** The spec's trainer options; the key order and number types are part of every bundle's id. */
  Map<String, Object> spec() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("trees", trees);
    out.put("eta", eta);
    out.put("maxDepth", maxDepth);
    out.put("minChildWeight", minChildWeight);
    out.put("subsample", subsample);
    out.put("featureSubsample", featureSubsample);
    out.put("lambda", lambda);
    out.put("alpha", alpha);
    seed.ifPresent(s -> out.put("seed", s));
    earlyStoppingRounds.ifPresent(r -> out.put("earlyStoppingRounds", r));
    return out;
  }
}
