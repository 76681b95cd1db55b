package org.mlengine.server;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.mlengine.serving.ModelRegistry;
import org.mlengine.serving.Predictor;
import org.mlengine.serving.history.DiskHistory;
import org.mlengine.serving.history.FsyncPolicy;
import org.mlengine.serving.history.RedisHistory;

/**
 * A model served over HTTP: one bundle, or the version a registry alias points at (swapped live
 * when the alias moves), on an embedded Undertow server. JSON endpoints for one row ({@code POST
 * /predict}) and for batches (KServe V2 {@code POST /v2/models/<name>/infer}), the model's
 * metadata, liveness and readiness, Prometheus metrics and an OpenAPI document made from the
 * bundle's input schema. Bad requests get a 4xx status and {@code {"error": message}}, never a
 * stack trace.
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.forBundle(Path.of("credit.mlb")).port(8080).build().start()) {
 *   // curl -s localhost:8080/predict -H 'Content-Type: application/json' \
 *   //   -d '{"Seniority":9,"Home":"rent","Time":60,"Age":30,"Marital":"married","Records":"no","Job":"freelance",
 *   //        "Expenses":73,"Income":129,"Assets":0,"Debt":0,"Amount":800,"Price":846}'
 *   server.awaitClose();
 * }
 * try (ModelRegistry registry = ModelRegistry.inDirectory(Path.of("registry"));
 *     ModelServer server = ModelServer.forRegistry(registry, "credit", "production").port(0).build().start()) {
 *   System.out.println("serving on port " + server.port());   // a promote in the registry swaps within a second
 * }
 * }</pre>
 *
 * <p>The model's name in URLs is the registry model's name, or the bundle file's name without
 * {@code .mlb}. Limits: a body larger than {@link Builder#maxBodyBytes} is refused (413); a
 * request whose body does not arrive within {@link Builder#requestTimeout} gets 408, one whose
 * scoring takes longer gets 503 (an events append that has begun is the exception: it is answered
 * by its own outcome however long it takes, since a 503 could not stop it committing and a retry
 * would append it twice); a connection idle for {@link Builder#idleTimeout} is closed.
 * {@link #close()} is graceful: new requests get 503, requests in flight finish (up to {@link
 * Builder#drainTimeout}), then the server stops and the model is released. The command line:
 * {@code ModelServer.main} (or {@code ./mlengine serve}), see {@link #run}.
 *
 * <p>A bundle whose window or aggregate steps read each request's past is served from a durable
 * history ({@link Builder#diskHistory} or {@link Builder#redisHistory}): the application appends
 * each event once it happened with {@code POST /v2/models/<name>/events/<source>} (one JSON object,
 * or an array of them; answered once they are as durable as the history's policy makes them), and
 * every answer reads the events appended before it, exactly as {@code Predictor.withHistory} does
 * in process. The history outlives the server: another server on the same directory (or Redis
 * namespace) answers the same. Closing the server closes the history and releases its directory.
 */
public final class ModelServer implements AutoCloseable {
  /**
   * Undertow and XNIO log their versions at INFO on start through java.util.logging; the command
   * line, an application, turns them down (the library itself never configures logging). Held
   * here because java.util.logging keeps loggers only weakly.
   */
  private static final java.util.logging.Logger[] SERVER_LOGS = {
    java.util.logging.Logger.getLogger("io.undertow"), java.util.logging.Logger.getLogger("org.xnio")};

  /** Where the model comes from: a bundle file, a predictor, or a registry alias. */
  private sealed interface Source permits BundleFile, GivenPredictor, RegistryAlias {}

  private record BundleFile(Path path) implements Source {}

  private record GivenPredictor(String name, Predictor predictor) implements Source {}

  private record RegistryAlias(ModelRegistry registry, String model, String alias) implements Source {}

  private final Source source;
  private final String name;
  private final String host;
  private final int requestedPort;
  private final long maxBodyBytes;
  private final Duration requestTimeout;
  private final Duration idleTimeout;
  private final Duration drainTimeout;
  private final Duration pollEvery;
  private final ServedHistory.Place history;
  private final CountDownLatch closed = new CountDownLatch(1);
  private Undertow undertow;
  private Routes routes;
  private BatchPool pool;
  private LiveModel model;
  private int port = -1;
  private boolean started;

  private ModelServer(Builder b) {
    this.source = b.source;
    this.name = b.name;
    this.host = b.host;
    this.requestedPort = b.port;
    this.maxBodyBytes = b.maxBodyBytes;
    this.requestTimeout = b.requestTimeout;
    this.idleTimeout = b.idleTimeout;
    this.drainTimeout = b.drainTimeout;
    this.pollEvery = b.pollEvery;
    this.history = b.history;
  }

