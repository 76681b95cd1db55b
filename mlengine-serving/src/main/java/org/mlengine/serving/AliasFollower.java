package org.mlengine.serving;

import java.io.IOException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps one model of a {@link Deployment} on the version a {@link ModelRegistry} alias points
 * at: every interval (and on {@link #checkNow()}) it reads the alias, and when the alias has
 * moved it opens the new version and {@linkplain Deployment#swap(String, Predictor) swaps} it in
 * live. A promotion or a rollback in the registry, from this process or another, reaches the
 * deployment within one interval. Made by {@link Deployment#follow}.
 *
 * <pre>{@code
 * try (Deployment live = Deployment.single(registry.open("credit", "production"));
 *     AliasFollower follower = live.follow("champion", registry, "credit", "production", Duration.ofSeconds(5))) {
 *   ...                                       // serve; a promote elsewhere swaps the model within 5 s
 *   follower.lastFailure().ifPresent(log::warn);
 * }
 * }</pre>
 *
 * <p>A failed check (the registry unreachable, the alias removed, a bundle that will not load)
 * leaves the model that serves now in place; it is counted, and the next interval tries again.
 * Closing the follower stops the checks; closing the deployment stops them at the next one.
 */
public final class AliasFollower implements AutoCloseable {
  private final Deployment deployment;
  private final String name;
  private final ModelRegistry registry;
  private final String model;
  private final String alias;
  private final ScheduledExecutorService timer;
  private final AtomicLong failures = new AtomicLong();
  private volatile ModelVersion current;
  private volatile String lastFailure;
  private boolean closed;
  /** A version the deployment refused (another schema, limits it cannot meet), not loaded again until the alias moves. */
  private ModelVersion refused;
  private RuntimeException refusal;

  private AliasFollower(Deployment deployment, String name, ModelRegistry registry, String model, String alias) {
    this.deployment = deployment;
    this.name = name;
    this.registry = registry;
    this.model = model;
    this.alias = alias;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mlengine-follow-" + model + "@" + alias);
      t.setDaemon(true);
      return t;
    });
  }

  /** Checks once now (swapping when the model differs from the alias's version), then every {@code every}. */
  static AliasFollower start(Deployment deployment, String name, ModelRegistry registry, String model, String alias,
      Duration every) throws IOException {
    Objects.requireNonNull(registry, "the registry is null; pass the ModelRegistry that holds the alias");
    if (every == null || every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("the interval is " + every + "; expected a positive duration between checks of"
          + " alias '" + alias + "', e.g. Duration.ofSeconds(5)");
    }
    AliasFollower follower = new AliasFollower(deployment, name, registry, model, alias);
    try {
      follower.checkNow();
    } catch (IOException | RuntimeException e) {
      follower.timer.shutdownNow();
      throw e;
    }
    long millis = Math.max(1, every.toMillis());
    follower.timer.scheduleWithFixedDelay(follower::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
    return follower;
  }

  /**
   * Reads the alias now and, when it points at a version whose bundle is not the one serving,
   * opens that version and swaps it in.
   *
   * @return the version swapped in, or empty when the model serving already is the alias's
   * @throws java.util.NoSuchElementException when the model or the alias does not exist
   * @throws IOException when the registry cannot be read
   * @throws IllegalStateException when the deployment or the registry is closed
   */
  public synchronized Optional<ModelVersion> checkNow() throws IOException {
    if (closed) {
      throw new IllegalStateException("this follower of alias '" + alias + "' of model '" + model + "' is closed; call"
          + " deployment.follow(...) again to follow it");
    }
    Optional<ModelVersion> found = registry.version(model, alias);
    if (found.isEmpty()) {
      throw noAlias();
    }
    ModelVersion target = found.get();
    if (target.bundleId().equals(deployment.bundleId(name))) {
      current = target;
      return Optional.empty();
    }
    if (target.equals(refused)) {
      throw refusal;
    }
    Predictor next = registry.open(model, target.number());
    try {
      deployment.swap(name, next);
    } catch (IllegalArgumentException e) {
      next.close();
      refused = target;
      refusal = e;
      throw e;
    } catch (RuntimeException e) {
      next.close();
      throw e;
    }
    current = target;
    return Optional.of(target);
  }

  private NoSuchElementException noAlias() throws IOException {
    if (registry.versions(model).isEmpty()) {
      return new NoSuchElementException("model '" + model + "' is not registered, so it has no alias '" + alias + "' to follow;"
          + " the registry holds " + registry.models() + ". Check the name, or register and promote a version first.");
    }
    return new NoSuchElementException("model '" + model + "' has no alias '" + alias + "' to follow; its aliases are "
        + registry.aliases(model).keySet() + ". Promote a version to it first with registry.promote(\"" + model + "\", \""
        + alias + "\", version, by, reason).");
  }

  private void checkQuietly() {
    if (deployment.isClosed() || isClosed()) {
      timer.shutdown();
      return;
    }
    try {
      checkNow();
    } catch (IOException | RuntimeException e) {
      lastFailure = "checking alias '" + alias + "' of model '" + model + "' failed; '" + name + "' keeps serving "
          + (current == null ? "its model" : "v" + current.number()) + ": " + e.getMessage();
      failures.incrementAndGet();   // after the reason, so a reader who sees the count sees its reason
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** The version serving now, as of the last successful check. */
  public ModelVersion current() {
    return current;
  }

  /** How many scheduled checks failed so far. */
  public long failures() {
    return failures.get();
  }

  /** Why the last failed scheduled check failed, naming the alias and what keeps serving; empty when none failed. */
  public Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /** Stops the checks, waiting for one in progress to finish; the model serving now stays. */
  @Override
  public synchronized void close() {
    closed = true;
    timer.shutdownNow();
  }

  @Override
  public String toString() {
    return "AliasFollower[" + model + "@" + alias + " -> " + name + (current == null ? "" : ", serving v" + current.number())
        + ", failures " + failures.get() + "]";
  }
}
