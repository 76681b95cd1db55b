package org.mlengine.serving;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Watches a {@link Deployment#canary canary deployment}'s live traffic and rolls the canary
 * back by itself when it crosses a limit: every interval it compares what the canary and the
 * stable model (the champion) served since the last check (the canary's error rate, its
 * latency's 99th percentile, alone or against the champion's, and optionally a feedback
 * comparison on labelled requests), as an Argo Rollouts AnalysisRun measures a rollout. After
 * {@code consecutiveFailures} failed checks in a row it takes the canary out (its slot then
 * serves a copy of the stable model: every request gets the stable model), moves the registry
 * alias back with {@link ModelRegistry#rollback} (by the watch's name, the metric and its values
 * as the reason) and stops watching.
 *
 * <pre>{@code
 * registry.promote("credit", "production", v2, "ana", "canary of v2 at 5%");
 * Deployment live = Deployment.canary(registry.open("credit", v1), registry.open("credit", v2), 0.05);
 * CanaryWatch watch = CanaryWatch.builder("credit-canary", live)
 *     .rollback(registry, "credit", "production")
 *     .maxErrorRate(0.01).maxLatencyP99(Duration.ofMillis(5)).minRequests(200)
 *     .consecutiveFailures(2).passAfter(30)
 *     .listener(e -> log.info("{}", e))
 *     .build();
 * }</pre>
 *
 * <p>A check is a <b>failure</b> when a limit is crossed (strictly above it, as Argo's limits
 * are), a <b>success</b> when every limit given was measured and none is crossed,
 * <b>inconclusive</b> when nothing is crossed but a limit could not be measured (it then counts
 * neither way): the canary served fewer than {@code minRequests} since the last check, or the
 * feedback comparison has fewer than {@code minRequests} labelled requests or no p-value. A
 * comparison paired on the same requests (as {@code Feedback.compare} makes for a shadow) has
 * none for a canary, whose two models answer different requests: give the feedback limit an
 * unpaired comparison of the two models' own labelled requests ({@link
 * Comparison#unpairedAccuracy}), or it stays inconclusive and cannot pass the canary. An <b>error</b> is a
 * feedback comparison that threw: {@code
 * consecutiveErrors} errors in a row roll back too (a canary that cannot be measured is not
 * trusted). After {@code passAfter} successful checks in a row (when given) the canary
 * <b>passes</b>: the watch stops and promoting the canary is the caller's next step. The
 * registry alias is moved back only when it points at the canary's bundle; otherwise it is left
 * where it is and the event says so.
 */
public final class CanaryWatch implements AutoCloseable {
  /**
   * Where the watch is.
   *
   * <pre>{@code
   * if (watch.state() == CanaryWatch.State.ROLLED_BACK) pager.page("canary rolled back");
   * }</pre>
   */
  public enum State {
    /** Checking the canary every interval. */
    WATCHING,
    /** A limit was crossed: the canary is out and the alias moved back. */
    ROLLED_BACK,
    /** The canary passed its checks. */
    PASSED,
    /** Closed before a verdict. */
    CLOSED
  }

  private final String name;
  private final Deployment deployment;
  private final ModelRegistry registry;
  private final String model;
  private final String alias;
  private final double maxErrorRate;
  private final Duration maxP99;
  private final double maxP99Ratio;
  private final Supplier<Comparison> feedback;
  private final double alpha;
  private final long minRequests;
  private final int consecutiveFailures;
  private final Clock clock;
  private final List<Consumer<MaintenanceEvent>> listeners;
  private final CanaryTraffic champion = new CanaryTraffic();
  private final CanaryTraffic canary = new CanaryTraffic();
  private final CanaryAnalysis analysis;
  private final ServingObserver observer = this::served;
  private final ScheduledExecutorService thread;
  /** The watch's one thread, so that close() from a listener does not wait for itself. */
  private volatile Thread watchThread;
  private volatile State state = State.WATCHING;
  private final List<String> crossedInARow = new ArrayList<>();

  private CanaryWatch(Builder b) {
    this.name = b.name;
    this.deployment = b.deployment;
    this.registry = b.registry;
    this.model = b.model;
    this.alias = b.alias;
    this.maxErrorRate = b.maxErrorRate;
    this.maxP99 = b.maxP99;
    this.maxP99Ratio = b.maxP99Ratio;
    this.feedback = b.feedback;
    this.alpha = b.alpha;
    this.minRequests = b.minRequests;
    this.consecutiveFailures = b.consecutiveFailures;
    this.clock = b.clock;
    this.listeners = List.copyOf(b.listeners);
    this.analysis = new CanaryAnalysis(b.consecutiveFailures, b.consecutiveErrors, b.passAfter);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mlengine-canary-watch-" + name);
      t.setDaemon(true);
      watchThread = t;
      return t;
    });
    deployment.observe(observer);
    long every = Math.max(1, b.checkEvery.toMillis());
    thread.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  /** A builder for a watch named {@code name} (the {@code by} of its rollback) over {@code canaryDeployment}. */
  public static Builder builder(String name, Deployment canaryDeployment) {
    return new Builder(name, canaryDeployment);
  }

  /** On the request's thread: two counters and a histogram, nothing that waits. */
  private void served(Served s) {
    if (s.shadow()) {
      return;
    }
    CanaryTraffic side = "canary".equals(s.model()) ? canary : champion;
    side.record(s.failure().isPresent(), s.latencyNanos());
  }

  /**
   * Runs one check now on the watch's thread (after a scheduled one under way) over what was
   * served since the last check, acts on it, and returns the state after it.
   *
   * @throws IllegalStateException when the watch is closed
   * @throws InterruptedException when interrupted while waiting for the watch's thread
   */
  public State checkNow() throws InterruptedException {
    Future<?> done;
    try {
      done = thread.submit(this::check);
    } catch (RejectedExecutionException e) {
      if (state == State.CLOSED) {
        throw new IllegalStateException("canary watch '" + name + "' is closed; build a new one with"
            + " CanaryWatch.builder(\"" + name + "\", deployment)...build() to watch again");
      }
      return state;   // it rolled back or passed, and stopped
    }
    try {
      done.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the check of canary watch '" + name + "' failed: " + e.getCause(), e.getCause());
    }
    return state;
  }

  // ---- on the watch's thread ----

  private void check() {
    if (state != State.WATCHING) {
      return;
    }
    if (deployment.isClosed()) {
      stop(State.CLOSED);
      return;
    }
    CanaryTraffic.Window c = canary.take();
    CanaryTraffic.Window s = champion.take();
    List<String> crossed = new ArrayList<>();
    List<String> fine = new ArrayList<>();
    List<String> unmeasured = new ArrayList<>();
    if (hasTrafficLimit()) {
      if (c.requests() >= minRequests) {
        judgeTraffic(c, s, crossed, fine);
      } else {
        unmeasured.add("the canary served " + c.requests() + " requests since the last check, fewer than " + minRequests);
      }
    }
    if (feedback != null) {
      try {
        Comparison f = Objects.requireNonNull(feedback.get(), "the feedback comparison is null; expected a Comparison");
        judgeFeedback(f, crossed, fine, unmeasured);
      } catch (RuntimeException e) {
        act(analysis.add(CanaryAnalysis.Measurement.ERROR), "the feedback comparison failed (" + e + ") in "
            + analysis.errorsInARow() + " checks in a row", e);
        return;
      }
    }
    if (!crossed.isEmpty()) {
      crossedInARow.add(String.join("; ", crossed));
      CanaryAnalysis.Verdict v = analysis.add(CanaryAnalysis.Measurement.FAILURE);
      tell(MaintenanceEvent.Step.LIMIT_CROSSED, OptionalInt.empty(), String.join("; ", crossed) + " (" + analysis.failuresInARow()
          + " of " + consecutiveFailures + " checks in a row)", null);
      act(v, String.join("; ", crossed) + (consecutiveFailures == 1 ? "" : " (last of " + consecutiveFailures
          + " failed checks in a row; before: " + String.join(" | ", crossedInARow.subList(0, crossedInARow.size() - 1)) + ")"),
          null);
      return;
    }
    boolean measured = unmeasured.isEmpty();
    CanaryAnalysis.Verdict v = analysis.add(measured ? CanaryAnalysis.Measurement.SUCCESS : CanaryAnalysis.Measurement.INCONCLUSIVE);
    if (measured) {
      crossedInARow.clear();
    }
    String seen = measured ? String.join("; ", fine) : "inconclusive: " + String.join("; ", unmeasured)
        + (fine.isEmpty() ? "" : "; " + String.join("; ", fine));
    if (v == CanaryAnalysis.Verdict.PASS) {
      stop(State.PASSED);
      tell(MaintenanceEvent.Step.PASSED, OptionalInt.empty(), seen, null);
    } else {
      tell(MaintenanceEvent.Step.CHECKED, OptionalInt.empty(), seen, null);
    }
  }

  private boolean hasTrafficLimit() {
    return !Double.isNaN(maxErrorRate) || maxP99 != null || !Double.isNaN(maxP99Ratio);
  }

  /**
   * The feedback limit: crossed when the canary is significantly worse; unmeasured (neither
   * way) with fewer than minRequests labelled requests or no p-value, as a paired comparison of
   * a canary's models (which answer different requests) always has.
   */
  void judgeFeedback(Comparison f, List<String> crossed, List<String> fine, List<String> unmeasured) {
    if (f.requests() < minRequests || Double.isNaN(f.pValue())) {
      unmeasured.add("feedback " + f + " cannot be judged (" + (Double.isNaN(f.pValue()) ? "no p-value" : "fewer than "
          + minRequests + " labelled requests") + ")");
    } else if (f.challengerWorse(alpha)) {
      crossed.add("feedback " + f + " is significantly worse at alpha " + alpha);
    } else {
      fine.add("feedback " + f);
    }
  }

  /** The traffic limits over one window, each reading as "what, the values, the limit". */
  void judgeTraffic(CanaryTraffic.Window c, CanaryTraffic.Window s, List<String> crossed, List<String> fine) {
    if (!Double.isNaN(maxErrorRate)) {
      String text = String.format(Locale.ROOT, "error rate %.4f (%d of %d) on the canary vs %.4f (%d of %d) on the champion,"
          + " limit %.4f", c.errorRate(), c.failures(), c.requests(), s.errorRate(), s.failures(), s.requests(), maxErrorRate);
      (c.errorRate() > maxErrorRate ? crossed : fine).add(text);
    }
    if (maxP99 != null) {
      String text = String.format(Locale.ROOT, "latency p99 %s on the canary vs %s on the champion, limit %s",
          micros(c.p99Nanos()), micros(s.p99Nanos()), micros(maxP99.toNanos()));
      (c.p99Nanos() > maxP99.toNanos() ? crossed : fine).add(text);
    }
    if (!Double.isNaN(maxP99Ratio) && s.requests() > 0) {
      double ratio = s.p99Nanos() == 0 ? Double.POSITIVE_INFINITY : (double) c.p99Nanos() / s.p99Nanos();
      String text = String.format(Locale.ROOT, "latency p99 %s on the canary is %.2f times the champion's %s, limit %.2f",
          micros(c.p99Nanos()), ratio, micros(s.p99Nanos()), maxP99Ratio);
      (ratio > maxP99Ratio ? crossed : fine).add(text);
    }
  }

  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%.1f us", nanos / 1000.0);
  }

  private void act(CanaryAnalysis.Verdict v, String reason, Throwable cause) {
    if (v == CanaryAnalysis.Verdict.ROLL_BACK) {
      rollBack(reason, cause);
    } else if (cause != null) {
      tell(MaintenanceEvent.Step.FAILED, OptionalInt.empty(), reason + "; the canary keeps serving", cause);
    }
  }

  private void rollBack(String reason, Throwable cause) {
    synchronized (this) {
      if (state != State.WATCHING) {
        return;   // closed during the check: the caller owns the deployment now
      }
      state = State.ROLLED_BACK;
    }
    String canaryBundle = deployment.bundleId("canary");
    stop(State.ROLLED_BACK);
    try {
      deployment.swap("canary", Predictor.of(deployment.bundle("champion")));
    } catch (RuntimeException e) {
      tell(MaintenanceEvent.Step.FAILED, OptionalInt.empty(), "taking the canary out failed; it keeps serving its share: "
          + reason, e);
    }
    OptionalInt back = OptionalInt.empty();
    String registryNote = "";
    if (registry != null) {
      try {
        Optional<ModelVersion> now = registry.version(model, alias);
        if (now.isPresent() && now.get().bundleId().equals(canaryBundle)) {
          back = registry.rollback(model, alias, name, reason).to();
          registryNote = "; '" + alias + "' moved back from v" + now.get().number() + " to v" + back.getAsInt();
        } else {
          registryNote = "; '" + alias + "' of '" + model + "' points at " + now.map(v -> "v" + v.number()).orElse("nothing")
              + ", not at the canary's bundle, so it was left where it is";
        }
      } catch (IOException | RuntimeException e) {
        tell(MaintenanceEvent.Step.FAILED, OptionalInt.empty(), "the canary is out, but moving '" + alias + "' of '" + model
            + "' back failed; roll it back by hand: " + reason, e);
      }
    }
    tell(MaintenanceEvent.Step.ROLLED_BACK, back, reason + registryNote, cause);
  }

  private void stop(State end) {
    synchronized (this) {
      if (state == State.WATCHING) {
        state = end;   // a close() that came first keeps CLOSED
      }
    }
    deployment.unobserve(observer);
    thread.shutdown();
  }

  private void tell(MaintenanceEvent.Step step, OptionalInt version, String reason, Throwable cause) {
    MaintenanceEvent e = new MaintenanceEvent(clock.instant(), name, step, version, reason, Optional.ofNullable(cause));
    for (Consumer<MaintenanceEvent> listener : listeners) {
      try {
        listener.accept(e);
      } catch (RuntimeException ignored) {
        // a listener's failure must not stop a rollback
      }
    }
  }

  // ---- reading ----

  /** Where the watch is now. */
  public State state() {
    return state;
  }

  /**
   * Stops watching; the deployment serves on as it is (a rolled-back canary stays out). A
   * rollback under way is never interrupted: close waits for it (up to ten seconds), so that the
   * caller may then close the deployment and the registry. Calling it again does nothing.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (state == State.WATCHING) {
        state = State.CLOSED;
      }
    }
    deployment.unobserve(observer);
    thread.shutdown();
    if (Thread.currentThread() == watchThread) {
      return;   // a listener closing the watch: its own step finishes when the listener returns
    }
    try {
      thread.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How long {@link #close()} waits for a check or a rollback under way to finish. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  @Override
  public String toString() {
    return "CanaryWatch[" + name + ", " + state + (registry == null ? "" : ", " + model + "@" + alias) + "]";
  }

  // ---- building ----

  /**
   * Configures a {@link CanaryWatch}: setters check their own argument, {@link #build()} checks
   * that at least one limit is given.
   *
   * <pre>{@code
   * CanaryWatch watch = CanaryWatch.builder("credit-canary", live).maxErrorRate(0.01).build();
   * }</pre>
   */
  public static final class Builder {
    private final String name;
    private final Deployment deployment;
    private ModelRegistry registry;
    private String model;
    private String alias;
    private double maxErrorRate = Double.NaN;
    private Duration maxP99;
    private double maxP99Ratio = Double.NaN;
    private Supplier<Comparison> feedback;
    private double alpha;
    private long minRequests = 50;
    private int consecutiveFailures = 1;
    private int consecutiveErrors = 5;
    private int passAfter;
    private Duration checkEvery = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();
    private final List<Consumer<MaintenanceEvent>> listeners = new ArrayList<>();

    private Builder(String name, Deployment deployment) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("the watch's name is " + (name == null ? "null" : "blank") + "; expected a name"
            + " such as \"credit-canary\": it is the 'by' of the rollback it makes.");
      }
      Objects.requireNonNull(deployment, "the deployment is null; pass the canary deployment to watch");
      if (!deployment.names().equals(List.of("champion", "canary"))) {
        throw new IllegalArgumentException("deployment " + deployment + " has the models " + deployment.names() + "; a canary"
            + " watch needs a canary deployment's 'champion' and 'canary'. Serve with Deployment.canary(stable, candidate,"
            + " share).");
      }
      this.name = name;
      this.deployment = deployment;
    }

    /**
     * The registry alias to move back on a rollback (e.g. {@code production}, promoted to the
     * canary's version when the canary started); without it only the deployment is rolled back.
     */
    public Builder rollback(ModelRegistry registry, String model, String alias) {
      this.registry = Objects.requireNonNull(registry, "the registry is null; pass the ModelRegistry that holds the alias");
      this.model = RegistryNames.model(model);
      this.alias = RegistryNames.alias(alias);
      return this;
    }

    /** A check fails when the canary's share of refused requests since the last check is above {@code max}, in [0, 1). */
    public Builder maxErrorRate(double max) {
      if (!(max >= 0 && max < 1)) {
        throw new IllegalArgumentException("maxErrorRate is " + max + "; expected a share of refused requests in [0, 1),"
            + " e.g. 0.01 (Flagger's default success rate of 99%).");
      }
      this.maxErrorRate = max;
      return this;
    }

    /** A check fails when the canary's latency's 99th percentile since the last check is above {@code max}. */
    public Builder maxLatencyP99(Duration max) {
      if (max == null || max.isNegative() || max.isZero()) {
        throw new IllegalArgumentException("maxLatencyP99 is " + max + "; expected a positive duration, e.g."
            + " Duration.ofMillis(5).");
      }
      this.maxP99 = max;
      return this;
    }

    /** A check fails when the canary's latency p99 is above {@code ratio} times the champion's over the same window, at least 1. */
    public Builder maxLatencyP99Ratio(double ratio) {
      if (!(ratio >= 1 && ratio < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("maxLatencyP99Ratio is " + ratio + "; expected a finite ratio of at least 1, e.g."
            + " 1.5 (the canary's p99 at most 1.5 times the champion's).");
      }
      this.maxP99Ratio = ratio;
      return this;
    }

    /**
     * A check fails when {@code comparison} (the canary as challenger against the champion on
     * labelled requests) says the canary is significantly worse at {@code alpha}; when it
     * throws, the check is an error; with fewer than {@code minRequests} labelled requests or a
     * NaN p-value, the feedback is inconclusive and the check cannot succeed. The two models of
     * a canary answer different requests, so the comparison must be unpaired ({@link
     * Comparison#unpairedAccuracy}, each model's accuracy on its own labelled requests): a
     * paired one has no p-value.
     */
    public Builder feedback(Supplier<Comparison> comparison, double alpha) {
      this.feedback = Objects.requireNonNull(comparison, "the feedback comparison is null; pass a supplier of the"
          + " unpaired Comparison of the canary with the champion on their labelled requests");
      if (!(alpha > 0 && alpha < 1)) {
        throw new IllegalArgumentException("alpha is " + alpha + "; expected a significance level strictly between 0 and 1,"
            + " e.g. 0.05.");
      }
      this.alpha = alpha;
      return this;
    }

    /**
     * The canary requests a check's window needs to judge the traffic limits, and the labelled
     * requests the feedback comparison needs (50 unless given), at least 1.
     */
    public Builder minRequests(long minRequests) {
      if (minRequests < 1) {
        throw new IllegalArgumentException("minRequests is " + minRequests + "; expected at least 1 canary request per"
            + " check, e.g. 200.");
      }
      this.minRequests = minRequests;
      return this;
    }

    /** How many failed checks in a row roll the canary back (1 unless given: the first, as Argo's default). */
    public Builder consecutiveFailures(int k) {
      this.consecutiveFailures = atLeastOne(k, "consecutiveFailures", "consecutiveFailures(2)");
      return this;
    }

    /** How many checks in a row whose feedback comparison threw roll the canary back (5 unless given, as Argo's default). */
    public Builder consecutiveErrors(int k) {
      this.consecutiveErrors = atLeastOne(k, "consecutiveErrors", "consecutiveErrors(5)");
      return this;
    }

    /** After {@code n} successful checks in a row the canary passes and the watch stops (without it, it watches until closed). */
    public Builder passAfter(int n) {
      this.passAfter = atLeastOne(n, "passAfter", "passAfter(30)");
      return this;
    }

    /** How often the watch checks (one minute unless given): each check's window is what was served since the last. */
    public Builder checkEvery(Duration every) {
      if (every == null || every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("the check interval is " + every + "; expected a positive duration, e.g."
            + " checkEvery(Duration.ofMinutes(1)).");
      }
      this.checkEvery = every;
      return this;
    }

    /** The clock for the events' times (the system's UTC clock unless given). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "the clock is null; pass Clock.systemUTC()");
      return this;
    }

    /** Tells {@code listener} every check, limit crossed, rollback and pass, on the watch's thread. */
    public Builder listener(Consumer<MaintenanceEvent> listener) {
      listeners.add(Objects.requireNonNull(listener, "the listener is null; pass event -> log.info(\"{}\", event)"));
      return this;
    }

    /**
     * The watch, started: it observes the deployment from now and checks every interval.
     *
     * @throws IllegalStateException when no limit is given
     */
    public CanaryWatch build() {
      if (Double.isNaN(maxErrorRate) && maxP99 == null && Double.isNaN(maxP99Ratio) && feedback == null) {
        throw new IllegalStateException("canary watch '" + name + "' has no limit, so it could never roll back; give at least"
            + " one of maxErrorRate, maxLatencyP99, maxLatencyP99Ratio or feedback before build().");
      }
      return new CanaryWatch(this);
    }

    private static int atLeastOne(int k, String what, String example) {
      if (k < 1) {
        throw new IllegalArgumentException(what + " is " + k + "; expected at least 1, e.g. " + example + ".");
      }
      return k;
    }
  }
}
