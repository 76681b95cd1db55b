package org.mlengine.serving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.mlengine.serving.Reputation.Standing;

/**
 * The front door against abuse: per-client rate limits with progressive delays, a quota on
 * distinct near-duplicate queries (the pattern of model extraction), and a reputation per client
 * the application can read. Built with {@link #builder()}; thread-safe, share one instance. The
 * library never sleeps: {@link #admit} answers at once and the caller waits ({@link
 * Admission#awaitDelay()}) or schedules the request later.
 *
 * <pre>{@code
 * ClientLimits limits = ClientLimits.builder()
 *     .rate(20, Duration.ofSeconds(1))          // 20 requests a second per client
 *     .burst(40)                                 // of which 40 at once
 *     .maxDelay(Duration.ofSeconds(2))           // delayed up to 2 s, refused beyond
 *     .nearDuplicateQuota(predictor, 50, Duration.ofHours(1))
 *     .build();
 *
 * Admission a = limits.admit(apiKey, request);
 * if (a.refused()) {
 *   return tooManyRequests(a.reason().orElseThrow(), a.retryAfter());
 * }
 * a.awaitDelay();
 * Prediction p = deployment.predict(request);
 * }</pre>
 *
 * <p><b>Rate and progressive delays.</b> Each client has a token bucket holding up to {@code
 * burst} tokens and refilled at {@code rate}; a request takes one token. Kept as GCRA (one time
 * stamp per client), with the interval between tokens {@code T = per / requests} rounded up to
 * a whole nanosecond. A request that finds a token is admitted at once. One that finds none must
 * wait {@code w}, the time until the bucket has a token for it; it is {@code k = ceil(w / T)}
 * requests over the rate, and is delayed by
 *
 * <pre>    delay = w * 2^(k - 1)</pre>
 *
 * <p>so a client that waits as told is served at exactly its rate (k = 1, the delay is the wait),
 * while one that ignores the delays waits twice, four times, eight times longer with each request
 * it pushes ahead. A delayed request takes its token at the end of its delay, and a delay longer
 * than the wait also empties the bucket then, so the requests served (each counted when its delay
 * ends) never exceed {@code burst + rate * t} in any span of time {@code t}. A delay longer than
 * {@code maxDelay} is refused instead, with a retry-after of {@code w}, when the client would be
 * admitted at once; a refused request takes no token.
 *
 * <p><b>Near-duplicate queries.</b> Extracting a model by querying it typically sends many
 * distinct queries that differ little: small perturbations of one point, or one feature swept
 * while the others stay fixed. Each request is cut into cells relative to the model's training
 * profile: a NUMERIC input {@code x} falls in cell {@code floor((x - median) / (resolution *
 * sd))} (the training median and sd; {@code resolution} 0.25 unless set), every other input in
 * the cell of its value. A <em>distinct near-duplicate</em> is a request that is not an exact
 * repeat of any of the client's last {@value #RECENT_QUERIES_KEPT} distinct requests in the
 * window, and lies in the same cell as one of them in all input columns but at most one. At most
 * {@code quota} of them are served per client per window (a window starts with the client's
 * first request after the previous one ended); the next is refused until the window ends, and the
 * window counts as one extraction flag on the client's reputation. Exact repeats never count, and
 * applicants far apart from each other never count; a legitimate client that edits one field of
 * one form again and again does, so give the quota room for that.
 *
 * <p><b>Reputation.</b> {@link #reputation(String)} gives each client's counts and a score that
 * falls with delays, refusals and extraction flags and recovers with a half-life; see {@link
 * Reputation}. {@link #allow} and {@link #block} pin a client, whatever the limits say.
 *
 * <p><b>Memory.</b> At most {@code maxClients} clients are tracked (100,000 unless set), plus the
 * few arriving while an eviction runs: when a new client would go beyond, the clients seen least
 * recently are forgotten (their buckets, windows and reputations), down to about three quarters
 * of {@code maxClients} (the idle time to forget from is estimated from 1,024 of them, not by
 * sorting them all). A client takes about 160 bytes besides its id, plus {@value
 * #RECENT_QUERIES_KEPT} × (8 + input columns) bytes when near-duplicates are counted: 16 MB for
 * 100,000 clients, 54 MB with near-duplicates on 13 inputs (measured). Pinned clients are kept
 * apart and never forgotten.
 */
public final class ClientLimits {
  /** How many of a client's recent distinct queries a new one is compared with. */
  public static final int RECENT_QUERIES_KEPT = 16;
  /** How many clients' idle times set the threshold of an eviction. */
  static final int EVICTION_SAMPLE = 1024;

