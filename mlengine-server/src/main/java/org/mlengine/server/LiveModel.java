package org.mlengine.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.serving.AliasFollower;
import org.mlengine.serving.Deployment;
import org.mlengine.serving.ModelRegistry;
import org.mlengine.serving.ModelVersion;
import org.mlengine.serving.Predictor;
import org.mlengine.serving.Request;

/**
 * The model a server scores with: a single {@link Deployment} under the model's name, and when
 * it serves a registry alias the {@link AliasFollower} that swaps it live when the alias moves.
 * Knows the bundle serving now, for the metadata and the OpenAPI document.
 */
final class LiveModel implements AutoCloseable {
  final String name;
  final Deployment deployment;
  final JsonCodec json;
  final V2Codec v2;
  private final ModelRegistry registry;
  private final AliasFollower follower;
  private volatile ModelBundle bundle;

  private LiveModel(String name, Predictor predictor, ModelRegistry registry, String alias, Duration every) throws IOException {
    if (!predictor.eventSources().isEmpty()) {
      String id = predictor.bundle().id();
      predictor.close();
      throw new IllegalArgumentException("bundle " + id + " has window or aggregate steps that read each request's past"
          + " events, and a server keeps no history of them, so every answer would fail; serve it in process with"
          + " Predictor.withHistory(...), or serve a pipeline without event steps.");
    }
    this.name = name;
    this.bundle = predictor.bundle();
    this.json = new JsonCodec(predictor.inputSchema());
    this.v2 = new V2Codec(name, predictor.inputSchema(), bundle.pipeline().task(), bundle.pipeline().classes());
    this.registry = registry;
    this.deployment = Deployment.single(predictor);
    try {
      this.follower = registry == null ? null : deployment.follow("champion", registry, name, alias, every);
    } catch (IOException | RuntimeException e) {
      deployment.close();
      throw e;
    }
  }

  /** The name a bundle file serves under: its file name without {@code .mlb}. */
  static String nameOf(java.nio.file.Path bundleFile) {
    String file = bundleFile.getFileName() == null ? "" : bundleFile.getFileName().toString();
    return file.endsWith(".mlb") ? file.substring(0, file.length() - ".mlb".length()) : file;
  }

  /** A model that stays as it is. */
  static LiveModel fixed(String name, Predictor predictor) throws IOException {
    return new LiveModel(name, predictor, null, null, null);
  }

  /** A model on the version a registry alias points at, checked every {@code every}. */
  static LiveModel following(ModelRegistry registry, String model, String alias, Duration every) throws IOException {
    return new LiveModel(model, registry.open(model, alias), registry, alias, every);
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
  }
}