  /**
   * A server for a bundle file, loaded (and verified) when the server starts; the model's name is
   * the file's name without {@code .mlb}.
   */
  public static Builder forBundle(Path bundle) {
    Objects.requireNonNull(bundle, "the bundle path is null; pass the .mlb file to serve, e.g. Path.of(\"credit.mlb\")");
    return new Builder(new BundleFile(bundle), LiveModel.nameOf(bundle));
  }

  /** A server for a predictor already loaded, under {@code name}; the server closes it when it closes. */
  public static Builder forPredictor(String name, Predictor predictor) {
    Objects.requireNonNull(predictor, "the predictor is null; load one with Predictor.load(path)");
    return new Builder(new GivenPredictor(name, predictor), name);
  }

  /**
   * A server for the version that {@code alias} of {@code model} points at in {@code registry},
   * checked every {@link Builder#pollEvery} and swapped live when it moves (no request fails).
   * The caller keeps the registry open while the server runs, and closes it after.
   */
  public static Builder forRegistry(ModelRegistry registry, String model, String alias) {
    Objects.requireNonNull(registry, "the registry is null; open one with ModelRegistry.inDirectory(dir)");
    Objects.requireNonNull(alias, "the alias is null; pass the alias to follow, e.g. \"production\"");
    return new Builder(new RegistryAlias(registry, model, alias), model);
  }

