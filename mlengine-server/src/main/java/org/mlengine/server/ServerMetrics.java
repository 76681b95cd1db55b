package org.mlengine.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToDoubleFunction;

/**
 * The server's meters in a Prometheus registry: requests by endpoint and status, errors (status
 * 4xx and 5xx) by endpoint and status, a latency histogram by endpoint, rows scored, the model
 * version as an info gauge ({@code mlengine_model_info{model, version} 1}), alias swaps and refused swaps, large V2
 * bodies read again in order after their parallel read failed ({@code mlengine_batch_read_fallbacks_total{model,
 * outcome}}), and the JVM's memory, threads, CPU and uptime. Thread-safe; {@link #record} is the hot path.
 */
final class ServerMetrics {
  /** HTTP statuses are below 600. */
  private static final int STATUSES = 600;

  /** Where a request went, for the meters' {@code endpoint} tag. */
  enum Endpoint {
    PREDICT("predict"), INFER("infer"), EVENTS("events"), METADATA("metadata"), HEALTH("health"), METRICS("metrics"), OPENAPI("openapi"),
    OTHER("other");

    final String tag;

    Endpoint(String tag) {
      this.tag = tag;
    }
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String model;
  private final Timer[] latency = new Timer[Endpoint.values().length];
  /** The counters of each endpoint and HTTP status (100-599), made on first use. */
  private final AtomicReferenceArray<Counter[]> requests = new AtomicReferenceArray<>(Endpoint.values().length * STATUSES);
  private final Counter rows;
  /** Large V2 bodies read again in order after the read in parts failed: refused by it too, or read. */
  private final Counter fallbacksRefused;
  private final Counter fallbacksRead;
  private Gauge modelInfo;
  private String version;

  ServerMetrics(String model) {
    this.model = model;
    for (Endpoint e : Endpoint.values()) {
      latency[e.ordinal()] = Timer.builder("mlengine.request")
          .description("Time from a request's arrival to its answer being handed to the connection")
          .tag("endpoint", e.tag)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofNanos(20_000))
          .maximumExpectedValue(Duration.ofSeconds(30))
          .register(registry);
    }
    rows = Counter.builder("mlengine.rows.scored").description("Rows scored by /predict and the V2 infer endpoint")
        .tag("model", model).register(registry);
    fallbacksRefused = fallbacks("refused");
    fallbacksRead = fallbacks("read");
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Counts one answered request and its time since arrival. */
  void record(Endpoint endpoint, int status, long nanos) {
    latency[endpoint.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    int key = endpoint.ordinal() * STATUSES + status;
    Counter[] counters = requests.get(key);
    if (counters == null) {   // two first requests may both register: the registry gives both the same meters
      counters = register(endpoint, status);
      requests.set(key, counters);
    }
    for (Counter c : counters) {
      c.increment();
    }
  }

  /** The counters a request of this endpoint and status adds to: the requests, and the errors for 4xx and 5xx. */
  private Counter[] register(Endpoint endpoint, int status) {
    String code = Integer.toString(status);
    Counter all = Counter.builder("mlengine.requests").description("Requests answered, by endpoint and status")
        .tag("endpoint", endpoint.tag).tag("status", code).register(registry);
    if (status < 400) {
      return new Counter[] {all};
    }
    return new Counter[] {all, Counter.builder("mlengine.request.errors").description("Requests answered with an error status")
        .tag("endpoint", endpoint.tag).tag("status", code).register(registry)};
  }

  private Counter fallbacks(String outcome) {
    return Counter.builder("mlengine.batch.read.fallbacks")
        .description("Large V2 infer bodies read again in order after the parallel read failed; outcome=refused: the body"
            + " was invalid (answered 400), outcome=read: the parallel reader failed on a valid body, a bug to report")
        .tag("model", model).tag("outcome", outcome).register(registry);
  }

  /** Counts one large body read again in order ({@link V2Codec.Fallbacks}). */
  void batchReadFallback(boolean refused) {
    (refused ? fallbacksRefused : fallbacksRead).increment();
  }

  /** Adds scored rows. */
  void scored(int count) {
    rows.increment(count);
  }

  /** Counts swaps with a function of the deployment's statistics, read at each scrape. */
  <T> void swaps(T source, ToDoubleFunction<T> swaps) {
    FunctionCounter.builder("mlengine.model.swaps", source, swaps).description("Times the model was replaced live")
        .tag("model", model).register(registry);
  }

  /** Counts alias moves the server refused to follow (an incompatible version, a registry it could not read). */
  <T> void swapFailures(T source, ToDoubleFunction<T> failures) {
    FunctionCounter.builder("mlengine.model.swap.failures", source, failures)
        .description("Registry alias moves the server did not follow: it kept the model it had").tag("model", model)
        .register(registry);
  }

  /** Points the info gauge at the version serving now (a bundle id); the old version's series goes. */
  synchronized void version(String bundleId) {
    if (bundleId.equals(version)) {
      return;
    }
    if (modelInfo != null) {
      registry.remove(modelInfo);
    }
    modelInfo = Gauge.builder("mlengine.model.info", () -> 1).description("The model serving now: 1 for its version")
        .tag("model", model).tag("version", bundleId).register(registry);
    version = bundleId;
  }

  /** The Prometheus text exposition of every meter. */
  String scrape() {
    return registry.scrape();
  }
}
