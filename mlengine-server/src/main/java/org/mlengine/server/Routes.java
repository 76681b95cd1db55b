package org.mlengine.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.server.ServerMetrics.Endpoint;
import org.xnio.XnioExecutor;

/**
 * The server's endpoints on Undertow: routing by path and method, the body limits, the request
 * time limit, the error bodies, the meters and the count of requests in flight for a graceful
 * shutdown. A single row is scored on the I/O thread that read it (microseconds, no hand-off),
 * unless the model reads a history; a batch, and appended events, go to a worker thread, which
 * shares a large batch's reading and writing with the {@link BatchPool}'s helpers. Every answer
 * goes through {@link #answer}, once per request.
 */
final class Routes implements HttpHandler {
  private static final System.Logger LOG = System.getLogger("org.mlengine.server");
  private static final HttpString REQUEST_ID = new HttpString("X-Request-Id");
  private static final String JSON = "application/json";
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
  private static final byte[] LIVE = "{\"live\":true}".getBytes(UTF_8);
  private static final byte[] READY = "{\"ready\":true}".getBytes(UTF_8);
  /** The start of an events endpoint's path after the model's: {@code /events/<source>}. */
  private static final String EVENTS = "/events/";

  private final String modelName;
  private final String modelPath;
  private final long maxBodyBytes;
  private final long requestTimeoutMillis;
  private final ServerMetrics metrics;
  /** Shares a large batch's decoding and writing between the worker thread and helpers, one per other core. */
  private final BatchPool pool;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final byte[] serverMetadata;
  private final IoCallback finished = new IoCallback() {
    @Override
    public void onComplete(HttpServerExchange exchange, Sender sender) {
      inFlight.decrementAndGet();
      exchange.endExchange();
    }

    @Override
    public void onException(HttpServerExchange exchange, Sender sender, IOException exception) {
      inFlight.decrementAndGet();
      exchange.endExchange();
    }
  };
  /** Batches handed to a worker thread and not yet done. */
  private final AtomicInteger working = new AtomicInteger();
  private volatile LiveModel model;
  private volatile boolean draining;

  Routes(String modelName, long maxBodyBytes, long requestTimeoutMillis, ServerMetrics metrics, String libraryVersion,
      BatchPool pool) {
    this.pool = pool;
    this.modelName = modelName;
    this.modelPath = "/v2/models/" + modelName;
    this.maxBodyBytes = maxBodyBytes;
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.metrics = metrics;
    this.serverMetadata = ("{\"name\":\"mlengine\",\"version\":\"" + libraryVersion + "\",\"extensions\":[]}").getBytes(UTF_8);
  }

  /** Starts serving a loaded model: ready from now on. */
  void serve(LiveModel loaded) {
    this.model = loaded;
    metrics.version(loaded.version());
    metrics.swaps(loaded.deployment, d -> d.stats().swaps());
    metrics.swapFailures(loaded, LiveModel::swapFailures);
  }

  /** Refuses new requests from now on (503, connection closed); those in flight go on. */
  void drain() {
    draining = true;
  }

  /** Requests received and not yet answered in full, and batches still being scored (answered by their time limit or not). */
  int inFlight() {
    return inFlight.get() + working.get();
  }

  /** One request on its way to its answer. */
  private static final class Call {
    final HttpServerExchange exchange;
    final long start;
    final AtomicBoolean answered = new AtomicBoolean();
    /**
     * Claimed once, for an events append, by the first of its worker (which then appends) and its
     * time limit (which then answers instead): an append that has begun is answered by its own
     * outcome, because a 503 could not stop it committing and the client's retry would append twice.
     */
    final AtomicBoolean started = new AtomicBoolean();
    Endpoint endpoint = Endpoint.OTHER;
    volatile boolean bodyRead;
    volatile XnioExecutor.Key deadline;
    /**
     * Set when a chunked body is refused as too large while it arrives: the exchange then ends
     * when both the 413 has been sent and the body has been read (and dropped) to its end.
     */
    volatile AtomicInteger refusedBodyEnds;

    Call(HttpServerExchange exchange, long start) {
      this.exchange = exchange;
      this.start = start;
    }
  }

  /** What to do with a request's body once it has all arrived. */
  private interface BodyHandler {
    void accept(Call call, byte[] body);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Call call = new Call(exchange, System.nanoTime());
    inFlight.incrementAndGet();
    if (draining) {
      exchange.setPersistent(false);
      error(call, 503, "the server is shutting down; send the request again (to another instance).");
      return;
    }
    try {
      route(call, exchange.getRequestPath(), exchange.getRequestMethod());
    } catch (RuntimeException e) {
      failed(call, e);   // answered once, counted, never Undertow's own page
    }
  }