  private static final double DELAYED_WEIGHT = 0.01;
  private static final double REFUSED_WEIGHT = 0.1;
  private static final double FLAG_WEIGHT = 1;

  private final long requests;
  private final Duration per;
  private final long interval;
  private final long tau;
  private final long burst;
  private final long maxDelay;
  private final QueryCells cells;
  private final int quota;
  private final long window;
  private final double resolution;
  private final int maxClients;
  private final long halfLife;
  private final LongSupplier ticker;
  private final ConcurrentHashMap<String, ClientState> clients = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Standing> pins = new ConcurrentHashMap<>();
  private final ReentrantLock evicting = new ReentrantLock();

  private ClientLimits(Builder b) {
    this.requests = b.requests;
    this.per = b.per;
    this.interval = b.requests == 0 ? 0 : ceilDiv(b.per.toNanos(), b.requests);
    this.burst = b.burst == 0 ? b.requests : b.burst;
    this.tau = (burst - 1) * interval;
    this.maxDelay = b.maxDelay.toNanos();
    this.cells = b.model == null ? null : QueryCells.of(b.model, b.resolution);
    this.quota = b.quota;
    this.window = b.window == null ? 0 : b.window.toNanos();
    this.resolution = b.resolution;
    this.maxClients = b.maxClients;
    this.halfLife = b.halfLife.toNanos();
    this.ticker = b.ticker;
  }

  /** A builder with no limit on: set a rate, a near-duplicate quota or both. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether to serve {@code request} for {@code clientId}, counting it: the rate and the
   * near-duplicate quota both apply.
   *
   * @param clientId who asks, as the application knows it (an API key, an account id)
   * @throws IllegalArgumentException when the client id is null or blank
   * @throws NullPointerException when the request is null
   */
  public Admission admit(String clientId, Map<String, ?> request) {
    checkClient(clientId);
    Objects.requireNonNull(request, "the request is null; pass the map of inputs the client sent, or call admit(clientId) to apply the rate alone");
    if (cells == null) {
      return admit(clientId, 0, null);
    }
    byte[] cut = new byte[cells.columns()];
    return admit(clientId, cells.cut(request, cut), cut);
  }

  /** As {@link #admit(String, Map)} for a {@link Request}. */
  public Admission admit(String clientId, Request request) {
    Objects.requireNonNull(request, "the request is null; pass the request the client sent, or call admit(clientId) to apply the rate alone");
    return admit(clientId, request.values());
  }

  /**
   * Whether to serve a request of {@code clientId}, applying the rate alone (the request's
   * inputs are not looked at, so it is not counted against the near-duplicate quota; a client
   * over its quota is still refused).
   *
   * @throws IllegalArgumentException when the client id is null or blank
   */
  public Admission admit(String clientId) {
    checkClient(clientId);
    return admit(clientId, 0, null);
  }

  private Admission admit(String clientId, long hash, byte[] cut) {
    while (true) {
      ClientState s = state(clientId);
      synchronized (s) {
        if (clients.get(clientId) == s) {
          return judge(clientId, s, hash, cut);
        }
      }
      // forgotten between the look-up and the lock: what it counted would be lost; count on the client's new state
    }
  }

  /** Judges one request on the client's state, under its lock. */
  private Admission judge(String clientId, ClientState s, long hash, byte[] cut) {
    long now = ticker.getAsLong();
    s.lastSeen = now;
    s.requests++;
    Standing pinned = pins.isEmpty() ? null : pins.get(clientId);
    if (pinned == Standing.ALLOWED) {
      return Admission.ADMITTED;
    }
    if (pinned == Standing.BLOCKED) {
      return refuse(s, now, "client '" + clientId + "' is blocked by the application; unpin(\"" + clientId + "\") admits it again", -1);
    }
    if (cells != null) {
      if (now - s.windowStart >= window) {
        s.newWindow(now);
      }
      if (s.flagged) {
        return refuse(s, now, overQuota(clientId, s), s.windowStart + window - now);
      }
    }
    Admission a = Admission.ADMITTED;
    long newTat = s.tat;   // taken only when the request is admitted: a refused request takes no token
    if (interval > 0) {
      long tat = Math.max(s.tat, now);
      long wait = tat - tau - now;
      if (wait <= 0) {
        newTat = tat + interval;
      } else {
        long over = ceilDiv(wait, interval);
        long delay = over > 62 || wait > maxDelay >> (over - 1) ? -1 : wait << (over - 1);
        String rate = "client '" + clientId + "' is over its rate of " + requests + " requests per " + ms(per.toNanos())
            + " by " + over + (over == 1 ? " request" : " requests");
        if (delay < 0) {
          return refuse(s, now, rate + ": the delay would be longer than maxDelay (" + ms(maxDelay) + ")", wait);
        }
        newTat = Math.max(tat, now + delay + tau) + interval;
        a = Admission.delayed(delay, rate + "; delayed " + ms(delay));
      }
    }
    if (cut != null && s.nearDuplicate(hash, cut) && ++s.nearDuplicates > quota) {
      s.flagged = true;
      s.extractionFlags++;
      s.penalise(now, FLAG_WEIGHT, halfLife);
      return refuse(s, now, overQuota(clientId, s), s.windowStart + window - now);
    }
    s.tat = newTat;
    if (a.delayed()) {
      s.delayed++;
      s.penalise(now, DELAYED_WEIGHT, halfLife);
    }
    return a;
  }

