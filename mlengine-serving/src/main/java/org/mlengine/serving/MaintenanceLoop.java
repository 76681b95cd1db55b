package org.mlengine.serving;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/**
 * Keeps a served model fresh: a trigger (a drift alert, a feedback metric below its threshold,
 * a schedule) refits the model, registers the result as a candidate, runs it in the shadow of
 * the champion, and promotes it only when it is significantly better on the same labelled
 * requests; otherwise it is refused and leaves the shadow. Every step lands in the registry's
 * history and reaches the listeners.
 *
 * <pre>{@code
 * Deployment live = Deployment.shadow(registry.open("credit", "production"), registry.open("credit", "production"));
 * MaintenanceLoop loop = MaintenanceLoop.builder("credit-loop")
 *     .registry(registry, "credit")                       // aliases "production" and "candidate"
 *     .deployment(live)
 *     .retrainer(reason -> pipeline.fit(dataSource.latest()).bundle())
 *     .verdict(candidate -> feedback.compare("champion", "shadow", candidate.bundleId()))
 *     .minRequests(500).budget(20_000, Duration.ofDays(3)).checkEvery(Duration.ofHours(1))
 *     .schedule(Duration.ofDays(7))
 *     .listener(e -> log.info("{}", e))
 *     .build();
 * Monitor monitor = Monitor.builder(bundle.profile()).onAlert(a -> loop.trigger("drift: " + a)).build();
 * }</pre>
 *
 * <p><b>The steps</b>, each in the registry (by the loop's name) and told to the listeners:
 * <ol>
 *   <li>{@link #trigger(String)} starts a retraining on the loop's own thread; a trigger while a
 *       retraining or a shadow trial is under way is coalesced (counted, {@link
 *       MaintenanceEvent.Step#COALESCED}), since the running one already answers it.
 *   <li>The {@link Retrainer}'s bundle is registered as the model's next version, its
 *       registration's reason and {@code trigger} tag naming the trigger.
 *   <li>The candidate alias is promoted to it ("shadowing against v1 (production): drift: ...")
 *       and it takes the shadow's place in the deployment.
 *   <li>Every {@code checkEvery} the verdict (the candidate against the champion on the same
 *       labelled requests) is asked for. With at least {@code minRequests} labelled requests
 *       and the challenger significantly better at its share of {@code alpha} (below): the
 *       champion alias is promoted
 *       to it with the comparison as the reason, it becomes the deployment's champion, and the
 *       candidate alias is removed ("promoted to production as v2"). Significantly worse, or
 *       the budget (requests, time or looks) spent without significance: the candidate alias is removed with the reason
 *       ("refused: ...") and the shadow goes back to a copy of the champion. The registry has
 *       no "refused" move: the removed candidate alias, with its reason, is the record.
 * </ol>
 *
 * <p>A failure (the retrainer throws, the registry is unreachable, the deployment refuses the
 * candidate) leaves the champion serving as it was; it is told to the listeners as {@link
 * MaintenanceEvent.Step#FAILED} with the cause, and the loop is ready for the next trigger (or,
 * when a promotion failed, checks again).
 *
 * <p><b>The guarantee.</b> A trial is checked many times, and each check is a test: tested at
 * {@code alpha} each, a candidate that is no better would be promoted far more often than
 * {@code alpha}. So the loop splits {@code alpha} over the trial's planned looks (Bonferroni):
 * the planned looks are the time budget over {@code checkEvery} (168 for the defaults, 7 days
 * checked hourly), each check with at least {@code minRequests} labelled requests is one look
 * and tests at {@code alpha / looks}, and a trial whose looks are spent is refused. By the
 * union bound, a candidate no better than the champion is promoted with probability at most
 * {@code alpha}, however the looks fall (extra {@link #checkNow()} calls spend looks too). The
 * price is power: fewer, later checks (a longer {@code checkEvery}) test at a larger share of
 * {@code alpha}. The verdict must count only the candidate's answers (the {@code bundleId}
 * form of {@code Feedback.compare}), or earlier candidates' answers enter the test.
 *
 * <p>The deployment may also follow the champion alias
 * ({@link Deployment#follow}); the loop's own swap makes the follower's a no-op.
 */