  private void route(Call call, String path, HttpString method) {
    switch (path) {
      case "/predict" -> post(call, Endpoint.PREDICT, method, "/predict takes POST with one JSON object of column -> value",
          this::predict);
      case "/v2/health/live" -> get(call, Endpoint.HEALTH, method, () -> answer(call, 200, JSON, LIVE));
      case "/v2/health/ready" -> get(call, Endpoint.HEALTH, method, () -> {
        if (ready(call)) {
          answer(call, 200, JSON, READY);
        }
      });
      case "/v2" -> get(call, Endpoint.METADATA, method, () -> answer(call, 200, JSON, serverMetadata));
      case "/metrics" -> get(call, Endpoint.METRICS, method, () -> {
        LiveModel live = model;
        if (live != null) {
          metrics.version(live.version());
        }
        answer(call, 200, PROMETHEUS, metrics.scrape().getBytes(UTF_8));
      });
      case "/openapi.json" -> get(call, Endpoint.OPENAPI, method, () -> withBundle(call, b -> OpenApi.document(modelName, b)));
      default -> {
        if (path.startsWith("/v2/models/")) {
          model(call, path, method);
        } else {
          call.endpoint = Endpoint.OTHER;
          error(call, 404, "no endpoint " + path + "; this server answers " + endpoints() + ".");
        }
      }
    }
  }

  private String endpoints() {
    LiveModel live = model;
    return "POST /predict, POST " + modelPath + "/infer, "
        + (live != null && live.readsEvents() ? "POST " + modelPath + "/events/<source>, " : "") + "GET " + modelPath + ", GET " + modelPath + "/ready, GET /v2,"
        + " GET /v2/health/live, GET /v2/health/ready, GET /metrics and GET /openapi.json";
  }

  private void model(Call call, String path, HttpString method) {
    String rest = path.substring("/v2/models/".length());
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    String what = slash < 0 ? "" : rest.substring(slash);
    call.endpoint = what.equals("/infer") ? Endpoint.INFER : what.startsWith(EVENTS) ? Endpoint.EVENTS : Endpoint.METADATA;
    if (!name.equals(modelName)) {
      error(call, 404, "no model '" + name + "' here; this server serves '" + modelName + "' (GET " + modelPath + ").");
      return;
    }
    switch (what) {
      case "" -> get(call, Endpoint.METADATA, method, () -> withBundle(call, b -> model.v2.metadata(b)));
      case "/ready" -> get(call, Endpoint.METADATA, method, () -> answer(call, 200, JSON,
          ("{\"name\":\"" + modelName + "\",\"ready\":" + (model != null) + "}").getBytes(UTF_8)));
      case "/infer" -> post(call, Endpoint.INFER, method, "/infer takes POST with a KServe V2 inference request", this::infer);
      default -> {
        String source = what.startsWith(EVENTS) ? what.substring(EVENTS.length()) : "";
        if (source.isEmpty() || source.indexOf('/') >= 0) {
          error(call, 404, "no endpoint " + path + "; this server answers " + endpoints() + ".");
        } else {
          post(call, Endpoint.EVENTS, method, EVENTS + "<source> takes POST with one event (a JSON object) or an array of them",
              (c, body) -> onWorker(c, () -> {
                if (c.started.compareAndSet(false, true)) {
                  answer(c, 200, JSON, model.append(source, body));
                }
              }));
        }
      }
    }
  }

  private boolean ready(Call call) {
    if (model == null) {
      error(call, 503, "no model is loaded yet; retry when GET /v2/health/ready answers 200.");
      return false;
    }
    return true;
  }

  /** What a GET endpoint writes from the bundle serving now. */
  private interface BundleWriter {
    byte[] write(ModelBundle bundle) throws IOException;
  }

  /**
   * Answers from the bundle serving now, on a worker thread: after a swap the first such request
   * reads the new bundle from the registry (a file or a database), which must not hold up an I/O
   * thread and the connections it serves.
   */
  private void withBundle(Call call, BundleWriter writer) {
    if (!ready(call)) {
      return;
    }
    call.exchange.dispatch(() -> {
      try {
        answer(call, 200, JSON, writer.write(model.bundle()));
      } catch (IOException | RuntimeException e) {
        failed(call, e);
      }
    });
  }

  /** A GET endpoint; HEAD gets the same status and headers without the body (Undertow drops it), as RFC 9110 asks. */
  private void get(Call call, Endpoint endpoint, HttpString method, Runnable action) {
    call.endpoint = endpoint;
    if (!method.equals(Methods.GET) && !method.equals(Methods.HEAD)) {
      call.exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
      error(call, 405, method + " " + call.exchange.getRequestPath() + " is not allowed; use GET.");
      return;
    }
    action.run();
  }