  private Admission refuse(ClientState s, long now, String reason, long retryAfter) {
    s.refused++;
    s.penalise(now, REFUSED_WEIGHT, halfLife);
    return Admission.refused(reason, retryAfter);
  }

  private String overQuota(String clientId, ClientState s) {
    return "client '" + clientId + "' sent " + s.nearDuplicates + " distinct near-duplicate queries in its window of "
        + ms(window) + ", over its quota of " + quota + " (the pattern of model extraction)";
  }

  /**
   * What these limits know about {@code clientId}: its standing, score and counts. A client never
   * seen, or forgotten to keep memory bounded, has a clean record (score 1, no counts).
   *
   * @throws IllegalArgumentException when the client id is null or blank
   */
  public Reputation reputation(String clientId) {
    checkClient(clientId);
    Standing standing = pins.getOrDefault(clientId, Standing.LIMITED);
    ClientState s = clients.get(clientId);
    if (s == null) {
      return new Reputation(clientId, standing, 1, 0, 0, 0, 0, Optional.empty());
    }
    synchronized (s) {
      long now = ticker.getAsLong();
      return new Reputation(clientId, standing, 1 / (1 + s.penalty(now, halfLife)), s.requests, s.delayed, s.refused,
          s.extractionFlags, Optional.of(Duration.ofNanos(Math.max(0, now - s.lastSeen))));
    }
  }

  /**
   * Admits every request of {@code clientId} at once from now on, whatever the limits say (its
   * requests are still counted); {@link #unpin} undoes it.
   *
   * @throws IllegalArgumentException when the client id is null or blank
   */
  public void allow(String clientId) {
    checkClient(clientId);
    pins.put(clientId, Standing.ALLOWED);
  }

  /**
   * Refuses every request of {@code clientId} from now on, with no retry-after; {@link #unpin}
   * undoes it.
   *
   * @throws IllegalArgumentException when the client id is null or blank
   */
  public void block(String clientId) {
    checkClient(clientId);
    pins.put(clientId, Standing.BLOCKED);
  }

  /**
   * Puts {@code clientId} back under the limits, after {@link #allow} or {@link #block}; nothing
   * happens for a client not pinned.
   *
   * @throws IllegalArgumentException when the client id is null or blank
   */
  public void unpin(String clientId) {
    checkClient(clientId);
    pins.remove(clientId);
  }

  /** The number of clients tracked now (pinned ones apart). */
  int trackedClients() {
    return clients.size();
  }

  private ClientState state(String clientId) {
    ClientState s = clients.get(clientId);
    if (s != null) {
      return s;
    }
    ClientState fresh = new ClientState(ticker.getAsLong(), RECENT_QUERIES_KEPT, cells == null ? -1 : cells.columns());
    s = clients.putIfAbsent(clientId, fresh);
    if (s != null) {
      return s;
    }
    if (clients.size() > maxClients) {
      forgetIdlest();
    }
    return fresh;
  }

