package org.mlengine.serving;

import static org.mlengine.serving.DeploymentModels.checkedModels;
import static org.mlengine.serving.DeploymentModels.requireCompatible;
import static org.mlengine.serving.DeploymentModels.requireDistinct;
import static org.mlengine.serving.DeploymentModels.shortId;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Row;
import org.mlengine.runtime.Table;

/**
 * One or more models serving requests in process, used like a {@link Predictor}: a single
 * model, a champion with a shadow scored on the side, a canary taking a sticky share of the
 * traffic, or a bandit choosing among arms from rewards. Every {@link Prediction} it returns
 * carries a request id (the caller's, or one the deployment makes) and says who answered it.
 * A model can be replaced while requests flow ({@link #swap(String, Predictor)}): requests in
 * flight finish on the old model, new ones get the new model, none fails, and the old model is
 * closed once its last request has left. Thread-safe; share one instance.
 *
 * <pre>{@code
 * try (Deployment d = Deployment.canary(Predictor.load(stable), Predictor.load(candidate), 0.05)) {
 *   Prediction p = d.predict(requestId, customerId, request);   // a customer always gets the same model
 *   log.info("{} answered {}", p.answer().name(), p.requestId().orElseThrow());
 *   d.swap("canary", Predictor.load(nextCandidate));             // live; nothing fails
 * }
 * }</pre>
 *
 * <p>The deployment owns its predictors: it closes each one when it is swapped out (once drained)
 * and all of them when the deployment is closed. Give it predictors nobody else closes, and a
 * new predictor for each slot and each swap. Every model must read the champion's input columns
 * (names and types, in order) and answer the same task (and classes); others are refused when
 * the deployment is made or the swap is asked for. A request the champion refuses gets the
 * {@link Predictor}'s own {@link InvalidInputException}.
 */
public final class Deployment implements AutoCloseable {
  /** How many recent (champion, shadow) pairs a shadow deployment keeps for {@link ShadowReport#recent()}. */
  public static final int SHADOW_PAIRS_KEPT = 100;

  /** How many served requests a bandit remembers for {@link #reward(String, double)}; older ids are forgotten. */
  public static final int PENDING_REWARDS_KEPT = 1 << 17;

  /** How many requests may wait for the shadow; beyond that the shadow skips them (counted as dropped). */
  public static final int SHADOW_QUEUE = 1024;

  private enum Strategy { SINGLE, SHADOW, CANARY, BANDIT }

  /** The models serving now; replaced whole by a swap or by close, read once per request. */
  private static final class Route {
    final Generation[] slots;
    final boolean closed;

    Route(Generation[] slots, boolean closed) {
      this.slots = slots;
      this.closed = closed;
    }
  }

  private final Strategy strategy;
  private final List<String> names;
  private final double share;
  private final LongAdder[] served;
  private final ArmCounts[] arms;
  private final BanditPolicy policy;
  private final BanditPolicy.Chooser chooser;
  private final PendingRewards pending;
  private final ShadowLane shadowLane;
  private final ShadowRecorder shadowRecorder;
  private final String idPrefix;
  private final AtomicLong idCounter = new AtomicLong();
  private final AtomicLong swaps = new AtomicLong();
  private volatile Route route;
  private volatile Guard guard;
  private final Observers observers = new Observers();


