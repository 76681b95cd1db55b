package org.mlengine.serving;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.runtime.Row;

/**
 * One request a {@link Deployment} served, as its {@link ServingObserver}s see it: the request id
 * and routing key, the inputs, the model that was chosen, its answer or the error it raised, how
 * long it took and when. A monitor, a prediction log or a canary watch reads these; the caller
 * never sees them.
 *
 * <pre>{@code
 * deployment.observe(served -> {
 *   if (served.failure().isPresent()) errors.increment();
 *   else latency.record(served.latencyNanos());
 * });
 * }</pre>
 *
 * <p>{@link #inputs()} is the caller's own map for a request given as a map, which the caller may
 * change once {@code predict} returns: an observer that keeps inputs past its call copies them.
 */
public final class Served {
  private final String requestId;
  private final String key;
  private final String model;
  private final boolean shadow;
  private final Object input;
  private final Prediction prediction;
  private final RuntimeException failure;
  private final long latencyNanos;
  private final long epochMillis;

  Served(String requestId, String key, String model, boolean shadow, Object input, Prediction prediction,
      RuntimeException failure, long latencyNanos, long epochMillis) {
    this.requestId = Objects.requireNonNull(requestId, "the request id is null; pass the caller's id or the one the deployment made");
    this.key = key;
    this.model = Objects.requireNonNull(model, "the model's name is null; pass the deployment's name for it, e.g. champion");
    this.shadow = shadow;
    this.input = input;
    this.prediction = prediction;
    this.failure = failure;
    this.latencyNanos = latencyNanos;
    this.epochMillis = epochMillis;
  }

  /** The request's id: the caller's, or the one the deployment made; a batch's row {@code i} has {@code batchId#i}. */
  public String requestId() {
    return requestId;
  }

  /** The routing key the caller gave (a customer or session id), if any. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** The deployment's name for the model the request went to: {@code champion}, {@code shadow}, {@code canary} or an arm's name. */
  public String model() {
    return model;
  }

  /** Whether this is the shadow's answer, scored on the side after the champion answered the caller. */
  public boolean shadow() {
    return shadow;
  }

  /** The request's values by column name (read-only; the caller's map for a map request, see the class comment; empty for a batch refused as a whole). */
  @SuppressWarnings("unchecked")
  public Map<String, ?> inputs() {
    if (input == null) {
      return Map.of();   // a batch that failed as a whole
    }
    if (input instanceof Row row) {
      return row.toMap();
    }
    if (input instanceof Request request) {
      return request.values();
    }
    return Collections.unmodifiableMap((Map<String, ?>) input);
  }

  /** The request as the deployment got it: a map, a {@link Request}, a {@link Row}, or null for a batch refused as a whole. */
  Object rawInput() {
    return input;
  }

  /** The answer the caller got (or, for the shadow, the shadow's answer); empty when the request failed. */
  public Optional<Prediction> prediction() {
    return Optional.ofNullable(prediction);
  }

  /** What the model threw for a request it refused (usually an {@code InvalidInputException}); empty when it answered. */
  public Optional<RuntimeException> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Wall time in nanoseconds from the deployment's choice of model to the moment the observers
   * are told: the model's answer (and its guard, if any) plus the deployment's bookkeeping after
   * it (its counts, and handing the request to a shadow or log, which copies the inputs), not the
   * observers themselves; so a little more than the caller waited for the answer. For a shadow's
   * answer, its own scoring and the recording of its comparison; a batch's rows share the batch's
   * time evenly.
   */
  public long latencyNanos() {
    return latencyNanos;
  }

  /** When the answer was made, in milliseconds since the epoch. */
  public long epochMillis() {
    return epochMillis;
  }

  @Override
  public String toString() {
    return "Served[" + requestId + ", " + model + (shadow ? " (shadow)" : "") + ", "
        + (failure == null ? prediction : "failed: " + failure.getMessage()) + ", " + latencyNanos + " ns]";
  }
}