  /**
   * Forgets the clients seen least recently, down to about three quarters of maxClients; one
   * thread at a time, the others go on. The idle time to forget from is read off a sample of
   * {@value #EVICTION_SAMPLE} clients spread over the map (no sort of every client on a request's
   * thread); each client is forgotten under its own lock, so a request being counted on it either
   * finishes first (and the client, just seen, stays) or finds it forgotten and starts afresh.
   */
  private void forgetIdlest() {
    if (!evicting.tryLock()) {
      return;
    }
    try {
      int n = clients.size();
      int forget = n - maxClients / 4 * 3;
      if (forget <= 0) {
        return;
      }
      long now = ticker.getAsLong();
      long[] idle = new long[Math.min(n, EVICTION_SAMPLE)];
      int stride = Math.max(1, n / idle.length);
      int seen = 0;
      int k = 0;
      for (ClientState s : clients.values()) {
        if (seen++ % stride == 0) {
          idle[k++] = now - s.lastSeen;
          if (k == idle.length) {
            break;
          }
        }
      }
      if (k == 0) {
        return;
      }
      Arrays.sort(idle, 0, k);
      long threshold = idle[Math.max(0, k - (int) Math.ceil((double) forget * k / n))];   // about the forget-th longest
      for (Map.Entry<String, ClientState> e : clients.entrySet()) {
        ClientState s = e.getValue();
        synchronized (s) {
          if (now - s.lastSeen >= threshold) {
            clients.remove(e.getKey(), s);
          }
        }
      }
    } finally {
      evicting.unlock();
    }
  }

  private static void checkClient(String clientId) {
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("the client id is " + (clientId == null ? "null" : "blank (\"" + clientId + "\")")
          + "; pass the id the application knows the client by (an API key, an account id), e.g. admit(\"acme\", request)");
    }
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  /** Nanoseconds as whole milliseconds, rounded up: {@code 400 ms}. */
  static String ms(long nanos) {
    return ceilDiv(nanos, 1_000_000) + " ms";
  }

  @Override
  public String toString() {
    List<String> rules = new ArrayList<>();
    if (interval > 0) {
      rules.add("rate(" + requests + " per " + ms(per.toNanos()) + ")");
      rules.add("burst(" + burst + ")");
      rules.add("maxDelay(" + ms(maxDelay) + ")");
    }
    if (cells != null) {
      rules.add("nearDuplicateQuota(" + quota + " per " + ms(window) + " at " + resolution + " sd)");
    }
    rules.add("maxClients(" + maxClients + ")");
    return "ClientLimits[" + String.join(", ", rules) + "]";
  }

  /**
   * Builds {@link ClientLimits}; each setter checks its own argument, {@link #build()} the rest.
   *
   * <pre>{@code
   * ClientLimits rateOnly = ClientLimits.builder().rate(100, Duration.ofMinutes(1)).build();
   * ClientLimits strict = ClientLimits.builder()
   *     .rate(5, Duration.ofSeconds(1)).burst(5).maxDelay(Duration.ZERO)   // refuse, never delay
   *     .nearDuplicateQuota(predictor, 20, Duration.ofHours(1)).nearDuplicateResolution(0.5)
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private long requests;
    private Duration per;
    private long burst;
    private Duration maxDelay = Duration.ofSeconds(1);
    private boolean maxDelaySet;
    private Predictor model;
    private int quota;
    private Duration window;
    private double resolution = 0.25;
    private boolean resolutionSet;
    private int maxClients = 100_000;
    private Duration halfLife = Duration.ofHours(1);
    private LongSupplier ticker = System::nanoTime;

    private Builder() {}

    /**
     * Each client may make {@code requests} requests per {@code per} on average; the bucket holds
     * {@link #burst} of them (one period's worth unless set).
     *
     * @throws IllegalArgumentException unless {@code requests} is at least 1 and {@code per} positive
     */
    public Builder rate(long requests, Duration per) {
      if (requests < 1 || per == null || per.isNegative() || per.isZero()) {
        throw new IllegalArgumentException("rate(" + requests + ", " + per + ") is not a number of requests of at least 1 per a"
            + " positive duration; give how many requests a client may make per period, e.g. rate(20, Duration.ofSeconds(1))");
      }
      this.requests = requests;
      this.per = per;
      return this;
    }

    /**
     * How many requests a client may make at once, above its rate: the bucket's size. Needs
     * {@link #rate}.
     *
     * @throws IllegalArgumentException when {@code requests} is below 1
     */
    public Builder burst(long requests) {
      if (requests < 1) {
        throw new IllegalArgumentException("burst(" + requests + ") is below 1; give how many requests a client may make at"
            + " once, e.g. burst(40)");
      }
      this.burst = requests;
      return this;
    }

