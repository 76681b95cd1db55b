package org.mlengine.serving;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.runtime.internal.Immutables;

/**
 * One prediction: the label and class probabilities (classification) or the value
 * (regression), and the id of the bundle that made it. Immutable; two predictions are equal
 * when every part is.
 *
 * <pre>{@code
 * Prediction p = predictor.predict(applicant);
 * if (p.label().orElseThrow().equals("bad") && p.probability("bad") > 0.8) { ... }
 * log.info("scored by bundle {}", p.bundleId());
 * }</pre>
 */
public final class Prediction {
  private final List<String> classes;
  private final double[] probabilities;
  private final int best;
  private final double value;
  private final String bundleId;
  private final String requestId;
  /** A batch row's number: its request id is {@code requestId#row}, made when asked for; -1 for a single request. */
  private final int row;
  private final Answer answer;

  private Prediction(List<String> classes, double[] probabilities, int best, double value, String bundleId,
      String requestId, int row, Answer answer) {
    this.classes = classes;
    this.probabilities = probabilities;
    this.best = best;
    this.value = value;
    this.bundleId = Objects.requireNonNull(bundleId, "bundleId");
    this.requestId = requestId;
    this.row = row;
    this.answer = answer;
  }

  /** A classification prediction; {@code probabilities} is owned by the prediction from now on. */
  static Prediction classification(List<String> classes, double[] probabilities, String bundleId) {
    int best = 0;
    for (int c = 1; c < probabilities.length; c++) {
      if (probabilities[c] > probabilities[best]) {
        best = c;
      }
    }
    return new Prediction(classes, probabilities, best, Double.NaN, bundleId, null, -1, Answer.MODEL_ANSWER);
  }

  /** A regression prediction. */
  static Prediction regression(double value, String bundleId) {
    return new Prediction(List.of(), null, -1, value, bundleId, null, -1, Answer.MODEL_ANSWER);
  }

  /**
   * An abstention: no label, no probabilities and a NaN value; {@code bundleId} is the bundle
   * whose answer was refused.
   */
  static Prediction abstained(String bundleId, String requestId, Answer answer) {
    return new Prediction(List.of(), null, -1, Double.NaN, bundleId, Objects.requireNonNull(requestId, "requestId"),
        -1, Objects.requireNonNull(answer, "answer"));
  }

  /** This prediction with a deployment's request id and the answer that made it. */
  Prediction answered(String requestId, Answer answer) {
    return new Prediction(classes, probabilities, best, value, bundleId, Objects.requireNonNull(requestId, "requestId"),
        -1, Objects.requireNonNull(answer, "answer"));
  }

  /**
   * This prediction as row {@code row} of the batch {@code batchId}, answered by {@code answer}:
   * its request id {@code batchId#row} is only made if somebody asks for it (a batch of a
   * million rows would otherwise build a million strings nobody reads).
   */
  Prediction answered(String batchId, int row, Answer answer) {
    return new Prediction(classes, probabilities, best, value, bundleId, Objects.requireNonNull(batchId, "batchId"),
        row, Objects.requireNonNull(answer, "answer"));
  }

  /** The most probable class (the first on ties); empty for regression. */
  public Optional<String> label() {
    return best < 0 ? Optional.empty() : Optional.of(classes.get(best));
  }

  /** Each class's probability, in the bundle's class order; empty for regression. */
  public Map<String, Double> probabilities() {
    if (probabilities == null) {
      return Map.of();
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int c = 0; c < probabilities.length; c++) {
      Immutables.putNew(out, classes.get(c), probabilities[c]);
    }
    return Immutables.map(out);
  }

  /**
   * The probability of one class.
   *
   * @throws IllegalArgumentException when the model does not know that class, or predicts values
   */
  public double probability(String label) {
    if (probabilities == null) {
      throw new IllegalArgumentException("this is a regression prediction; it has a value(), not class probabilities");
    }
    int c = label == null ? -1 : classes.indexOf(label); // List.copyOf lists throw on indexOf(null)
    if (c < 0) {
      throw new IllegalArgumentException("no class '" + label + "'; the model's classes are " + classes);
    }
    return probabilities[c];
  }

  /** The probability of the class at {@code index} in the bundle's class order. */
  /** How many class probabilities the answer has (0 for a regression or an abstention): {@link #probabilityAt} reads them without a map. */
  int classCount() {
    return probabilities == null ? 0 : probabilities.length;
  }

  double probabilityAt(int index) {
    return probabilities[index];
  }

  /** The predicted value for regression; {@code NaN} for classification. */
  public double value() {
    return value;
  }

  /** The id of the bundle that made this prediction. */
  public String bundleId() {
    return bundleId;
  }

  /**
   * The request id a {@link Deployment} or a {@link GuardedPredictor} gave the request: the
   * caller's own, or one it made (a deployment's random prefix and a counter, a guarded
   * predictor's random UUID); empty for a bare {@link Predictor}'s prediction.
   */
  public Optional<String> requestId() {
    return Optional.ofNullable(id());
  }

  private String id() {
    return row < 0 ? requestId : requestId + "#" + row;
  }

  /** Who answered: the model, a bandit's arm, a fallback (and why), or nobody (and why). */
  public Answer answer() {
    return answer;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Prediction p
        && classes.equals(p.classes)
        && Arrays.equals(probabilities, p.probabilities)
        && Double.compare(value, p.value) == 0
        && bundleId.equals(p.bundleId)
        && Objects.equals(id(), p.id())
        && answer.equals(p.answer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(classes, Arrays.hashCode(probabilities), value, bundleId, id(), answer);
  }

  @Override
  public String toString() {
    String bundle = "bundle=" + bundleId.substring(0, Math.min(12, bundleId.length()));
    String answered = answer == Answer.MODEL_ANSWER ? "" : ", answer=" + answer.kind() + " " + answer.name()
        + answer.reason().map(r -> " (" + r + ")").orElse("");
    String request = requestId == null ? "" : ", request=" + id();
    String what = answer.kind() == Answer.Kind.ABSTAINED ? "abstained"
        : probabilities == null ? "value=" + value
        : "label=" + classes.get(best) + ", probabilities=" + probabilities();
    return "Prediction[" + what + ", " + bundle + answered + request + "]";
  }
}
