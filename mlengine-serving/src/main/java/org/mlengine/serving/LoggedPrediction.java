package org.mlengine.serving;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One served request as a {@link PredictionLog} wrote it (and {@link PredictionLog#read} reads it
 * back) and as {@link Feedback} keeps it: who asked what, which model answered what, how fast,
 * or why the request was refused. Inputs named for redaction hold {@value #REDACTED}, inputs
 * named for hashing hold {@code sha256:} and the hex digest of the salt and the value.
 *
 * <pre>{@code
 * try (Stream<LoggedPrediction> records = PredictionLog.read(dir, skipped -> log.warn(skipped))) {
 *   long slow = records.filter(r -> r.latencyNanos() > 5_000_000).count();
 * }
 * }</pre>
 *
 * @param requestId the request's id (a batch's row {@code i} has {@code batchId#i})
 * @param epochMillis when the answer was made, in milliseconds since the epoch
 * @param model the deployment's name for the model the request went to ({@code champion},
 *     {@code shadow}, {@code canary} or an arm's name)
 * @param shadow whether this is the shadow's answer, scored on the side
 * @param bundleId the id of the bundle that answered; empty when the request was refused
 * @param inputs the request's values by column: numbers as {@code Double}, anything else as
 *     text, {@code null} for a missing value
 * @param label the predicted class; empty for regression, abstentions and refusals
 * @param probabilities each class's probability in the bundle's class order; empty unless a
 *     classifier answered
 * @param value the predicted value for regression; {@code NaN} otherwise
 * @param answer who answered (the model, an arm, a fallback and why, or nobody and why); empty
 *     when the request was refused
 * @param latencyNanos the time from the choice of model to its answer, in nanoseconds; -1 when the
 *     request was not timed (a deployment observed only by monitors and logs times one in 128)
 * @param failure the message of the error that refused the request; empty when it was answered
 */
public record LoggedPrediction(String requestId, long epochMillis, String model, boolean shadow,
    Optional<String> bundleId, Map<String, Object> inputs, Optional<String> label, Map<String, Double> probabilities,
    double value, Optional<Answer> answer, long latencyNanos, Optional<String> failure) {

  /** What an input named for redaction holds instead of its value. */
  public static final String REDACTED = "[redacted]";

  /**
   * Checks the parts and copies the maps (keeping their order; inputs may hold nulls).
   *
   * @throws NullPointerException when a part is null, saying what to pass instead
   */
  public LoggedPrediction {
    Objects.requireNonNull(requestId, "the request id is null; pass the id the request was served under, e.g. \"r-7\"");
    Objects.requireNonNull(model, "the model is null; pass the deployment's name for it, e.g. \"champion\"");
    Objects.requireNonNull(bundleId, "bundleId is null; pass Optional.empty() for a refused request");
    Objects.requireNonNull(inputs, "the inputs are null; pass the request's values by column, or Map.of()");
    Objects.requireNonNull(label, "label is null; pass Optional.empty() when no class was predicted");
    Objects.requireNonNull(probabilities, "the probabilities are null; pass Map.of() unless a classifier answered");
    Objects.requireNonNull(answer, "answer is null; pass Optional.empty() for a refused request");
    Objects.requireNonNull(failure, "failure is null; pass Optional.empty() for an answered request");
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
  }

  /** Whether a model of the deployment made the answer itself (not a fallback, not an abstention, not a refusal). */
  public boolean modelAnswered() {
    return answer.isPresent() && (answer.get().kind() == Answer.Kind.MODEL || answer.get().kind() == Answer.Kind.ARM);
  }

  /** A record of what an observer saw, with {@code inputs} already copied off the request's thread. */
  static LoggedPrediction of(Served served, Map<String, Object> inputs) {
    Optional<Prediction> p = served.prediction();
    return new LoggedPrediction(served.requestId(), served.epochMillis(), served.model(), served.shadow(),
        p.map(Prediction::bundleId), inputs, p.flatMap(Prediction::label),
        p.map(Prediction::probabilities).orElse(Map.of()), p.map(Prediction::value).orElse(Double.NaN),
        p.map(Prediction::answer), served.latencyNanos(), served.failure().map(LoggedPrediction::message));
  }

  /** An error's message, or its class's name when it has none. */
  static String message(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
  }
}
