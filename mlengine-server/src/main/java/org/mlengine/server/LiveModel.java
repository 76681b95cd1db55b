package org.mlengine.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.AliasFollower;
import org.mlengine.serving.Deployment;
import org.mlengine.serving.ModelRegistry;
import org.mlengine.serving.ModelVersion;
import org.mlengine.serving.Predictor;
import org.mlengine.serving.Request;

/**
 * The model a server scores with: a single {@link Deployment} under the model's name, and when
 * it serves a registry alias the {@link AliasFollower} that swaps it live when the alias moves.
 * Knows the bundle serving now, for the metadata and the OpenAPI document. A bundle whose steps
 * read past events is served from a {@link ServedHistory} that the events endpoint appends to.
 */
final class LiveModel implements AutoCloseable {
  final String name;
  final Deployment deployment;
  final JsonCodec json;
  final V2Codec v2;
  private final ModelRegistry registry;
  private final AliasFollower follower;
  /** The history the bundle's event steps read (null when they read none), closed with the model. */
  private final ServedHistory history;
  /** Each event source's codec, by source name. */
  private final Map<String, EventCodec> events;
  private final List<String> sourceNames;
  private volatile ModelBundle bundle;

  private LiveModel(String name, Predictor given, ServedHistory.Place place, ModelRegistry registry, String alias,
      Duration every) throws IOException {
    List<EventSource> sources = given.eventSources();
    if (!sources.isEmpty() && place == null) {
      String id = given.bundle().id();
      given.close();
      throw new IllegalArgumentException("bundle " + id + " has window or aggregate steps that read each request's past events,"
          + " and this server keeps no history of them, so every answer would fail; give it one (mlengine serve BUNDLE.mlb"
          + " --history DIR, or --history redis://HOST:PORT; ModelServer builder diskHistory(dir, FsyncPolicy.always()) or"
          + " redisHistory(uri)) and append events with POST /v2/models/" + name + "/events/<source>, or serve it in process"
          + " with Predictor.withHistory(...).");
    }
    if (sources.isEmpty() && place != null) {
      String id = given.bundle().id();
      given.close();
      throw new IllegalArgumentException("a history was given (--history), but bundle " + id + " has no window or aggregate"
          + " step that reads past events; leave the history out.");
    }
    this.history = place == null ? null : open(place, name, sources, given);
    Predictor owned = given;   // the predictor this constructor closes if it fails, until the deployment owns it
    Deployment made = null;
    try {
      if (history != null) {
        owned = given.withHistory(history.history);
        given.close();   // the history's predictor shares its bundle and lives on
        Map<String, EventCodec> codecs = new LinkedHashMap<>();
        for (EventSource s : sources) {
          codecs.computeIfAbsent(s.name(), n -> EventCodec.forSource(n, sources));
        }
        this.events = Map.copyOf(codecs);
        this.sourceNames = List.copyOf(codecs.keySet());
      } else {
        this.events = Map.of();
        this.sourceNames = List.of();
      }
      this.name = name;
      this.bundle = owned.bundle();
      this.json = new JsonCodec(owned.inputSchema());
      this.v2 = new V2Codec(name, owned.inputSchema(), bundle.pipeline().task(), bundle.pipeline().classes());
      this.registry = registry;
      made = Deployment.single(owned);
      this.deployment = made;
      this.follower = registry == null ? null : deployment.follow("champion", registry, name, alias, every);
    } catch (IOException | RuntimeException | Error e) {
      if (made != null) {
        made.close();   // and the predictor it serves
      } else {
        owned.close();
      }
      closeHistory();
      throw e;
    }
  }

  /** The history at {@code place}; when it cannot be opened, {@code given} is closed before the failure goes on. */
  private static ServedHistory open(ServedHistory.Place place, String name, List<EventSource> sources, Predictor given)
      throws IOException {
    try {
      return place.open(name, sources);
    } catch (IOException | RuntimeException | Error e) {
      given.close();
      throw e;
    }
  }