  /**
   * Binds the port (requests get 503 until the model is loaded), loads the model and returns
   * once it serves.
   *
   * @throws IOException when the port cannot be bound or the model cannot be loaded (the server
   *     is then stopped again)
   * @throws IllegalStateException when the server was started before
   */
  public synchronized ModelServer start() throws IOException {
    if (started) {
      throw new IllegalStateException("server '" + name + "' was started already; build a new one to start again.");
    }
    started = true;
    ServerMetrics metrics = new ServerMetrics(name);
    pool = BatchPool.forCores();
    routes = new Routes(name, maxBodyBytes, requestTimeout.toMillis(), metrics, libraryVersion(), pool);
    int cores = Runtime.getRuntime().availableProcessors();
    int idleMillis = (int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis());
    undertow = Undertow.builder()
        .addHttpListener(requestedPort, host)
        .setIoThreads(Math.max(2, cores))
        .setWorkerThreads(Math.max(4, cores * 2))
        .setServerOption(UndertowOptions.IDLE_TIMEOUT, idleMillis)
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, idleMillis)
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()))
        // The routes refuse a body over maxBodyBytes: by its declared length before reading it, a
        // chunked one as it arrives. Undertow's own limit is twice that, so that a chunked body
        // refused half-way is still read (and dropped) for a while and the client, still sending,
        // reads the 413 instead of a reset connection; beyond it Undertow closes the connection.
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, maxBodyBytes > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * maxBodyBytes)
        // A client that sends "Expect: 100-continue" (curl, for a large body) waits for a 100
        // before it sends the body: it is sent when the routes start reading the body, so a body
        // refused by its declared length (413) is never sent.
        .setHandler(new HttpContinueReadHandler(routes))
        .build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      if (source instanceof GivenPredictor g) {
        g.predictor().close();   // the server owns the predictor it was given, started or not
      }
      pool.close();
      closed.countDown();
      throw new IOException("cannot listen on " + host + ":" + requestedPort + " (" + rootMessage(e) + "); choose another"
          + " port (port 0 takes any free one) or stop what uses it.", e);
    }
    port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    try {
      model = load();
      routes.serve(model);
    } catch (IOException | RuntimeException e) {
      undertow.stop();
      pool.close();
      if (model != null) {
        model.close();   // and its history, whose directory another server may then open
      }
      closed.countDown();
      throw e;
    }
    return this;
  }

  /** The jar's version (its manifest's Implementation-Version); "development" when run from classes. */
  private static String libraryVersion() {
    return Objects.requireNonNullElse(ModelServer.class.getPackage().getImplementationVersion(), "development");
  }

  private LiveModel load() throws IOException {
    if (source instanceof BundleFile f) {
      return LiveModel.fixed(name, Predictor.load(f.path()), history);
    }
    if (source instanceof GivenPredictor g) {
      return LiveModel.fixed(name, g.predictor(), history);
    }
    RegistryAlias r = (RegistryAlias) source;
    return LiveModel.following(r.registry(), r.model(), r.alias(), pollEvery);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** The port the server listens on (the one the system chose for port 0). */
  public int port() {
    if (port < 0) {
      throw new IllegalStateException("server '" + name + "' is not started; call start() first.");
    }
    return port;
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** The model's name in the URLs ({@code /v2/models/<name>}). */
  public String modelName() {
    return name;
  }

  /** Blocks until {@link #close()} has finished (from another thread, or a shutdown hook). */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /**
   * Stops gracefully: new requests get 503 and their connections close, requests in flight
   * finish (waiting up to the drain timeout), then the server stops and the model is released.
   * Calling it again does nothing.
   */
  @Override
  public synchronized void close() {
    if (closed.getCount() == 0 || undertow == null) {
      closed.countDown();
      return;
    }
    routes.drain();
    long until = System.nanoTime() + drainTimeout.toNanos();
    try {
      while (requestsInFlight() > 0 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      undertow.stop();
      pool.close();
      if (model != null) {
        model.close();
      }
      closed.countDown();
    }
  }

  /** Requests received and not yet answered in full: what {@link #close()} waits for. */
  int requestsInFlight() {
    return routes == null ? 0 : routes.inFlight();
  }

  @Override
  public String toString() {
    return "ModelServer[" + name + (port < 0 ? ", not started" : ", " + url()) + "]";
  }

  /**
   * The command line: {@code ModelServer BUNDLE.mlb} or {@code ModelServer --registry DIR --model
   * NAME [--alias production]}, with {@code [--host 127.0.0.1] [--port 8080]} and the limits (see
   * {@link #run}); prints {@code mlengine-server listening on http://HOST:PORT} and serves until
   * the process is terminated (SIGTERM: graceful shutdown). Exits with 2 on a usage error, 1 when
   * the server cannot start.
   */
  public static void main(String... args) {
    int code = run(System.out, System.err, args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Why the server could not start, in words: a file system error's message is often the bare
   * path, which says neither what went wrong nor what to do.
   */
  static String reason(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException denied) {
      return "permission denied reading " + denied.getFile() + "; make it readable by the user the server runs as"
          + " (a bundle saved by ModelBundle.save is readable by its owner only: chmod -R a+rX on the registry or file),"
          + " or run the server as its owner.";
    }
    if (e instanceof java.nio.file.NoSuchFileException missing) {
      return "no such file " + missing.getFile() + "; check the path (a registry's versions live under DIR/models/NAME).";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * Runs the command line ({@link #main}) and returns its exit code instead of exiting: 2 for a
   * usage error, 1 when the server cannot start, 0 once it was stopped. Blocks while serving.
   *
   * <pre>{@code
   * mlengine serve credit.mlb --port 8080
   * mlengine serve --registry registry --model credit --alias production --port 0
   * }</pre>
   *
   * <p>Options: {@code --host} (default 127.0.0.1), {@code --port} (8080; 0 for any free port),
   * {@code --max-body-bytes} (33554432), {@code --request-timeout-ms} (10000), {@code
   * --idle-timeout-ms} (60000), {@code --drain-timeout-ms} (10000), {@code --poll-ms} (1000, how
   * often a registry alias is checked), {@code --history DIR} or {@code --history redis://HOST:PORT}
   * (where a bundle with window or aggregate steps keeps the events they read) and {@code --fsync
   * always|interval:MS} (with a directory: when appends are forced; default always).
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    for (java.util.logging.Logger chatty : SERVER_LOGS) {
      if (chatty.getLevel() == null) {
        chatty.setLevel(java.util.logging.Level.WARNING);
      }
    }
    ServerArguments arguments;
    try {
      arguments = ServerArguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("mlengine-server: " + e.getMessage());
      err.println(ServerArguments.USAGE);
      return 2;
    }
    if (arguments.help()) {
      out.println(ServerArguments.USAGE);
      return 0;
    }
    ModelRegistry registry = null;
    ModelServer server;
    try {
      Builder builder;
      if (arguments.registry() != null) {
        registry = ModelRegistry.inDirectory(arguments.registry());
        builder = forRegistry(registry, arguments.model(), arguments.alias());
      } else {
        builder = forBundle(arguments.bundle());
      }
      server = arguments.configure(builder).build().start();
    } catch (IOException | RuntimeException e) {
      err.println("mlengine-server: cannot start: " + reason(e));
      closeQuietly(registry, err);
      return 1;
    }
    out.println("mlengine-server listening on " + server.url());
    out.flush();
    ModelRegistry opened = registry;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      closeQuietly(opened, err);
    }, "mlengine-server-shutdown"));
    try {
      server.awaitClose();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void closeQuietly(ModelRegistry registry, PrintStream err) {
    if (registry != null) {
      try {
        registry.close();
      } catch (IOException e) {
        err.println("mlengine-server: closing the registry: " + e.getMessage());
      }
    }
  }

  /**
   * The server's address, limits and model source; {@link #build()} makes the server (not yet
   * started). Setters check their own argument.
   *
   * <pre>{@code
   * ModelServer server = ModelServer.forBundle(Path.of("credit.mlb"))
   *     .host("0.0.0.0").port(8080)
   *     .maxBodyBytes(8 << 20).requestTimeout(Duration.ofSeconds(2))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final Source source;
    private final String name;
    private String host = "127.0.0.1";
    private int port = 8080;
    private long maxBodyBytes = 32L << 20;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration drainTimeout = Duration.ofSeconds(10);
    private Duration pollEvery = Duration.ofSeconds(1);
    private ServedHistory.Place history;

    private Builder(Source source, String name) {
      if (name == null || name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || "._-".indexOf(c) >= 0)) {
        throw new IllegalArgumentException("the model name is \"" + name + "\"; it goes in URLs (/v2/models/<name>), so use"
            + " letters, digits, '.', '_' and '-' only, e.g. \"credit\".");
      }
      this.source = source;
      this.name = name;
    }

    /** The address to listen on (default 127.0.0.1, loopback only; 0.0.0.0 for every interface). */
    public Builder host(String host) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("the host is blank; pass an address to listen on, e.g. \"127.0.0.1\" or \"0.0.0.0\".");
      }
      this.host = host;
      return this;
    }

    /** The port (default 8080); 0 takes any free port, which {@link ModelServer#port()} tells. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("the port is " + port + "; expected 0 to 65535 (0 for any free port).");
      }
      this.port = port;
      return this;
    }

    /** The largest request body (default 32 MiB); a larger one gets 413. */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("the body limit is " + maxBodyBytes + " bytes; expected at least 1, e.g. 33554432 (32 MiB).");
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * How long a request may take from arrival to answer (default 10 s): 408 while its body
     * arrives, 503 while it is scored or its events wait for a worker; events being appended are
     * answered by the append's own outcome.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "request timeout");
      return this;
    }

    /** How long a connection may stay idle before it is closed (default 60 s). */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = positive(idleTimeout, "idle timeout");
      return this;
    }

    /** How long {@link ModelServer#close()} waits for requests in flight (default 10 s). */
    public Builder drainTimeout(Duration drainTimeout) {
      this.drainTimeout = positive(drainTimeout, "drain timeout");
      return this;
    }

    /** How often a registry alias is checked (default 1 s); ignored for a bundle or a predictor. */
    public Builder pollEvery(Duration pollEvery) {
      this.pollEvery = positive(pollEvery, "poll interval");
      return this;
    }

    /**
     * Keeps the events that the bundle's window and aggregate steps read in a {@link DiskHistory}
     * in {@code dir} (created when missing; replayed when it holds a log; one server per
     * directory), forcing appends to the disk as {@code policy} says, with the shortest retention
     * that keeps what the steps read. Needed for such a bundle; refused for any other, and for a
     * registry alias.
     *
     * <pre>{@code
     * ModelServer.forBundle(Path.of("chicago.mlb")).diskHistory(Path.of("history"), FsyncPolicy.always()).build();
     * }</pre>
     */
    public Builder diskHistory(Path dir, FsyncPolicy policy) {
      this.history = new ServedHistory.Disk(dir, policy);
      return this;
    }

    /**
     * Keeps those events in Redis at {@code uri} ({@code redis://host:port/db}) instead, under
     * the model's name as the namespace, shared by every server given the same URI and name (see
     * {@link RedisHistory}).
     */
    public Builder redisHistory(String uri) {
      if (uri == null || !(uri.startsWith("redis://") || uri.startsWith("rediss://"))) {
        throw new IllegalArgumentException("the Redis URI is " + (uri == null ? "null" : "'" + uri + "'") + "; give one such as"
            + " redis://127.0.0.1:6379 (rediss:// for TLS).");
      }
      this.history = new ServedHistory.Redis(uri);
      return this;
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero() || d.toMillis() < 1) {
        throw new IllegalArgumentException("the " + what + " is " + d + "; expected at least a millisecond, e.g."
            + " Duration.ofSeconds(10).");
      }
      return d;
    }

    /**
     * The server, not started yet.
     *
     * @throws IllegalArgumentException when the bundle file does not exist
     */
    public ModelServer build() {
      if (source instanceof BundleFile f && !Files.isRegularFile(f.path())) {
        throw new IllegalArgumentException("bundle file " + f.path() + " does not exist or is not a file; pass a .mlb file"
            + " written by ModelBundle.save (./mlengine quickstart writes credit.mlb).");
      }
      if (source instanceof RegistryAlias && history != null) {
        throw new IllegalArgumentException("a history (--history) serves a bundle file or a predictor, not a registry alias: a"
            + " version the alias moves to may read other events than the history keeps. Serve the version's bundle file.");
      }
      return new ModelServer(this);
    }
  }
}
