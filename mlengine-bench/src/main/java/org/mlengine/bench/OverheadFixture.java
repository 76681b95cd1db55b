package org.mlengine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mlengine.core.PipelineResult;
import org.mlengine.examples.Quickstart;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Deployment;
import org.mlengine.serving.Monitor;
import org.mlengine.serving.PredictionLog;
import org.mlengine.serving.Predictor;

/**
 * The overhead benchmarks' common setup: the credit quickstart's model, one held-out request,
 * and a single-model deployment with the named observers ({@code none}, {@code monitor},
 * {@code log}, {@code both}) in their default settings.
 */
final class OverheadFixture {
  /** The configurations, baseline first. */
  static final List<String> CONFIGURATIONS = List.of("none", "monitor", "log", "both");

  private final ModelBundle bundle;
  private final Map<String, Object> request;
  private Monitor monitor;
  private PredictionLog log;

  private OverheadFixture(ModelBundle bundle, Map<String, Object> request) {
    this.bundle = bundle;
    this.request = request;
  }

  /** Trains the quickstart model; the request is the first row of its test part, without the target. */
  static OverheadFixture make() throws Exception {
    Table credit = Quickstart.creditData();
    PipelineResult result = Quickstart.train(credit);
    Map<String, Object> request = new HashMap<>(credit.row(result.partition().test().get(0)).toMap());
    request.remove("Status");
    return new OverheadFixture(result.bundle(), request);
  }

  ModelBundle bundle() {
    return bundle;
  }

  Map<String, Object> request() {
    return request;
  }

  /**
   * A new deployment of the model in a predictor of its own, observed as {@code configuration}
   * says ({@code noop}: an observer that does nothing, the cost of the hook itself); the log (if
   * any) writes to {@code dir}. The observers made are {@link #monitor()} and
   * {@link #log()} until the next call.
   */
  Deployment deployment(String configuration, Path dir) {
    if (!CONFIGURATIONS.contains(configuration) && !configuration.equals("noop")) {
      throw new IllegalArgumentException("configuration '" + configuration + "'; expected noop or one of " + CONFIGURATIONS);
    }
    Deployment d = Deployment.single(Predictor.of(bundle));
    monitor = null;
    log = null;
    if (configuration.equals("noop")) {
      d.observe(served -> { });   // the hook alone: two clock reads, the wall clock, a Served
    }
    if (configuration.equals("monitor") || configuration.equals("both")) {
      monitor = Monitor.builder(bundle).build();
      d.observe(monitor);
    }
    if (configuration.equals("log") || configuration.equals("both")) {
      log = PredictionLog.builder(dir.resolve(configuration)).build();
      d.observe(log);
    }
    return d;
  }

  Monitor monitor() {
    return monitor;
  }

  PredictionLog log() {
    return log;
  }

  /** Deletes {@code dir} and everything in it (the logs' files). */
  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