  /** The name a bundle file serves under: its file name without {@code .mlb}. */
  static String nameOf(java.nio.file.Path bundleFile) {
    String file = bundleFile.getFileName() == null ? "" : bundleFile.getFileName().toString();
    return file.endsWith(".mlb") ? file.substring(0, file.length() - ".mlb".length()) : file;
  }

  /**
   * A model that stays as it is; when its steps read past events, from a history opened at
   * {@code place} (null: none, and such a bundle is refused).
   */
  static LiveModel fixed(String name, Predictor predictor, ServedHistory.Place place) throws IOException {
    return new LiveModel(name, predictor, place, null, null, null);
  }

  /** A model on the version a registry alias points at, checked every {@code every}. */
  static LiveModel following(ModelRegistry registry, String model, String alias, Duration every) throws IOException {
    return new LiveModel(model, registry.open(model, alias), null, registry, alias, every);
  }

  /** Whether answers read a history (and so may wait on a disk or a network). */
  boolean readsEvents() {
    return history != null;
  }

  /**
   * Appends the events a body holds to the history, all or none, and answers once they are as
   * durable as the history's policy makes them.
   *
   * @throws HttpError (404) for a source no step reads, (400) for a body that is not events of it
   * @throws org.mlengine.runtime.InvalidInputException when the history refuses an event (no key, no time)
   */
  byte[] append(String source, byte[] body) {
    EventCodec codec = events.get(source);
    if (codec == null) {
      throw new HttpError(404, history == null
          ? "model '" + name + "' reads no past events, so it takes none; its bundle has no window or aggregate step."
          : "no event source '" + source + "' in model '" + name + "'; its steps read " + sourceNames + ": POST their events to "
              + "/v2/models/" + name + "/events/<source>.");
    }
    Table table = codec.read(body);
    history.history.appendAll(source, table);
    return JsonCodec.appended(name, source, table.rowCount(), history.durability);
  }

  /** Scores one JSON row under the caller's request id (null: one the deployment makes); the answer's JSON. */
  byte[] predict(byte[] body, String requestId) {
    Request row = json.request(body);
    return JsonCodec.prediction(requestId == null ? deployment.predict(row) : deployment.predict(requestId, row));
  }

  /**
   * Scores a V2 batch under its own {@code "id"}, else the caller's request id, else a fresh one;
   * the V2 answer's JSON.
   */
  byte[] infer(V2Codec.Inference inference, Supplier<String> callerId) {
    String batch = batchId(inference, callerId);
    return v2.response(batch, deployment.predictAll(batch, inference.rows()), version());
  }

  /** {@link #infer(V2Codec.Inference, Supplier)}, the answer written on the pool's threads, in pieces to send in order. */
  ByteBuffer[] infer(V2Codec.Inference inference, Supplier<String> callerId, BatchPool pool) {
    String batch = batchId(inference, callerId);
    return v2.response(batch, deployment.predictAll(batch, inference.rows()), version(), pool);
  }

  private static String batchId(V2Codec.Inference inference, Supplier<String> callerId) {
    return inference.id() != null ? inference.id()
        : Objects.requireNonNullElseGet(callerId.get(), () -> UUID.randomUUID().toString());
  }

  /** How many times the alias moved to a version this model did not swap to (0 for a fixed model). */
  double swapFailures() {
    return follower == null ? 0 : follower.failures();
  }

  /** The bundle id serving now. */
  String version() {
    return deployment.stats().models().get(0).bundleId();
  }

  /** The bundle serving now (read from the registry once after each swap). */
  ModelBundle bundle() throws IOException {
    ModelBundle known = bundle;
    String serving = version();
    if (follower != null && !known.id().equals(serving)) {
      ModelVersion current = follower.current();
      if (current.bundleId().equals(serving)) {
        known = registry.bundle(name, current.number());
        bundle = known;
      }
    }
    return known;
  }

  @Override
  public void close() {
    if (follower != null) {
      follower.close();
    }
    deployment.close();
    closeHistory();
  }

  private void closeHistory() {
    if (history != null) {
      try {
        history.close();
      } catch (Exception e) {
        System.getLogger("org.mlengine.server").log(System.Logger.Level.ERROR, "closing the history (" + history + ")", e);
      }
    }
  }
}