  private void post(Call call, Endpoint endpoint, HttpString method, String usage, BodyHandler then) {
    call.endpoint = endpoint;
    HttpServerExchange exchange = call.exchange;
    if (!method.equals(Methods.POST)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
      error(call, 405, method + " " + exchange.getRequestPath() + " is not allowed; " + usage + ".");
      return;
    }
    if (!ready(call)) {
      return;
    }
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (type != null && !type.toLowerCase(Locale.ROOT).startsWith(JSON)) {
      error(call, 415, "the body is " + type + "; send it as application/json (Content-Type: application/json).");
      return;
    }
    long length = exchange.getRequestContentLength();
    if (length > maxBodyBytes) {
      exchange.setPersistent(false);
      error(call, 413, "the body is " + length + " bytes; the limit is " + maxBodyBytes + " bytes. " + raiseBodyLimit());
      return;
    }
    receive(call, length, then);
    if (!call.answered.get()) {
      call.deadline = exchange.getIoThread().executeAfter(() -> late(call), requestTimeoutMillis, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Reads the body from Undertow's partial reads and hands it to {@code then}; refuses it (413)
   * as soon as it passes the limit. Undertow's receiveFullBytes copies a body one byte at a time
   * (half of a 100k-row batch's time went there); its partial reads copy each chunk at once.
   */
  private void receive(Call call, long length, BodyHandler then) {
    HttpServerExchange exchange = call.exchange;
    Gathered gathered = new Gathered(length > 0 ? (int) length : 8192);
    exchange.getRequestReceiver().receivePartialBytes((e, chunk, last) -> {
      if (call.refusedBodyEnds != null) {
        if (last) {
          refusedBodyEnded(call);   // read and dropped to its end (see ModelServer's MAX_ENTITY_SIZE)
        }
        return;
      }
      if (gathered.size() + (long) chunk.length > maxBodyBytes) {
        gathered.reset();
        exchange.setPersistent(false);
        call.refusedBodyEnds = new AtomicInteger(last ? 1 : 2);
        error(call, 413, "the body is larger than the limit of " + maxBodyBytes + " bytes. " + raiseBodyLimit());
        return;
      }
      gathered.write(chunk, 0, chunk.length);
      if (last) {
        call.bodyRead = true;
        then.accept(call, gathered.whole());
      }
    }, (e, failure) -> {
      if (call.refusedBodyEnds != null) {
        refusedBodyEnded(call);   // the client went, or sent more than Undertow reads: the connection closes
        return;
      }
      if (failure instanceof RequestTooBigException) {
        exchange.setPersistent(false);
        error(call, 413, "the body is larger than the limit of " + maxBodyBytes + " bytes. " + raiseBodyLimit());
      } else {
        exchange.setPersistent(false);
        error(call, 400, "the body could not be read: " + failure.getMessage() + ".");
      }
    });
  }

  /** A body as it arrives, in an array sized by its declared length (then handed on as it is, not copied). */
  private static final class Gathered extends ByteArrayOutputStream {
    Gathered(int size) {
      super(size);
    }

    /** Every byte gathered: the array itself when it is exactly full. */
    byte[] whole() {
      return count == buf.length ? buf : toByteArray();
    }
  }

  /** One of the two ends of a refused chunked body (its 413 sent, its last byte read): the exchange ends after both. */
  private static void refusedBodyEnded(Call call) {
    if (call.refusedBodyEnds.decrementAndGet() == 0) {
      call.exchange.endExchange();
    }
  }

  /** The end of a 413's sending while its chunked body still arrives: the exchange ends when the body has too. */
  private IoCallback sentBeforeBodyEnd(Call call) {
    return new IoCallback() {
      @Override
      public void onComplete(HttpServerExchange exchange, Sender sender) {
        inFlight.decrementAndGet();
        refusedBodyEnded(call);
      }

      @Override
      public void onException(HttpServerExchange exchange, Sender sender, IOException exception) {
        inFlight.decrementAndGet();
        exchange.endExchange();
      }
    };
  }

  private static String raiseBodyLimit() {
    return "Send fewer rows per request, or raise the limit (mlengine serve --max-body-bytes N,"
        + " ModelServer builder maxBodyBytes(N)).";
  }

  /**
   * The request time limit passed: the body is still arriving (408), or scoring is (503). An
   * events append that has begun is left to answer with its own outcome (see {@link Call#started}).
   */
  private void late(Call call) {
    if (call.endpoint == Endpoint.EVENTS && !call.started.compareAndSet(false, true)) {
      return;
    }
    String raise = " Raise the limit with mlengine serve --request-timeout-ms N (ModelServer builder requestTimeout).";
    call.exchange.setPersistent(false);
    if (call.bodyRead) {
      error(call, 503, "scoring took longer than the request time limit of " + requestTimeoutMillis + " ms; send fewer rows"
          + " per request." + raise);
    } else {
      error(call, 408, "the body did not arrive within the request time limit of " + requestTimeoutMillis + " ms; send the"
          + " whole request at once." + raise);
    }
  }

  /**
   * Scores one row: on the I/O thread, or on a worker when the model reads a history (a disk's
   * or a network's wait must not hold up the connections an I/O thread serves).
   */
  private void predict(Call call, byte[] body) {
    if (model.readsEvents()) {
      onWorker(call, () -> predictNow(call, body));
    } else {
      predictNow(call, body);
    }
  }

  private void predictNow(Call call, byte[] body) {
    LiveModel live = model;
    try {
      byte[] answer = live.predict(body, requestId(call));
      metrics.scored(1);
      answer(call, 200, JSON, answer);
    } catch (RuntimeException e) {
      failed(call, e);
    }
  }

  /**
   * Parses and scores a batch on a worker thread. A batch whose time limit has already answered
   * (503) is not parsed or scored: under overload the server must not do the work of requests it
   * refused. Until the task ends it counts as in flight, so a graceful close waits for it.
   */
  private void infer(Call call, byte[] body) {
    onWorker(call, () -> inferNow(call, body));
  }

  /**
   * Runs {@code task} on a worker thread, unless the request's time limit has answered it
   * already; its failure answers the request. Until it ends it counts as in flight.
   */
  private void onWorker(Call call, Runnable task) {
    working.incrementAndGet();
    try {
      call.exchange.dispatch(() -> {
        try {
          if (!call.answered.get()) {
            task.run();
          }
        } catch (RuntimeException e) {
          failed(call, e);
        } finally {
          working.decrementAndGet();
        }
      });
    } catch (RuntimeException e) {
      working.decrementAndGet();
      failed(call, e);
    }
  }

  private void inferNow(Call call, byte[] body) {
    LiveModel live = model;
    try {
      V2Codec.Inference inference = live.v2.request(body, pool, metrics::batchReadFallback);
      if (call.answered.get()) {
        return;
      }
      ByteBuffer[] answer = live.infer(inference, () -> requestId(call), pool);
      metrics.scored(inference.rows().rowCount());
      answer(call, 200, JSON, answer);
    } catch (RuntimeException e) {
      failed(call, e);
    }
  }

  /** The caller's X-Request-Id, checked; null when there is none. */
  private static String requestId(Call call) {
    String id = call.exchange.getRequestHeaders().getFirst(REQUEST_ID);
    if (id == null) {
      return null;
    }
    return JsonCodec.requestId(id, "the X-Request-Id header", "an id the server makes");
  }

  /** An exception while answering: the client's mistake (4xx with its message) or the server's (500, logged). */
  private void failed(Call call, Exception e) {
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    if (e instanceof HttpError h) {
      error(call, h.status(), h.getMessage());
    } else if (e instanceof IllegalArgumentException) {   // InvalidInputException too: the Predictor's message
      error(call, 400, message);
    } else if (e instanceof IllegalStateException) {
      error(call, 503, message);
    } else {
      LOG.log(System.Logger.Level.ERROR, "failed to answer " + call.exchange.getRequestMethod() + " "
          + call.exchange.getRequestPath(), e);
      error(call, 500, "the server failed to answer (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); the"
          + " server log has the details. Please report it with the request.");
    }
  }

  private void error(Call call, int status, String message) {
    answer(call, status, JSON, JsonCodec.error(message));
  }

  /** Sends the answer, once: the first of the scorer and the time limit to get here wins. */
  private void answer(Call call, int status, String contentType, byte[] body) {
    if (claim(call, status, contentType)) {
      call.exchange.getResponseSender().send(ByteBuffer.wrap(body), call.refusedBodyEnds == null ? finished
          : sentBeforeBodyEnd(call));
      metrics.record(call.endpoint, status, System.nanoTime() - call.start);
    }
  }

  /**
   * {@link #answer(Call, int, String, byte[])} for an answer in pieces (a batch's), sent in one
   * gathering write each time the socket takes more, with its length declared.
   */
  private void answer(Call call, int status, String contentType, ByteBuffer[] body) {
    if (claim(call, status, contentType)) {
      long length = 0;
      for (ByteBuffer piece : body) {
        length += piece.remaining();
      }
      call.exchange.setResponseContentLength(length);
      call.exchange.getResponseSender().send(body, call.refusedBodyEnds == null ? finished : sentBeforeBodyEnd(call));
      metrics.record(call.endpoint, status, System.nanoTime() - call.start);
    }
  }

  /** Whether this call is the one to answer (the first to get here), its status and content type set if so. */
  private boolean claim(Call call, int status, String contentType) {
    if (!call.answered.compareAndSet(false, true)) {
      return false;
    }
    XnioExecutor.Key deadline = call.deadline;
    if (deadline != null) {
      deadline.remove();
    }
    call.exchange.setStatusCode(status);
    call.exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    return true;
  }
}