  private Deployment(Strategy strategy, List<String> names, List<Predictor> models, double share, BanditPolicy policy,
      int shadowQueue) {
    this.strategy = strategy;
    this.names = List.copyOf(names);
    this.share = share;
    this.policy = policy;
    Generation[] slots = new Generation[models.size()];
    this.served = new LongAdder[slots.length];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Generation(models.get(i), answerOf(i));
      served[i] = new LongAdder();
    }
    this.arms = strategy == Strategy.BANDIT ? newArms(slots.length) : null;
    this.chooser = policy == null ? null : policy.newChooser();
    this.idPrefix = String.format("%08x-", new SecureRandom().nextInt());
    this.pending = strategy == Strategy.BANDIT ? new PendingRewards(idPrefix, PENDING_REWARDS_KEPT) : null;
    this.shadowRecorder = strategy == Strategy.SHADOW ? new ShadowRecorder(SHADOW_PAIRS_KEPT) : null;
    this.shadowLane = strategy == Strategy.SHADOW ? shadowLane(shadowQueue, shadowRecorder) : null;
    this.route = new Route(slots, false);
  }

  // ---- factories ----

  /**
   * One model answering every request, under the name {@code "champion"}; {@link #swap(Predictor)}
   * replaces it live.
   *
   * @throws NullPointerException when {@code model} is null
   */
  public static Deployment single(Predictor model) {
    return new Deployment(Strategy.SINGLE, List.of("champion"), checkedModels(List.of("champion"), model), Double.NaN, null, 0);
  }

  /**
   * The champion answers every request; the shadow scores the same request afterwards on a
   * daemon thread of the deployment's own, off the request thread, and its answer is only
   * compared ({@link #stats()}{@code .shadow()}). The request thread's only extra cost is the
   * hand-off: a map request is copied and queued without a lock, and the shadow's thread is never
   * woken by the request (it polls, parking up to a millisecond when idle). When {@value
   * #SHADOW_QUEUE} requests already wait for the shadow, the request skips it (counted as
   * dropped) rather than wait. A shadow failure is counted, never seen by the caller.
   *
   * @throws IllegalArgumentException when the shadow's input columns, task or classes differ from the
   *     champion's, or both are the same predictor
   */
  public static Deployment shadow(Predictor champion, Predictor shadow) {
    return shadowWithQueue(champion, shadow, 1.0, SHADOW_QUEUE);
  }

  /**
   * {@link #shadow(Predictor, Predictor)} on a share of the requests, chosen by a hash of each
   * request id (Flagger's and Seldon's mirror percentage). The shadow's scoring costs as much CPU
   * as the champion's; a share bounds that cost. (On a machine whose cores the requests already
   * keep busy, the shadow's thread still competes with them and lengthens the champion's tail:
   * see RESULTS.md.) Requests not chosen are not counted in the {@link ShadowReport}.
   *
   * @param share the share of requests the shadow scores, in (0, 1]
   * @throws IllegalArgumentException as {@link #shadow(Predictor, Predictor)}, or when the share is outside (0, 1]
   */
  public static Deployment shadow(Predictor champion, Predictor shadow, double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("the shadow's share is " + share + "; expected a share in (0, 1] (0.1 scores 10% of"
          + " the requests on the shadow, 1 all of them). To stop shadowing use Deployment.single(model).");
    }
    return shadowWithQueue(champion, shadow, share, SHADOW_QUEUE);
  }

  /** {@link #shadow(Predictor, Predictor, double)} with a shadow queue of another length: for tests. */
  static Deployment shadowWithQueue(Predictor champion, Predictor shadow, double share, int queue) {
    List<String> names = List.of("champion", "shadow");
    return new Deployment(Strategy.SHADOW, names, checkedModels(names, champion, shadow), share, null, queue);
  }

  /**
   * The stable model (named {@code "champion"}) answers most requests, the canary (named
   * {@code "canary"}) a share of them, chosen by a hash of each request's routing key: the same
   * key always gets the same model for a given share, across processes, and a key on the canary
   * stays on it when the share grows. Without a key, the request id is the key.
   *
   * @param share the canary's share of the keys, strictly between 0 and 1
   * @throws IllegalArgumentException when the share is outside (0, 1), the canary's input
   *     columns, task or classes differ from the stable model's, or both are the same predictor
   */
  public static Deployment canary(Predictor stable, Predictor canary, double share) {
    if (!(share > 0 && share < 1)) {
      throw new IllegalArgumentException("the canary's share is " + share + "; expected a share strictly between 0 and 1"
          + " (0.05 sends 5% of the keys to the canary). To send everything to one model use Deployment.single(model).");
    }
    List<String> names = List.of("champion", "canary");
    return new Deployment(Strategy.CANARY, names, checkedModels(names, stable, canary), share, null, 0);
  }

  /**
   * A multi-armed bandit: for each request the policy picks an arm from the arms' pulls and
   * rewards, and {@link #reward(String, double)} reports how the answer did. Arms are ordered by
   * name (so a seed replays the same choices whatever map is given), and each answer's
   * {@link Answer#kind()} is {@link Answer.Kind#ARM} with the arm's name.
   *
   * @param arms at least two arms, by name
   * @throws IllegalArgumentException when there are fewer than two arms, a name is blank, an arm's
   *     input columns, task or classes differ from the first arm's, or one predictor serves two arms
   */
  public static Deployment bandit(BanditPolicy policy, Map<String, Predictor> arms) {
    Objects.requireNonNull(policy, "the bandit policy is null; use BanditPolicy.ucb1() or BanditPolicy.thompson(seed)");
    Objects.requireNonNull(arms, "the arms are null; pass a map from arm name to predictor");
    if (arms.size() < 2 || arms.size() >= 1 << PendingRewards.ARM_BITS) {
      throw new IllegalArgumentException(arms.size() < 2 ? "a bandit needs at least two arms and has " + arms.size() + " "
          + arms.keySet() + "; add arms, or serve one model with Deployment.single(model)."
          : "a bandit takes at most 65535 arms and has " + arms.size() + "; choose among fewer models.");
    }
    for (String name : arms.keySet()) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("an arm's name is " + (name == null ? "null" : "blank")
            + "; name every arm (the name is what Answer.name() reports), e.g. Map.of(\"logistic\", a, \"boosted\", b).");
      }
    }
    TreeMap<String, Predictor> ordered = new TreeMap<>(arms);
    List<String> names = List.copyOf(ordered.keySet());
    return new Deployment(Strategy.BANDIT, names, checkedModels(names, ordered.values().toArray(new Predictor[0])), Double.NaN,
        policy, 0);
  }

  private Answer answerOf(int slot) {
    return new Answer(strategy == Strategy.BANDIT ? Answer.Kind.ARM : Answer.Kind.MODEL, names.get(slot), Optional.empty());
  }

  private static ArmCounts[] newArms(int k) {
    ArmCounts[] out = new ArmCounts[k];
    for (int i = 0; i < k; i++) {
      out[i] = new ArmCounts();
    }
    return out;
  }

  private static ShadowLane shadowLane(int queue, ShadowRecorder recorder) {
    return new ShadowLane("mlengine-shadow", queue, task -> {
      if (task instanceof ShadowTask shadow) {
        shadow.generation.release();
        recorder.dropped();
      }
    });
  }

  // ---- predicting ----

  /**
   * Scores one request given as a map, with a request id the deployment makes.
   *
   * @throws InvalidInputException as {@link Predictor#predict(Map)}
   * @throws IllegalStateException when the deployment is closed, naming it
   */
  public Prediction predict(Map<String, ?> request) {
    long sequence = idCounter.incrementAndGet();
    return serve(idPrefix + sequence, sequence, null, RequestForm.MAP, request);
  }

  /**
   * Scores one request built with {@link Request#builder()}, with a request id the deployment makes.
   *
   * @throws InvalidInputException as {@link Predictor#predict(Request)}
   * @throws IllegalStateException when the deployment is closed, naming it
   */
  public Prediction predict(Request request) {
    long sequence = idCounter.incrementAndGet();
    return serve(idPrefix + sequence, sequence, null, RequestForm.REQUEST, request);
  }

  /**
   * Scores one row of a table with the input columns, with a request id the deployment makes.
   *
   * @throws InvalidInputException as {@link Predictor#predict(Row)}
   * @throws IllegalStateException when the deployment is closed, naming it
   */
  public Prediction predict(Row row) {
    long sequence = idCounter.incrementAndGet();
    return serve(idPrefix + sequence, sequence, null, RequestForm.ROW, row);
  }

  /**
   * Scores one request under the caller's request id (which is also a canary's routing key).
   *
   * @throws InvalidInputException as {@link Predictor#predict(Map)}
   * @throws IllegalStateException when the deployment is closed, naming it
   */
  public Prediction predict(String requestId, Map<String, ?> request) {
    return serve(callerId(requestId), 0, null, RequestForm.MAP, request);
  }

  /**
   * Scores one request under the caller's request id, routed by {@code key} (a customer or
   * session id: a canary gives the same key the same model); a null key routes by the request id.
   *
   * @throws InvalidInputException as {@link Predictor#predict(Map)}
   * @throws IllegalStateException when the deployment is closed, naming it
   */
  public Prediction predict(String requestId, String key, Map<String, ?> request) {
    return serve(callerId(requestId), 0, key, RequestForm.MAP, request);
  }

  /**
   * {@link #predict(String, String, Map)} for a request built with {@link Request#builder()}.
   *
   * @throws InvalidInputException as {@link Predictor#predict(Request)}
   * @throws IllegalStateException when the deployment is closed, naming it
   */
  public Prediction predict(String requestId, String key, Request request) {
    return serve(callerId(requestId), 0, key, RequestForm.REQUEST, request);
  }

  /**
   * {@link #predict(String, Map)} for a request built with {@link Request#builder()}.
   *
   * @throws InvalidInputException as {@link Predictor#predict(Request)}
   * @throws IllegalStateException when the deployment is closed, naming it
   */
  public Prediction predict(String requestId, Request request) {
    return serve(callerId(requestId), 0, null, RequestForm.REQUEST, request);
  }

  /**
   * {@link #predict(String, String, Map)} for one row of a table with the input columns.
   *
   * @throws InvalidInputException as {@link Predictor#predict(Row)}
   * @throws IllegalStateException when the deployment is closed, naming it
   */
  public Prediction predict(String requestId, String key, Row row) {
    return serve(callerId(requestId), 0, key, RequestForm.ROW, row);
  }

  /**
   * Scores every row of a table in one batch ({@link Predictor#predictAll(Table)}: each input
   * column read once, the compiled row kernels) with the one model the deployment chooses for
   * {@code requestId}: the champion of a single or shadow deployment (the shadow does not score
   * batches), a canary's model by the request id's hash. Prediction {@code i} carries the request
   * id {@code requestId + "#" + i}; limits, when set, judge each row and the fallback answers the
   * rows they refuse. A swap during the batch does not touch it: the batch finishes on the model
   * it started with.
   *
   * <pre>{@code
   * List<Prediction> scored = deployment.predictAll("batch-7", Table.readCsv(Path.of("applicants.csv")));
   * }</pre>
   *
   * @throws InvalidInputException as {@link Predictor#predictAll(Table)}
   * @throws IllegalStateException when the deployment is a bandit (it learns from one request at
   *     a time) or is closed, naming it
   */
  public List<Prediction> predictAll(String requestId, Table table) {
    callerId(requestId);
    Objects.requireNonNull(table, "the table is null; pass a Table with the model's input columns");
    if (strategy == Strategy.BANDIT) {
      throw new IllegalStateException("deployment " + describe(route) + " is a bandit, which learns from each request's"
          + " reward; score its rows one at a time with predict(requestId, row) so that each can be rewarded.");
    }
    while (true) {   // serve()'s loop, written out so that the single-row path creates no closure
      Route r = route;
      if (r.closed) {
        throw closed(r);
      }
      int slot = choose(requestId, null);
      Generation g = r.slots[slot];
      if (!g.acquire()) {
        continue;   // swapped out since the route was read: read the new one
      }
      ServingObserver[] watching = observers.now();
      long start = watching.length == 0 ? 0 : System.nanoTime();
      List<Prediction> out;
      try {
        out = answerAll(g, requestId, table);
      } catch (RuntimeException e) {
        observers.tell(watching, requestId, null, names.get(slot), false, null, null, e, start);
        throw e;
      } finally {
        g.release();
      }
      served[slot].add(table.rowCount());
      if (watching.length > 0) {
        observers.tellRows(watching, names.get(slot), table, out, start);
      }
      return out;
    }
  }

  private List<Prediction> answerAll(Generation g, String requestId, Table table) {
    List<Prediction> scored = g.predictor().predictAll(table);
    Guard guard = this.guard;
    Prediction[] out = new Prediction[scored.size()];
    for (int i = 0; i < out.length; i++) {
      Prediction p = scored.get(i);
      out[i] = guard == null ? p.answered(requestId, i, g.answer())
          : guard.judged(g, table.row(i).toMap(), p, requestId + "#" + i);
    }
    return List.of(out);
  }

  private static String callerId(String requestId) {
    return Objects.requireNonNull(requestId,
        "the request id is null; pass the caller's id for this request, or call predict(request) for a generated one");
  }

  /**
   * The hot path: one volatile read of the route, a choice, a reference on the chosen generation.
   * A request id the deployment made is its random prefix and {@code sequence} (no UUID:
   * SecureRandom costs a microsecond); a caller's id comes with sequence 0.
   */
  private Prediction serve(String requestId, long sequence, String key, RequestForm form, Object input) {
    while (true) {
      Route r = route;
      if (r.closed) {
        throw closed(r);
      }
      int slot = choose(requestId, key);
      Generation g = r.slots[slot];
      if (!g.acquire()) {
        continue;   // swapped out since the route was read: read the new one
      }
      ServingObserver[] watching = observers.now();
      long start = watching.length == 0 ? 0 : observers.start(sequence);
      Prediction p;
      try {
        p = answer(g, requestId, form, input);
      } catch (RuntimeException e) {
        observers.tell(watching, requestId, key, names.get(slot), false, input, null, e, start);
        throw e;
      } finally {
        g.release();
      }
      served(r, slot, requestId, sequence, form, input, p);
      if (watching.length > 0) {
        observers.tell(watching, requestId, key, names.get(slot), false, input, p, null, start);
      }
      return p;
    }
  }

  private int choose(String requestId, String key) {
    switch (strategy) {
      case CANARY:
        return Buckets.routing(key == null ? requestId : key) < share ? 1 : 0;
      case BANDIT:
        return chooser.choose(arms);
      default:
        return 0;
    }
  }

  /**
   * Where a model's answer is made and returned: with {@link #limit limits}, an answer they
   * refuse is replaced by the fallback's, which says why.
   */
  private Prediction answer(Generation g, String requestId, RequestForm form, Object input) {
    Prediction p = form.score(g.predictor(), input);
    Guard guard = this.guard;
    return guard == null ? p.answered(requestId, g.answer()) : guard.judged(g, form.asMap(input), p, requestId);
  }

  private void served(Route r, int slot, String requestId, long sequence, RequestForm form, Object input, Prediction p) {
    switch (strategy) {
      case BANDIT -> {
        arms[slot].pull();
        if (sequence > 0) {
          pending.putMade(sequence, slot);
        } else {
          pending.putGiven(requestId, slot);
        }
      }
      case SHADOW -> {
        served[slot].increment();
        if (share >= 1 || Buckets.routing(requestId) < share) {
          handOff(route.slots[1], requestId, form, input, p);   // the shadow now, if it was swapped meanwhile
        }
      }
      default -> served[slot].increment();
    }
  }

  // ---- shadow ----

  /** One request for the shadow: holds a reference on the shadow's generation until scored or dropped. */
  private final class ShadowTask implements Runnable {
    final Generation generation;
    final String requestId;
    final RequestForm form;
    final Object input;
    final Prediction champion;

    ShadowTask(Generation generation, String requestId, RequestForm form, Object input, Prediction champion) {
      this.generation = generation;
      this.requestId = requestId;
      this.form = form;
      this.input = input;
      this.champion = champion;
    }

    @Override
    public void run() {
      ServingObserver[] watching = observers.now();
      long start = watching.length == 0 ? 0 : System.nanoTime();
      try {
        Prediction shadow = answer(generation, requestId, form, input);
        served[1].increment();
        shadowRecorder.scored(requestId, champion, shadow);
        observers.tell(watching, requestId, null, names.get(1), true, input, shadow, null, start);
      } catch (RuntimeException e) {
        shadowRecorder.failed();
        observers.tell(watching, requestId, null, names.get(1), true, input, null, e, start);
      } finally {
        generation.release();
      }
    }
  }

  private void handOff(Generation shadow, String requestId, RequestForm form, Object input, Prediction champion) {
    if (!shadow.acquire()) {
      shadowRecorder.dropped();   // the shadow is being swapped right now
      return;
    }
    // A caller may reuse its map once predict returns; requests and rows are immutable.
    Object own = form == RequestForm.MAP ? new HashMap<>((Map<?, ?>) input) : input;
    shadowLane.offer(new ShadowTask(shadow, requestId, form, own, champion));
  }

  /** The shadow's lane, for tests that fill its queue. */
  ShadowLane shadowLane() {
    return shadowLane;
  }

  // ---- bandit rewards ----

  /**
   * Reports how a bandit's answer did: {@code value} in [0, 1] (1 for a conversion, 0 for none)
   * for the request {@code requestId}. Each request served counts as a pull of its arm when it
   * is answered, so a request never rewarded counts as a reward of 0; report each id once. The
   * deployment remembers the last {@value #PENDING_REWARDS_KEPT} request ids; a reward for an id
   * it does not know (never served, already rewarded, or forgotten) is refused rather than
   * counted, since a second reward for one request would bias the arm. Give each request its
   * own id (route a customer by a key with {@link #predict(String, String, Map)}): an id served
   * again before its reward keeps the arm that answered it first.
   *
   * @throws IllegalArgumentException when the value is outside [0, 1], or the id is not a request
   *     waiting for its reward, naming it
   * @throws IllegalStateException when this deployment is not a bandit, or is closed
   */
  public void reward(String requestId, double value) {
    Route r = route;
    if (strategy != Strategy.BANDIT) {
      throw new IllegalStateException("deployment " + describe(r) + " is not a bandit and takes no rewards; make one"
          + " with Deployment.bandit(policy, arms) to route by rewards.");
    }
    if (r.closed) {
      throw closed(r);
    }
    Objects.requireNonNull(requestId, "the request id is null; pass the id of the prediction being rewarded"
        + " (prediction.requestId().orElseThrow())");
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("the reward for request '" + requestId + "' is " + value + "; expected a value in"
          + " [0, 1] (1 for a success, 0 for a failure). Scale rewards to [0, 1]: UCB1 and Thompson sampling assume it.");
    }
    int arm = pending.take(requestId);
    if (arm < 0) {
      throw new IllegalArgumentException("request '" + requestId + "' is not waiting for a reward in deployment "
          + describe(r) + ": it was not served by this deployment, was rewarded already, or is older than the last "
          + PENDING_REWARDS_KEPT + " requests, whose ids are forgotten. Reward each request once, soon after its prediction.");
    }
    arms[arm].reward(value);
  }

  // ---- following a registry ----

  /**
   * Keeps the model named {@code name} on the version that {@code alias} of {@code model} points
   * at in {@code registry}: checks now (swapping at once when they differ), then every {@code
   * every}; see {@link AliasFollower}. Close the follower to stop following.
   *
   * @throws IllegalArgumentException when there is no model of that name, or the interval is not positive
   * @throws java.util.NoSuchElementException when the model or the alias does not exist in the registry
   * @throws IOException when the registry cannot be read
   * @throws IllegalStateException when the deployment is closed, naming it
   */
  public AliasFollower follow(String name, ModelRegistry registry, String model, String alias, Duration every)
      throws IOException {
    Route r = route;
    if (r.closed) {
      throw closed(r);
    }
    if (!names.contains(name)) {
      throw new IllegalArgumentException("deployment " + describe(r) + " has no model named '" + name + "' to follow alias '"
          + alias + "' with; its models are " + names + ".");
    }
    return AliasFollower.start(this, name, registry, model, alias, every);
  }

  /** The bundle id of the model named {@code name} now: for a follower. */
  String bundleId(String name) {
    return route.slots[names.indexOf(name)].bundleId();
  }

  /** The bundle of the model named {@code name} now: for a loop or a watch that puts a copy of it in another slot. */
  org.mlengine.runtime.ModelBundle bundle(String name) {
    return route.slots[names.indexOf(name)].predictor().bundle();
  }

  /** The models' names, in slot order: for a loop or a watch that checks the deployment's strategy. */
  List<String> names() {
    return names;
  }

  /** Whether {@link #close()} was called: for a follower. */
  boolean isClosed() {
    return route.closed;
  }

  // ---- observers ----

  /**
   * From now on, {@code observer} sees every request this deployment serves or refuses (a batch
   * row by row, and a shadow's answers marked {@link Served#shadow()}), on the request's thread
   * after the answer is made. Without observers a request pays nothing for them; with one it
   * pays the observer's call, and two clock reads when it is timed: every request when an
   * observer of yours is attached, one in 128 with only monitors and logs (see their docs).
   *
   * <pre>{@code
   * deployment.observe(monitor);
   * deployment.observe(predictionLog);
   * }</pre>
   *
   * @throws NullPointerException when {@code observer} is null
   */
  public void observe(ServingObserver observer) {
    observers.add(observer);
  }

  /** Stops {@code observer} seeing requests; returns whether it was observing. Requests in flight may still reach it once. */
  public boolean unobserve(ServingObserver observer) {
    return observers.remove(observer);
  }

  /** How many times an observer threw; what an observer throws never reaches the caller. */
  public long observerFailures() {
    return observers.failures();
  }

  // ---- limits ----

  /**
   * From now on, an answer of any model here that {@code limits} refuse (an unsure answer, a
   * request outside the model's training profile) is replaced by {@code fallback}'s, whose
   * {@link Prediction#answer()} says which fallback answered and why; a bandit still counts the
   * request as a pull of the arm that was refused. Checked now against every model here (and
   * at each later swap): a limit a model's bundle cannot support is refused with the reason.
   * The deployment does not close a fallback's own predictor. {@code Limits.none()} with any
   * fallback removes the limits.
   *
   * @throws IllegalArgumentException when a model here cannot be held to the limits or answered by the fallback
   * @throws IllegalStateException when the deployment is closed, naming it
   */
  public synchronized void limit(Limits limits, Fallback fallback) {
    Objects.requireNonNull(limits, "the limits are null; build them with Limits.builder()...build(), or pass Limits.none()");
    Objects.requireNonNull(fallback, "the fallback is null; pass Fallback.abstain() to answer 'I don't know' instead");
    Route r = route;
    if (r.closed) {
      throw closed(r);
    }
    if (limits.equals(Limits.none())) {
      guard = null;
      return;
    }
    Guard next = new Guard(limits, fallback);
    for (int i = 0; i < r.slots.length; i++) {
      next.checkServes(r.slots[i].given(), names.get(i));
    }
    guard = next;
  }

  // ---- swapping and closing ----

  /**
   * Replaces the single model of a {@link #single(Predictor)} deployment; see {@link #swap(String, Predictor)}.
   *
   * @throws IllegalStateException when this deployment has more than one model (name the one to
   *     replace), or is closed
   */
  public void swap(Predictor replacement) {
    if (strategy != Strategy.SINGLE) {
      throw new IllegalStateException("deployment " + describe(route) + " has the models " + names
          + "; name the one to replace with swap(name, predictor).");
    }
    swap(names.get(0), replacement);
  }

  /**
   * Replaces the model named {@code name} ({@code "champion"}, {@code "shadow"}, {@code "canary"}
   * or an arm's name) while requests flow: a request that already holds the old model finishes
   * on it, every request that starts after this call returns gets the replacement, and the old
   * predictor is closed once its last request has left. A bandit arm keeps its pulls and rewards.
   * A replacement with no history or online store of its own reads those the replaced model reads.
   *
   * @throws IllegalArgumentException when there is no model of that name, or the replacement's
   *     input columns, task or classes differ from the champion's, or it already serves here
   * @throws IllegalStateException when the deployment is closed, naming it, or when the replaced
   *     model's online store holds another version of one of the replacement's views
   */
  public synchronized void swap(String name, Predictor replacement) {
    Route r = route;
    if (r.closed) {
      throw closed(r);
    }
    int slot = names.indexOf(name);
    if (slot < 0) {
      throw new IllegalArgumentException("deployment " + describe(r) + " has no model named '" + name + "'; its models are "
          + names + ".");
    }
    Objects.requireNonNull(replacement, "the replacement for '" + name + "' is null; load one with Predictor.load(path)");
    for (int i = 0; i < r.slots.length; i++) {
      requireDistinct(r.slots[i].given(), names.get(i), replacement, name);
    }
    requireCompatible(r.slots[0].predictor(), names.get(0), replacement, name);
    if (replacement.isClosed()) {
      throw new IllegalArgumentException("the replacement for '" + name + "' (bundle " + shortId(replacement) + ") is closed;"
          + " a predictor this deployment swapped out is closed once drained. Load a new one with Predictor.load(path).");
    }
    Guard g = guard;
    if (g != null) {
      g.checkServes(replacement, name);
    }
    Generation[] slots = r.slots.clone();
    Generation old = slots[slot];
    slots[slot] = new Generation(replacement, replacement.readingAs(old.predictor()), old.answer());
    route = new Route(slots, false);
    swaps.incrementAndGet();
    old.retire();
  }

  /**
   * Refuses new requests, lets the ones in flight finish, and closes every predictor once its
   * last request has left; stops the shadow's thread (requests still waiting for it are not
   * scored, and count as dropped). Calling it again does nothing.
   */
  @Override
  public synchronized void close() {
    Route r = route;
    if (r.closed) {
      return;
    }
    route = new Route(r.slots, true);
    for (Generation g : r.slots) {
      g.retire();
    }
    if (shadowLane != null) {
      shadowLane.stop();
    }
  }

  /** Whether every predictor this deployment closed or swapped out has been closed: for tests. */
  boolean drained() {
    for (Generation g : route.slots) {
      if (!g.isClosed()) {
        return false;
      }
    }
    return true;
  }

  private IllegalStateException closed(Route r) {
    return new IllegalStateException("deployment " + describe(r) + " is closed; make a new one with Deployment."
        + strategy.name().toLowerCase(java.util.Locale.ROOT) + "(...) to serve again.");
  }

  // ---- reporting ----

  /** A snapshot of the requests each model answered (and a bandit's rewards, a shadow's comparison). */
  public DeploymentStats stats() {
    Route r = route;
    List<DeploymentStats.Model> models = new ArrayList<>(r.slots.length);
    for (int i = 0; i < r.slots.length; i++) {
      String bundleId = r.slots[i].bundleId();
      models.add(arms == null ? new DeploymentStats.Model(names.get(i), bundleId, served[i].sum(), 0, 0)
          : new DeploymentStats.Model(names.get(i), bundleId, arms[i].pulls(), arms[i].rewards(), arms[i].rewardSum()));
    }
    return new DeploymentStats(strategy.name().toLowerCase(java.util.Locale.ROOT), models, swaps.get(),
        Optional.ofNullable(shadowRecorder).map(ShadowRecorder::report));
  }

  /** The strategy and each model's name and bundle, e.g. {@code canary(champion 3f2a9c1b2d4e, canary ab12cd34ef56, share 0.05)}. */
  private String describe(Route r) {
    StringBuilder s = new StringBuilder(strategy.name().toLowerCase(java.util.Locale.ROOT)).append('(');
    if (strategy == Strategy.BANDIT) {
      s.append(policy).append(", ");
    }
    for (int i = 0; i < r.slots.length; i++) {
      s.append(i == 0 ? "" : ", ").append(names.get(i)).append(' ').append(shortId(r.slots[i].predictor()));
    }
    if (strategy == Strategy.CANARY || strategy == Strategy.SHADOW && share < 1) {
      s.append(", share ").append(share);
    }
    return s.append(')').toString();
  }

  @Override
  public String toString() {
    Route r = route;
    return "Deployment[" + describe(r) + (r.closed ? ", closed" : "") + ", swaps " + swaps.get() + "]";
  }
}