public final class MaintenanceLoop implements AutoCloseable {
  /**
   * Refits the model when the loop is triggered: returns the new bundle, e.g. the pipeline's
   * spec fitted on the previous training data plus the labelled feedback, as the application's
   * data source supplies them. It runs on the loop's thread; what it throws is a failed step.
   *
   * <pre>{@code
   * MaintenanceLoop.Retrainer retrainer = reason -> spec.fit(Table.readCsv(Path.of("latest.csv"))).bundle();
   * }</pre>
   */
  @FunctionalInterface
  public interface Retrainer {
    /** The refitted bundle; {@code reason} is the trigger's, e.g. {@code drift: Income}. */
    ModelBundle retrain(String reason) throws Exception;
  }

  /**
   * Where the loop is: waiting for a trigger, retraining, or running a candidate in the shadow.
   *
   * <pre>{@code
   * if (loop.state() == MaintenanceLoop.State.SHADOWING) System.out.println(loop.candidate().orElseThrow());
   * }</pre>
   */
  public enum State {
    /** Waiting for a trigger. */
    IDLE,
    /** Refitting and registering. */
    RETRAINING,
    /** A candidate is in the shadow, checked every interval until promoted or refused. */
    SHADOWING
  }

  /** A candidate in the shadow since {@code started}. */
  /**
   * A candidate in the shadow since {@code started}; {@code looks} counts the checks so far
   * that tested a verdict on at least minRequests labelled requests.
   */
  private record Trial(ModelVersion candidate, Instant started, int looks) {}

  private final String name;
  private final ModelRegistry registry;
  private final String model;
  private final String championAlias;
  private final String candidateAlias;
  private final Deployment deployment;
  private final Retrainer retrainer;
  private final Function<ModelVersion, Comparison> verdict;
  private final TrialRule rule;
  private final Duration schedule;
  private final Clock clock;
  private final List<Consumer<MaintenanceEvent>> listeners;
  private final ScheduledExecutorService thread;
  /** The loop's one thread, so that close() from a listener does not wait for itself. */
  private volatile Thread loopThread;
  /** The thread running the retrainer now, if any: the only step close() interrupts. */
  private Thread retraining;
  private final AtomicLong coalesced = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();
  private State state = State.IDLE;
  private Trial trial;
  private boolean closed;
  /** When the schedule triggers next; read and written on the loop's thread only. */
  private Instant nextScheduled;

