package org.mlengine.serving;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One prediction: the label and class probabilities (classification) or the value
 * (regression), and the id of the bundle that made it.
 *
 * <pre>{@code
 * Prediction p = predictor.predict(applicant);
 * if (p.label().equals("bad") && p.probability("bad") > 0.8) { ... }
 * log.info("scored by bundle {}", p.bundleId());
 * }</pre>
 *
 * @param label the most probable class; empty for regression
 * @param probabilities each class's probability, in the bundle's class order; empty for regression
 * @param value the predicted value for regression; {@code NaN} for classification
 * @param bundleId the id of the bundle that made this prediction
 */
public record Prediction(Optional<String> label, Map<String, Double> probabilities, double value, String bundleId) {

  /** Copies the probabilities into an immutable map. */
  public Prediction {
    Objects.requireNonNull(label, "label");
    probabilities = ImmutableMap.copyOf(probabilities);
    Objects.requireNonNull(bundleId, "bundleId");
  }

  /**
   * The probability of one class.
   *
   * @throws IllegalArgumentException when the model does not know that class, or predicts values
   */
  public double probability(String label) {
    Double p = probabilities.get(label);
    if (p == null) {
      throw new IllegalArgumentException(probabilities.isEmpty()
          ? "this is a regression prediction; it has a value(), not class probabilities"
          : "no class '" + label + "'; the model's classes are " + probabilities.keySet());
    }
    return p;
  }
}
