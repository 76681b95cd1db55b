package org.mlengine.examples;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.ReportFiles;
import org.mlengine.eval.Report;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.AliasMove;
import org.mlengine.serving.Comparison;
import org.mlengine.serving.Deployment;
import org.mlengine.serving.Feedback;
import org.mlengine.serving.MaintenanceEvent;
import org.mlengine.serving.MaintenanceLoop;
import org.mlengine.serving.Monitor;
import org.mlengine.serving.ModelRegistry;
import org.mlengine.serving.ModelVersion;
import org.mlengine.serving.OnlineMetric;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Registration;

/**
 * The drift demo on the credit data: the quickstart's model, fitted on 2,500 applicants drawn
 * at random and registered as {@code production}, serves a replay of the others with their
 * true outcomes coming back as feedback; from request 4,000 on ({@link #DRIFT_AT}), the
 * applicants' incomes are inflated (a drift the model never saw). The monitor alerts on it, the
 * alert triggers the maintenance loop, which refits on the labelled traffic since the first
 * window the monitor alerted on (only that: the training rows carry the old incomes, which would
 * teach the new model the old scale), registers the result, runs it in the shadow and promotes
 * it only if it is significantly better on the same requests (McNemar, at the loop's alpha split
 * over its checks). Prints each step, the statistics, a Prometheus scrape of the
 * monitor's meters and the registry's history, and writes the monitor's last window as JSON and
 * the first model's report with that window as its monitoring page into {@value #REPORT_DIR}
 * beside the registry. Run it with {@code ./mlengine drift-demo}.
 *
 * <pre>{@code
 * DriftDemo.run(Quickstart.creditData(), Path.of("target/drift-demo-registry"), System.out);
 * }</pre>
 */
public final class DriftDemo {
  /** The registered model's name. */
  static final String MODEL = "credit";
  /** The applicants the first model is fitted on; the others are replayed as traffic. */
  static final int FITTED_ROWS = 2500;
  /** The request from which incomes are inflated. */
  static final int DRIFT_AT = 4_000;
  /** The most requests replayed (sampled with replacement from the traffic, seeded): the replay stops once the loop decides. */
  static final int MAX_REQUESTS = 100_000;
  /** How much incomes are inflated by. */
  static final double INCOME_FACTOR = 12.0;
  /** The requests (and labels) a trial's feedback keeps. */
  static final int FEEDBACK_KEPT = 20_000;
  /** The monitor's window, in requests. */
  static final int WINDOW = 500;
  /** The directory, beside the registry's, of the monitoring window and page. */
  static final String REPORT_DIR = "drift-demo-report";
  /** The monitoring window's file name. */
  static final String MONITORING_JSON = "monitoring.json";

  private DriftDemo() {}

  /** Runs the demo against a registry in {@code registryDir} (created, or reused), printing what happens. */
  public static void run(Table credit, Path registryDir, PrintStream print) throws IOException, InterruptedException {
    List<Integer> order = new ArrayList<>(IntStream.range(0, credit.rowCount()).boxed().toList());
    java.util.Collections.shuffle(order, new Random(42));
    Table fitted = credit.rows(order.subList(0, FITTED_ROWS).stream().mapToInt(Integer::intValue).toArray());
    Table traffic = credit.rows(order.subList(FITTED_ROWS, order.size()).stream().mapToInt(Integer::intValue).toArray());
    PipelineResult firstFit = Quickstart.pipeline().fit(fitted);
    ModelBundle first = firstFit.bundle().withLabel("credit-before-the-drift");
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Trial trial = new Trial();
    try (ModelRegistry registry = ModelRegistry.inDirectory(registryDir)) {
      ModelVersion v1 = registry.register(MODEL, first, Registration.by("demo", "the quickstart's model"));
      registry.promote(MODEL, "production", v1.number(), "demo", "first model in production");
      print.printf("registered %s v%d (%s), fitted on %d applicants; production -> v%d%n", MODEL, v1.number(),
          v1.bundleId().substring(0, 12), FITTED_ROWS, v1.number());
      try (Deployment live = Deployment.shadow(registry.open(MODEL, "production"), registry.open(MODEL, "production"));
          MaintenanceLoop loop = MaintenanceLoop.builder("drift-demo")
              .registry(registry, MODEL)
              .deployment(live)
              .retrainer(reason -> Quickstart.pipeline().fit(trial.labelledSince(trial.changedAt, fitted)).bundle()
                  .withLabel("credit-after-the-drift"))
              .verdict(candidate -> trial.compare(candidate.bundleId()))
              .alpha(0.05).minRequests(1000).budget(MAX_REQUESTS, Duration.ofMinutes(5)).checkEvery(Duration.ofMillis(200))
              .listener(event -> {
                print.println("loop: " + event);
                if (event.step() == MaintenanceEvent.Step.SHADOWING) {
                  trial.restart(live);   // judge the candidate on the requests it shadows
                } else if (event.step() == MaintenanceEvent.Step.PROMOTED || event.step() == MaintenanceEvent.Step.REFUSED) {
                  trial.decided = true;
                }
              })
              .build();
          // Every request, however fast the replay: an alert's first request is then the replay's own index.
          Monitor monitor = Monitor.builder(first).window(WINDOW).debounce(2).sampleAbove(Long.MAX_VALUE).meters(prometheus)
              .onAlert(alert -> {
                print.println("alert: " + alert.message());
                trial.changedAt = Math.min(trial.changedAt, (int) alert.firstRequest());
                loop.trigger("drift: " + alert.column() + " " + alert.measure());
              })
              .build()) {
        live.observe(monitor);
        trial.restart(live);
        replay(live, traffic, trial, print);
        monitor.flush(Duration.ofSeconds(10));
        print.println("monitor: " + monitor);
        writeMonitoringPage(firstFit, monitor, trial.feedback, registryDir, print);
        // Scraped while the monitor is open: closing it removes its meters from the registry.
        print.println("Prometheus scrape (the monitor's meters, Income and the model's answers):");
        prometheus.scrape().lines().filter(l -> !l.startsWith("#") && (l.contains("Income") || l.contains("alerts")
            || l.contains("estimated"))).limit(12).forEach(l -> print.println("  " + l));
      }
      print.println("history of " + MODEL + ":");
      for (AliasMove m : registry.history(MODEL)) {
        print.printf("  #%d %s %s: %s -> %s by %s (%s)%n", m.sequence(), m.kind(), m.alias(),
            m.from().isPresent() ? "v" + m.from().getAsInt() : "-", m.to().isPresent() ? "v" + m.to().getAsInt() : "-",
            m.by(), m.reason());
      }
    }
  }

