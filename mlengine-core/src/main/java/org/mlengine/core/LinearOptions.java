package org.mlengine.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A linear model's options; each {@code withX} returns a copy with only that option changed.
 * The option methods of {@link Trainers.Linear} check the values.
 *
 * @param seed absent: the pipeline's seed
 * @param earlyStoppingEpochs absent: no early stopping
 */
record LinearOptions(int epochs, double learningRate, double l1, double l2, int minibatchSize, OptionalLong seed,
    OptionalInt earlyStoppingEpochs) {
  static final LinearOptions DEFAULTS = new LinearOptions(
      10,                     // epochs
      1.0,                    // learningRate
      0,                      // l1
      0,                      // l2
      1,                      // minibatchSize
      OptionalLong.empty(),   // seed: the pipeline's
      OptionalInt.empty());   // earlyStoppingEpochs: none

  LinearOptions withEpochs(int epochs) {
    return new LinearOptions(epochs, learningRate, l1, l2, minibatchSize, seed, earlyStoppingEpochs);
  }

  LinearOptions withLearningRate(double learningRate) {
    return new LinearOptions(epochs, learningRate, l1, l2, minibatchSize, seed, earlyStoppingEpochs);
  }

  LinearOptions withL1(double l1) {
    return new LinearOptions(epochs, learningRate, l1, l2, minibatchSize, seed, earlyStoppingEpochs);
  }

  LinearOptions withL2(double l2) {
    return new LinearOptions(epochs, learningRate, l1, l2, minibatchSize, seed, earlyStoppingEpochs);
  }

  LinearOptions withMinibatchSize(int minibatchSize) {
    return new LinearOptions(epochs, learningRate, l1, l2, minibatchSize, seed, earlyStoppingEpochs);
  }

  LinearOptions withSeed(long seed) {
    return new LinearOptions(epochs, learningRate, l1, l2, minibatchSize, OptionalLong.of(seed), earlyStoppingEpochs);
  }

  LinearOptions withEarlyStoppingEpochs(int epochs) {
    return new LinearOptions(this.epochs, learningRate, l1, l2, minibatchSize, seed, OptionalInt.of(epochs));
  }

  /** The seed to train with: this one's, or else the pipeline's. */
  long seedOr(long pipelineSeed) {
    return seed.orElse(pipelineSeed);
  }

  /** The spec's trainer options; the key order and number types are part of every bundle's id. */
  Map<String, Object> spec() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("epochs", epochs);
    out.put("learningRate", learningRate);
    out.put("l1", l1);
    out.put("l2", l2);
    out.put("minibatchSize", minibatchSize);
    seed.ifPresent(s -> out.put("seed", s));
    earlyStoppingEpochs.ifPresent(e -> out.put("earlyStoppingEpochs", e));
    return out;
  }
}
