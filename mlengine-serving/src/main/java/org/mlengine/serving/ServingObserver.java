package org.mlengine.serving;

/**
 * Sees every request a {@link Deployment} serves, on the request's own thread, after its answer
 * is made: the hook for a monitor, a prediction log or a canary watch. An observer must be quick
 * (hand the {@link Served} to its own queue and return) and should not throw; what it throws is
 * counted ({@link Deployment#observerFailures()}) and never reaches the caller.
 *
 * <pre>{@code
 * LongAdder refused = new LongAdder();
 * deployment.observe(served -> served.failure().ifPresent(e -> refused.increment()));
 * }</pre>
 */
@FunctionalInterface
public interface ServingObserver {
  /** Called once for each request served, refused, or scored by a shadow. */
  void served(Served served);
}