  private MaintenanceLoop(Builder b) {
    this.name = b.name;
    this.registry = b.registry;
    this.model = b.model;
    this.championAlias = b.championAlias;
    this.candidateAlias = b.candidateAlias;
    this.deployment = b.deployment;
    this.retrainer = b.retrainer;
    this.verdict = b.verdict;
    this.rule = new TrialRule(b.alpha, b.minRequests, b.maxRequests, b.maxTime, TrialRule.looks(b.maxTime, b.checkEvery));
    this.schedule = b.schedule;
    this.clock = b.clock;
    this.listeners = List.copyOf(b.listeners);
    this.nextScheduled = schedule == null ? null : clock.instant().plus(schedule);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mlengine-maintenance-" + name);
      t.setDaemon(true);
      loopThread = t;
      return t;
    });
    long every = Math.max(1, b.checkEvery.toMillis());
    thread.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  /** A builder for a loop named {@code name}: the {@code by} of every registry move it makes. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  // ---- triggers ----

  /**
   * Starts a retraining for {@code reason} (e.g. {@code "drift: Income"}) on the loop's thread
   * and returns at once; when one is under way already (retraining or shadowing), the trigger
   * is coalesced into it and counted.
   *
   * @return whether a retraining started (false: coalesced)
   * @throws IllegalArgumentException when the reason is null or blank
   * @throws IllegalStateException when the loop is closed
   */
  public boolean trigger(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("the trigger's reason is " + (reason == null ? "null" : "blank") + "; expected why the"
          + " model should be retrained, e.g. \"drift: Income\" or \"accuracy 0.71 below 0.75\". It is kept with the version.");
    }
    synchronized (this) {
      checkOpen();
      if (state != State.IDLE) {
        long n = coalesced.incrementAndGet();
        OptionalInt version = trial == null ? OptionalInt.empty() : OptionalInt.of(trial.candidate().number());
        String now = state == State.RETRAINING ? "a retraining" : "the shadow trial of v" + version.getAsInt();
        onThread(() -> tell(MaintenanceEvent.Step.COALESCED, version, "'" + reason + "' joins " + now + " under way ("
            + n + " coalesced so far)", null));
        return false;
      }
      state = State.RETRAINING;
      onThread(() -> retrain(reason));
      return true;
    }
  }

  /**
   * Runs one check now on the loop's thread, after whatever it is doing (a retraining started
   * by {@link #trigger} finishes first), and returns the state after it: the shadow trial's
   * verdict is asked for and acted on, and a schedule that is due triggers.
   *
   * @throws IllegalStateException when the loop is closed
   * @throws InterruptedException when interrupted while waiting for the loop's thread
   */
  public State checkNow() throws InterruptedException {
    Future<?> done;
    synchronized (this) {
      checkOpen();
      try {
        done = thread.submit(this::tick);
      } catch (RejectedExecutionException e) {
        throw closedLoop();
      }
    }
    try {
      done.get();
    } catch (CancellationException e) {
      throw closedLoop();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the check of loop '" + name + "' failed: " + e.getCause(), e.getCause());
    }
    synchronized (this) {
      checkOpen();   // closed while waiting: the check was skipped
      return state;
    }
  }

  // ---- the steps, on the loop's thread ----

  private void tick() {
    try {
      Trial t;
      State s;
      synchronized (this) {
        if (closed) {
          return;
        }
        t = trial;
        s = state;
      }
      if (s == State.SHADOWING) {
        check(t);
      } else if (s == State.IDLE && nextScheduled != null && !clock.instant().isBefore(nextScheduled)) {
        nextScheduled = clock.instant().plus(schedule);
        trigger("schedule: every " + schedule);
      }
    } catch (Throwable e) {   // an Error too: one escaping a periodic task would cancel every later check
      tell(MaintenanceEvent.Step.FAILED, OptionalInt.empty(), "a check of loop '" + name + "' failed; it checks again in"
          + " the next interval", e);
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
    }
  }

  /** Retrains, registers and shadows; whatever happens (an Error too) the loop leaves RETRAINING. */
  private void retrain(String reason) {
    try {
      retrainAndShadow(reason);
    } finally {
      synchronized (this) {
        if (state == State.RETRAINING) {
          state = State.IDLE;
          trial = null;
        }
      }
    }
  }

  private void retrainAndShadow(String reason) {
    if (isClosed()) {
      return;
    }
    tell(MaintenanceEvent.Step.TRIGGERED, OptionalInt.empty(), reason, null);
    ModelBundle bundle;
    try {
      synchronized (this) {
        retraining = Thread.currentThread();
      }
      bundle = retrainer.retrain(reason);
      if (bundle == null) {
        throw new IllegalStateException("the retrainer returned null; expected the refitted ModelBundle");
      }
    } catch (Throwable e) {   // an Error too: the loop must not stay RETRAINING
      idle(OptionalInt.empty(), "retraining for '" + reason + "' failed; the champion keeps serving", e);
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      return;
    } finally {
      synchronized (this) {
        retraining = null;
        Thread.interrupted();   // close()'s interrupt was for the retrainer; the registry's steps must not see it
      }
    }
    if (isClosed()) {
      return;   // closed while retraining: nothing registered
    }
    ModelVersion candidate;
    try {
      candidate = registry.register(model, bundle, Registration.by(name, "retrained: " + reason)
          .withTag("trigger", reason.length() > RegistryNames.MAX_TAG_VALUE ? reason.substring(0, RegistryNames.MAX_TAG_VALUE)
              : reason));
    } catch (IOException | RuntimeException e) {
      idle(OptionalInt.empty(), "registering the bundle retrained for '" + reason + "' as a version of '" + model
          + "' failed; the champion keeps serving", e);
      return;
    }
    tell(MaintenanceEvent.Step.REGISTERED, OptionalInt.of(candidate.number()), candidate.reason(), null);
    if (!isClosed()) {
      shadow(candidate, reason);
    }
  }

  /** Marks the registered candidate with the candidate alias and puts it in the deployment's shadow. */
  private void shadow(ModelVersion candidate, String reason) {
    OptionalInt v = OptionalInt.of(candidate.number());
    Predictor shadow = null;
    try {
      shadow = registry.open(model, candidate.number());
      registry.promote(model, candidateAlias, candidate.number(), name, "shadowing against " + champion() + ": " + reason);
    } catch (IOException | RuntimeException e) {
      if (shadow != null) {
        shadow.close();
      }
      idle(v, "putting v" + candidate.number() + " in the shadow failed; it stays registered, the champion keeps serving", e);
      return;
    }
    try {
      deployment.swap("shadow", shadow);
    } catch (RuntimeException e) {
      shadow.close();
      String why = "the deployment refused v" + candidate.number() + " as its shadow: " + e.getMessage();
      if (e instanceof IllegalArgumentException) {
        refuse(candidate, why);   // another schema, task or classes: it can never be judged here
      } else {
        removeCandidateAlias(candidate, "not shadowed: " + why);
        idle(v, why, e);
      }
      return;
    }
    synchronized (this) {
      trial = new Trial(candidate, clock.instant(), 0);
      state = State.SHADOWING;
    }
    tell(MaintenanceEvent.Step.SHADOWING, v, "v" + candidate.number() + " shadows " + champion(), null);
  }

  private void check(Trial t) {
    Duration elapsed = Duration.between(t.started(), clock.instant());
    TrialRule.Decision d;
    Comparison c = null;
    try {
      c = Objects.requireNonNull(verdict.apply(t.candidate()), "the verdict function returned null; expected a Comparison");
      d = rule.decide(c, elapsed, t.looks());
      if (c.requests() >= rule.minRequests()) {
        synchronized (this) {
          trial = new Trial(t.candidate(), t.started(), t.looks() + 1);
        }
      }
    } catch (RuntimeException e) {
      d = rule.decideWithoutVerdict(elapsed, e.toString());
      if (d.outcome() == TrialRule.Outcome.CONTINUE) {
        tell(MaintenanceEvent.Step.FAILED, OptionalInt.of(t.candidate().number()), "the verdict on v" + t.candidate().number()
            + " failed; it stays in the shadow and is checked again in the next interval", e);
        return;
      }
    }
    if (isClosed()) {
      return;   // closed while the verdict was asked for: act on nothing
    }
    switch (d.outcome()) {
      case PROMOTE -> promote(t.candidate(), c);
      case REFUSE -> refuse(t.candidate(), d.reason());
      default -> tell(MaintenanceEvent.Step.CHECKED, OptionalInt.of(t.candidate().number()), d.reason(), null);
    }
  }

  private void promote(ModelVersion candidate, Comparison c) {
    OptionalInt v = OptionalInt.of(candidate.number());
    Predictor next;
    try {
      next = registry.open(model, candidate.number());
    } catch (IOException | RuntimeException e) {
      tell(MaintenanceEvent.Step.FAILED, v, "promoting v" + candidate.number() + " failed opening it; it stays in the shadow,"
          + " checked again in the next interval", e);
      return;
    }
    try {
      registry.promote(model, championAlias, candidate.number(), name, c.toString());
    } catch (IOException | RuntimeException e) {
      next.close();
      tell(MaintenanceEvent.Step.FAILED, v, "promoting v" + candidate.number() + " to '" + championAlias + "' failed; the"
          + " champion keeps serving and v" + candidate.number() + " stays in the shadow, checked again in the next interval", e);
      return;
    }
    try {
      deployment.swap("champion", next);
    } catch (RuntimeException e) {
      next.close();
      moveChampionAliasBack(candidate, e);
      return;   // still shadowing: the next check may promote it again
    }
    removeCandidateAlias(candidate, "promoted to " + championAlias + " as v" + candidate.number());
    synchronized (this) {
      trial = null;
      state = State.IDLE;
    }
    tell(MaintenanceEvent.Step.PROMOTED, v, c.toString(), null);
  }

  /** The deployment refused the promoted candidate: the champion alias goes back to the version still serving. */
  private void moveChampionAliasBack(ModelVersion candidate, RuntimeException refused) {
    String why = "the deployment refused v" + candidate.number() + " as its champion: " + refused.getMessage();
    try {
      registry.rollback(model, championAlias, name, why);
    } catch (IOException | RuntimeException e) {
      refused.addSuppressed(e);
      tell(MaintenanceEvent.Step.FAILED, OptionalInt.of(candidate.number()), "'" + championAlias + "' points at v"
          + candidate.number() + " but the deployment refused it as its champion, and moving '" + championAlias + "' back"
          + " failed too; the old champion keeps serving, v" + candidate.number() + " stays in the shadow, checked again in"
          + " the next interval. Roll '" + championAlias + "' back by hand if the loop is closed.", refused);
      return;
    }
    tell(MaintenanceEvent.Step.FAILED, OptionalInt.of(candidate.number()), why + "; '" + championAlias + "' moved back, the"
        + " champion keeps serving and v" + candidate.number() + " stays in the shadow, checked again in the next interval",
        refused);
  }

  private void refuse(ModelVersion candidate, String reason) {
    removeCandidateAlias(candidate, "refused: " + reason);
    try {
      deployment.swap("shadow", Predictor.of(deployment.bundle("champion")));
    } catch (RuntimeException e) {
      tell(MaintenanceEvent.Step.FAILED, OptionalInt.of(candidate.number()), "taking refused v" + candidate.number()
          + " out of the shadow failed; it keeps being scored there, never answering", e);
    }
    synchronized (this) {
      trial = null;
      state = State.IDLE;
    }
    tell(MaintenanceEvent.Step.REFUSED, OptionalInt.of(candidate.number()), reason, null);
  }

  private void removeCandidateAlias(ModelVersion candidate, String reason) {
    try {
      registry.removeAlias(model, candidateAlias, name, reason);
    } catch (IOException | RuntimeException e) {
      tell(MaintenanceEvent.Step.FAILED, OptionalInt.of(candidate.number()), "removing alias '" + candidateAlias + "' of v"
          + candidate.number() + " failed, so the registry's history lacks '" + reason + "'; remove it by hand", e);
    }
  }

  /** Back to waiting for a trigger after a failed step. */
  private void idle(OptionalInt version, String reason, Throwable cause) {
    synchronized (this) {
      trial = null;
      state = State.IDLE;
    }
    tell(MaintenanceEvent.Step.FAILED, version, reason, cause);
  }

  /** The champion alias's version, in words, for reasons. */
  private String champion() {
    try {
      return registry.version(model, championAlias).map(v -> "v" + v.number() + " (" + championAlias + ")")
          .orElse("the champion ('" + championAlias + "' is not set)");
    } catch (IOException | RuntimeException e) {
      return "the champion";
    }
  }

  private void tell(MaintenanceEvent.Step step, OptionalInt version, String reason, Throwable cause) {
    MaintenanceEvent e = new MaintenanceEvent(clock.instant(), name, step, version, reason, Optional.ofNullable(cause));
    for (Consumer<MaintenanceEvent> listener : listeners) {
      try {
        listener.accept(e);
      } catch (RuntimeException ignored) {
        listenerFailures.incrementAndGet();
      }
    }
  }

  private void onThread(Runnable step) {
    try {
      thread.execute(step);
    } catch (RejectedExecutionException e) {
      throw closedLoop();
    }
  }

  // ---- reading ----

  /** Where the loop is now. */
  public synchronized State state() {
    return state;
  }

  /** The candidate in the shadow now, if any. */
  public synchronized Optional<ModelVersion> candidate() {
    return Optional.ofNullable(trial).map(Trial::candidate);
  }

  /** How many triggers were coalesced into a retraining or a trial already under way. */
  public long coalesced() {
    return coalesced.get();
  }

  /** How many times a listener threw; what a listener throws never stops the loop. */
  public long listenerFailures() {
    return listenerFailures.get();
  }

  /**
   * Stops the loop: no step with side effects starts after it; a retraining under way is
   * interrupted (the retrainer alone: its result is dropped, nothing is registered); a step
   * already changing the registry or the deployment (a promotion, a refusal) is finished, and
   * close waits for it (up to ten seconds), so that the caller may then close the
   * deployment and the registry. A candidate in the shadow stays there (with the candidate
   * alias) and is no longer judged. The deployment and the registry stay open. Calling it again
   * does nothing.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      thread.shutdown();
      if (retraining != null) {
        retraining.interrupt();
      }
    }
    if (Thread.currentThread() == loopThread) {
      return;   // a listener closing the loop: its own step finishes when the listener returns
    }
    try {
      thread.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How long {@link #close()} waits for a step under way to finish. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private synchronized boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw closedLoop();
    }
  }

  private IllegalStateException closedLoop() {
    return new IllegalStateException("maintenance loop '" + name + "' is closed; build a new one with"
        + " MaintenanceLoop.builder(\"" + name + "\")...build() to keep the model fresh again");
  }

  @Override
  public synchronized String toString() {
    return "MaintenanceLoop[" + name + ", " + model + "@" + championAlias + ", " + state
        + (trial == null ? "" : " v" + trial.candidate().number()) + (closed ? ", closed" : "") + "]";
  }

  // ---- building ----

  /**
   * Configures a {@link MaintenanceLoop}: setters check their own argument, {@link #build()}
   * checks that the registry, the deployment, the retrainer and the verdict are given and
   * reports every missing one at once.
   *
   * <pre>{@code
   * MaintenanceLoop loop = MaintenanceLoop.builder("credit-loop").registry(registry, "credit").deployment(live)
   *     .retrainer(latestData, table -> spec.fit(table).bundle()).verdict(judge).build();
   * }</pre>
   */
  public static final class Builder {
    private final String name;
    private ModelRegistry registry;
    private String model;
    private String championAlias = "production";
    private String candidateAlias = "candidate";
    private Deployment deployment;
    private Retrainer retrainer;
    private Function<ModelVersion, Comparison> verdict;
    private double alpha = 0.05;
    private long minRequests = 100;
    private long maxRequests = 10_000;
    private Duration maxTime = Duration.ofDays(7);
    private Duration checkEvery = Duration.ofHours(1);
    private Duration schedule;
    private Clock clock = Clock.systemUTC();
    private final List<Consumer<MaintenanceEvent>> listeners = new ArrayList<>();

    private Builder(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("the loop's name is " + (name == null ? "null" : "blank") + "; expected a name such"
            + " as \"credit-loop\": it is the 'by' of every registry move the loop makes.");
      }
      this.name = name;
    }

    /** The registry that holds {@code model}'s versions and aliases (required). */
    public Builder registry(ModelRegistry registry, String model) {
      this.registry = Objects.requireNonNull(registry, "the registry is null; pass the ModelRegistry that holds the model");
      this.model = RegistryNames.model(model);
      return this;
    }

    /**
     * The alias of the model serving ({@code production} unless given) and the alias that marks
     * the candidate on trial ({@code candidate} unless given).
     */
    public Builder aliases(String champion, String candidate) {
      RegistryNames.alias(champion);
      RegistryNames.alias(candidate);
      if (champion.equals(candidate)) {
        throw new IllegalArgumentException("the champion's and the candidate's aliases are both '" + champion + "'; expected"
            + " two aliases, e.g. aliases(\"production\", \"candidate\").");
      }
      this.championAlias = champion;
      this.candidateAlias = candidate;
      return this;
    }

    /**
     * The deployment serving the model (required): a {@link Deployment#shadow} deployment whose
     * champion answers and whose shadow slot takes each candidate (a copy of the champion when
     * there is none, e.g. with a small share).
     */
    public Builder deployment(Deployment deployment) {
      Objects.requireNonNull(deployment, "the deployment is null; pass the shadow deployment serving the model");
      if (!deployment.names().equals(List.of("champion", "shadow"))) {
        throw new IllegalArgumentException("deployment " + deployment + " has the models " + deployment.names() + "; the loop"
            + " runs each candidate in a shadow deployment's 'shadow' slot. Serve with Deployment.shadow(champion,"
            + " Predictor.of(champion.bundle())) (or a share: Deployment.shadow(champion, copy, 0.1)).");
      }
      this.deployment = deployment;
      return this;
    }

    /** How a trigger refits the model (required, or {@link #retrainer(Supplier, Function)}). */
    public Builder retrainer(Retrainer retrainer) {
      this.retrainer = Objects.requireNonNull(retrainer, "the retrainer is null; pass reason -> the refitted ModelBundle");
      return this;
    }

    /** Refits with {@code fit} on the table {@code data} supplies at each trigger (the previous training data plus feedback). */
    public Builder retrainer(Supplier<Table> data, Function<Table, ModelBundle> fit) {
      Objects.requireNonNull(data, "the data source is null; pass a supplier of the table to refit on");
      Objects.requireNonNull(fit, "the fit is null; pass table -> spec.fit(table).bundle()");
      return retrainer(reason -> fit.apply(data.get()));
    }

    /**
     * The shadow trial's verdict (required): given the candidate, the comparison of the shadow
     * (the challenger) with the champion on the same labelled requests, counting only the
     * shadow's answers from the candidate's bundle ({@link Prediction#bundleId()}).
     */
    public Builder verdict(Function<ModelVersion, Comparison> verdict) {
      this.verdict = Objects.requireNonNull(verdict, "the verdict is null; pass candidate -> the Comparison of the shadow"
          + " with the champion, e.g. candidate -> feedback.compare(\"champion\", \"shadow\", candidate.bundleId())");
      return this;
    }

    /**
     * The chance of promoting a candidate that is no better (0.05 unless given), in (0, 1): it
     * is split over the trial's planned looks (Bonferroni), each check testing at {@code alpha}
     * divided by the time budget's number of check intervals.
     */
    public Builder alpha(double alpha) {
      if (!(alpha > 0 && alpha < 1)) {
        throw new IllegalArgumentException("alpha is " + alpha + "; expected a significance level strictly between 0 and 1,"
            + " e.g. 0.05 (the loop splits it over the trial's checks).");
      }
      this.alpha = alpha;
      return this;
    }

    /** The labelled requests a verdict needs before it can promote or refuse (100 unless given), at least 1. */
    public Builder minRequests(long minRequests) {
      if (minRequests < 1) {
        throw new IllegalArgumentException("minRequests is " + minRequests + "; expected at least 1 labelled request before a"
            + " verdict counts, e.g. 500.");
      }
      this.minRequests = minRequests;
      return this;
    }

    /**
     * The budget of a shadow trial: refused without significance after {@code maxRequests}
     * labelled requests or {@code maxTime} in the shadow, whichever comes first (10 000 and 7
     * days unless given).
     */
    public Builder budget(long maxRequests, Duration maxTime) {
      if (maxRequests < 1 || maxTime == null || maxTime.isNegative() || maxTime.isZero()) {
        throw new IllegalArgumentException("the budget is " + maxRequests + " labelled requests and " + maxTime + "; expected"
            + " at least 1 request and a positive time, e.g. budget(20_000, Duration.ofDays(3)).");
      }
      this.maxRequests = maxRequests;
      this.maxTime = maxTime;
      return this;
    }

    /**
     * How often the shadow trial is checked (and the schedule looked at); one hour unless given.
     * The time budget over this interval is the number of planned looks the significance level
     * is split over: checking more often makes each look stricter, not the loop laxer.
     */
    public Builder checkEvery(Duration every) {
      this.checkEvery = positive(every, "the check interval", "checkEvery(Duration.ofHours(1))");
      return this;
    }

    /** Triggers a retraining every {@code every} (reason {@code schedule: every P7D}), counted from the build. */
    public Builder schedule(Duration every) {
      this.schedule = positive(every, "the schedule", "schedule(Duration.ofDays(7))");
      return this;
    }

    /** The clock for the schedule, the budget's time and the events' times (the system's UTC clock unless given). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "the clock is null; pass Clock.systemUTC()");
      return this;
    }

    /** Tells {@code listener} every step, on the loop's thread; what it throws is counted and ignored. */
    public Builder listener(Consumer<MaintenanceEvent> listener) {
      listeners.add(Objects.requireNonNull(listener, "the listener is null; pass event -> log.info(\"{}\", event)"));
      return this;
    }

    /**
     * The loop, started: its thread checks every interval from now.
     *
     * @throws IllegalStateException naming every required part not given, or a budget smaller than minRequests
     */
    public MaintenanceLoop build() {
      List<String> problems = new ArrayList<>();
      if (registry == null) {
        problems.add("the registry (registry(registry, \"credit\"))");
      }
      if (deployment == null) {
        problems.add("the shadow deployment (deployment(Deployment.shadow(champion, copy)))");
      }
      if (retrainer == null) {
        problems.add("the retrainer (retrainer(reason -> spec.fit(data).bundle()))");
      }
      if (verdict == null) {
        problems.add("the verdict (verdict(candidate -> feedback.compare(\"champion\", \"shadow\", candidate.bundleId())))");
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException("maintenance loop '" + name + "' lacks " + String.join(", ", problems)
            + "; give each before build().");
      }
      if (maxRequests < minRequests) {
        throw new IllegalStateException("maintenance loop '" + name + "' has a budget of " + maxRequests + " labelled requests,"
            + " fewer than minRequests " + minRequests + "; expected a budget of at least minRequests. Raise the budget or"
            + " lower minRequests.");
      }
      return new MaintenanceLoop(this);
    }

    private static Duration positive(Duration d, String what, String example) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " is " + d + "; expected a positive duration, e.g. " + example + ".");
      }
      return d;
    }
  }
}