    /**
     * The longest delay given to a request over the rate; one that would wait longer is refused.
     * {@code Duration.ZERO} refuses every request over the rate (a plain token bucket). One
     * second unless set. Needs {@link #rate}.
     *
     * @throws IllegalArgumentException when the duration is null or negative
     */
    public Builder maxDelay(Duration longest) {
      if (longest == null || longest.isNegative()) {
        throw new IllegalArgumentException("maxDelay(" + longest + ") is not a duration of zero or more; give the longest delay"
            + " before a request over the rate is refused, e.g. maxDelay(Duration.ofSeconds(2)), or Duration.ZERO never to delay");
      }
      this.maxDelay = longest;
      this.maxDelaySet = true;
      return this;
    }

    /**
     * Serves each client at most {@code quota} distinct near-duplicate queries (see {@link
     * ClientLimits}) per {@code window}, cut into cells by {@code model}'s training profile; the
     * next is refused until the window ends and flags the client.
     *
     * @throws IllegalArgumentException when the model is null or its bundle has no training
     *     profile, the quota negative or the window not positive
     */
    public Builder nearDuplicateQuota(Predictor model, int quota, Duration window) {
      if (model == null || quota < 0 || window == null || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("nearDuplicateQuota(" + (model == null ? "null" : "model") + ", " + quota + ", "
            + window + ") needs the model whose training profile cuts the inputs into cells, a quota of 0 or more and a positive"
            + " window; e.g. nearDuplicateQuota(predictor, 50, Duration.ofHours(1))");
      }
      if (model.bundle().profile().isEmpty()) {
        throw new IllegalArgumentException(QueryCells.withoutProfile(model.bundle()));
      }
      this.model = model;
      this.quota = quota;
      this.window = window;
      return this;
    }

    /**
     * The width of a numeric input's cell, in training standard deviations: two values closer
     * than this are likely to be near-duplicates. 0.25 unless set. Needs {@link
     * #nearDuplicateQuota}.
     *
     * @throws IllegalArgumentException unless {@code sds} is a positive finite number
     */
    public Builder nearDuplicateResolution(double sds) {
      if (!(sds > 0 && sds < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("nearDuplicateResolution(" + sds + ") is not a positive finite number of training"
            + " standard deviations; give the width of a cell, e.g. nearDuplicateResolution(0.25)");
      }
      this.resolution = sds;
      this.resolutionSet = true;
      return this;
    }

    /**
     * The most clients tracked at once; past it the clients seen least recently are forgotten.
     * 100,000 unless set.
     *
     * @throws IllegalArgumentException when {@code clients} is below 4
     */
    public Builder maxClients(int clients) {
      if (clients < 4) {
        throw new IllegalArgumentException("maxClients(" + clients + ") is below 4; give how many clients to track at once,"
            + " e.g. maxClients(100_000)");
      }
      this.maxClients = clients;
      return this;
    }

    /**
     * How fast a reputation recovers: its penalty halves every {@code halfLife}. One hour unless
     * set.
     *
     * @throws IllegalArgumentException unless the duration is positive
     */
    public Builder reputationHalfLife(Duration halfLife) {
      if (halfLife == null || halfLife.isNegative() || halfLife.isZero()) {
        throw new IllegalArgumentException("reputationHalfLife(" + halfLife + ") is not a positive duration; give how long a"
            + " penalty takes to halve, e.g. reputationHalfLife(Duration.ofHours(1))");
      }
      this.halfLife = halfLife;
      return this;
    }

    /**
     * The time source, in nanoseconds, as {@link System#nanoTime()} (the default); a test gives
     * its own to move time without sleeping.
     *
     * @throws IllegalArgumentException when the ticker is null
     */
    public Builder ticker(LongSupplier nanoTime) {
      if (nanoTime == null) {
        throw new IllegalArgumentException("the ticker is null; give a source of nanoseconds, e.g. ticker(System::nanoTime)");
      }
      this.ticker = nanoTime;
      return this;
    }

    /**
     * The limits; the builder is left as it is.
     *
     * @throws IllegalArgumentException naming every setting that needs another one, at once
     */
    public ClientLimits build() {
      List<String> problems = new ArrayList<>();
      if (requests == 0 && burst != 0) {
        problems.add("burst(" + burst + ") needs a rate; add rate(requests, per)");
      }
      if (requests == 0 && maxDelaySet) {
        problems.add("maxDelay(" + maxDelay + ") needs a rate; add rate(requests, per)");
      }
      if (model == null && resolutionSet) {
        problems.add("nearDuplicateResolution(" + resolution + ") needs a near-duplicate quota; add nearDuplicateQuota(model, quota, window)");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("the client limits cannot be built: " + String.join("; ", problems));
      }
      return new ClientLimits(this);
    }
  }
}