  /**
   * Writes the monitor's last window as JSON ({@value #MONITORING_JSON}, beside the registry)
   * with the live metrics of the last shadow trial, and the first model's evaluation report with
   * that window as its monitoring page.
   */
  private static void writeMonitoringPage(PipelineResult fit, Monitor monitor, Feedback feedback, Path registryDir,
      PrintStream print) throws IOException {
    List<OnlineMetric> metrics = new ArrayList<>(feedback.metrics("champion"));
    metrics.addAll(feedback.metrics("shadow"));
    Path dir = registryDir.toAbsolutePath().resolveSibling(REPORT_DIR);
    Files.createDirectories(dir);
    Path json = dir.resolve(MONITORING_JSON);
    Files.writeString(json, monitor.windowJson(metrics));
    ReportFiles page = Report.of(fit).monitoring(json).write(dir);
    print.println("monitoring window: " + json);
    print.println("monitoring page: " + page.html() + " (the first model's report; its monitoring sections at the end)");
  }

  /**
   * Serves the replay, gives each answer its true outcome as feedback, and prints progress every
   * few windows, until the loop has decided on a candidate (the traffic does not wait for it: the
   * retraining and the shadow trial run on the loop's thread meanwhile).
   */
  private static void replay(Deployment live, Table traffic, Trial trial, PrintStream print) {
    Random random = new Random(17);
    String[] outcomes = traffic.stringColumn("Status");
    int right = 0;
    int i = 0;
    for (; i < MAX_REQUESTS && !trial.decided; i++) {
      int r = random.nextInt(traffic.rowCount());
      Map<String, Object> request = new LinkedHashMap<>(traffic.row(r).toMap());
      request.remove("Status");
      if (i >= DRIFT_AT && request.get("Income") instanceof Number income) {
        request.put("Income", income.doubleValue() * INCOME_FACTOR);
      }
      if (i == DRIFT_AT) {
        print.printf("request %d: from here on an upstream change sends incomes per year (x%.0f), not per month%n", i,
            INCOME_FACTOR);
      }
      Prediction p = live.predict("r" + i, request);
      trial.served(i, request, outcomes[r]);
      trial.feedback.feedback(p.requestId().orElseThrow(), outcomes[r]);
      right += p.label().orElseThrow().equals(outcomes[r]) ? 1 : 0;
      if ((i + 1) % (4 * WINDOW) == 0) {
        print.printf("request %d: accuracy of the served answers so far %.3f%n", i + 1, right / (double) (i + 1));
      }
    }
    print.printf("replayed %d requests; accuracy of the served answers %.3f%n", i, right / (double) i);
  }

  /**
   * The labelled traffic and the feedback of the current shadow trial: a new {@link Feedback}
   * each time a candidate enters the shadow, so that the comparison is of that candidate alone.
   */
  private static final class Trial {
    private final List<Map<String, Object>> labelled = new ArrayList<>();
    private final List<Integer> index = new ArrayList<>();
    volatile Feedback feedback = Feedback.keeping(FEEDBACK_KEPT);
    /** Set when the loop promoted or refused its candidate. */
    volatile boolean decided;
    /** The first request of the first window the monitor alerted on: the retraining learns from the rows since. */
    volatile int changedAt = Integer.MAX_VALUE;

    synchronized void served(int i, Map<String, Object> request, String outcome) {
      Map<String, Object> row = new LinkedHashMap<>(request);
      row.put("Status", outcome);
      labelled.add(row);
      index.add(i);
    }

    /** The requests served from {@code from} on, with their outcomes, as rows with {@code like}'s columns. */
    synchronized Table labelledSince(int from, Table like) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int k = 0; k < labelled.size(); k++) {
        if (index.get(k) >= from) {
          rows.add(labelled.get(k));
        }
      }
      return Table.fromRows(rows).select(like.schema().names().toArray(String[]::new));
    }

    void restart(Deployment live) {
      Feedback next = Feedback.keeping(FEEDBACK_KEPT);
      live.observe(next);
      Feedback previous = feedback;
      feedback = next;
      live.unobserve(previous);
    }

    /** The champion against the candidate {@code bundleId} in the shadow, on the requests both answered. */
    Comparison compare(String bundleId) {
      return feedback.compare("champion", "shadow", bundleId);
    }
  }
}
