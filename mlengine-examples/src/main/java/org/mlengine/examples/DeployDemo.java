package org.mlengine.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.AliasFollower;
import org.mlengine.serving.AliasMove;
import org.mlengine.serving.Answer;
import org.mlengine.serving.Deployment;
import org.mlengine.serving.Fallback;
import org.mlengine.serving.Limits;
import org.mlengine.serving.ModelRegistry;
import org.mlengine.serving.ModelVersion;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;
import org.mlengine.serving.Registration;
import org.mlengine.serving.ShadowReport;

/**
 * The deployment demo on the credit data: two bundles fitted on the first applicants are
 * registered, the rest of the applicants arrive as live traffic, and the candidate goes
 * through a shadow phase, a canary, a promotion (the serving deployment follows the registry's
 * {@code production} alias and swaps live) and a rollback; then the candidate answers within
 * limits, with the first model standing in for the answers they refuse. Run it with {@code ./mlengine deploy-demo}.
 *
 * <pre>{@code
 * DeployDemo.run(Quickstart.creditData(), Path.of("target/deploy-demo-registry"), System.out);
 * }</pre>
 */
public final class DeployDemo {
  /** The registered model's name. */
  static final String MODEL = "credit";
  /** The applicants the two bundles are fitted on; the rest arrive as traffic. */
  static final int FITTED_ROWS = 3000;
  /** The canary's share of the applicants. */
  static final double CANARY_SHARE = 0.2;

  private DeployDemo() {}

  /** The two bundles and the traffic they serve. */
  record Setup(ModelBundle logistic, ModelBundle forest, Table traffic) {}

  /** Fits the logistic quickstart pipeline and a random forest on the first applicants. */
  static Setup fit(Table credit) {
    Table fitted = credit.rows(IntStream.range(0, FITTED_ROWS).toArray());
    Table traffic = credit.rows(IntStream.range(FITTED_ROWS, credit.rowCount()).toArray());
    ModelBundle logistic = Quickstart.pipeline().fit(fitted).bundle().withLabel("credit-logistic");
    ModelBundle forest = Quickstart.pipeline(Trainers.randomForest().trees(50).seed(7)).fit(fitted).bundle()
        .withLabel("credit-forest");
    return new Setup(logistic, forest, traffic);
  }

  /** Runs every phase against a registry in {@code registryDir} (created, or reused when it exists), printing what each observed. */
  public static void run(Table credit, Path registryDir, PrintStream print) throws IOException, InterruptedException {
    Setup setup = fit(credit);
    try (ModelRegistry registry = ModelRegistry.inDirectory(registryDir)) {
      ModelVersion first = registry.register(MODEL, setup.logistic(), Registration.by("demo", "the quickstart's logistic model"));
      ModelVersion second = registry.register(MODEL, setup.forest(), Registration.by("demo", "a random forest on the same steps"));
      registry.promote(MODEL, "production", first.number(), "demo", "first model in production");
      registry.promote(MODEL, "candidate", second.number(), "demo", "to be tried");
      print.printf("registered %s v%d (%s) and v%d (%s) in %s; production -> v%d, candidate -> v%d%n", MODEL, first.number(),
          first.bundleId().substring(0, 12), second.number(), second.bundleId().substring(0, 12), registryDir,
          first.number(), second.number());
      List<Map<String, Object>> requests = requests(setup.traffic());
      String[] labels = setup.traffic().stringColumn("Status");
      shadowPhase(registry, requests, labels, print);
      canaryPhase(registry, requests, labels, print);
      promoteAndRollBack(registry, second, requests, print);
      limitsPhase(registry, second, first, requests, print);
      print.println("history of " + MODEL + ":");
      for (AliasMove m : registry.history(MODEL)) {
        print.printf("  #%d %s %s: %s -> %s by %s (%s)%n", m.sequence(), m.kind(), m.alias(),
            m.from().isPresent() ? "v" + m.from().getAsInt() : "-", m.to().isPresent() ? "v" + m.to().getAsInt() : "-", m.by(),
            m.reason());
      }
    }
  }

  /** Each traffic applicant as a request map, without the target. */
  static List<Map<String, Object>> requests(Table traffic) {
    List<Map<String, Object>> out = new ArrayList<>(traffic.rowCount());
    for (int r = 0; r < traffic.rowCount(); r++) {
      Map<String, Object> request = new LinkedHashMap<>(traffic.row(r).toMap());
      request.remove("Status");
      out.add(request);
    }
    return out;
  }

  /** The champion answers, the candidate scores every request on the side; prints how often they agree. */
  private static void shadowPhase(ModelRegistry registry, List<Map<String, Object>> requests, String[] labels, PrintStream print)
      throws IOException, InterruptedException {
    try (Deployment shadow = Deployment.shadow(registry.open(MODEL, "production"), registry.open(MODEL, "candidate"))) {
      int right = 0;
      for (int r = 0; r < requests.size(); r++) {
        Prediction p = shadow.predict("applicant-" + r, requests.get(r));
        right += p.label().orElseThrow().equals(labels[r]) ? 1 : 0;
      }
      ShadowReport report = awaitShadow(shadow, requests.size());
      print.printf("shadow: %d requests answered by the champion (accuracy %.3f); the candidate scored %d on the side"
          + " (%d dropped, %d failed): same label on %.1f%%, mean |dP| %.3f, max %.3f%n", requests.size(),
          right / (double) requests.size(), report.scored(), report.dropped(), report.failed(), 100 * report.agreement(),
          report.meanAbsDelta(), report.maxAbsDelta());
    }
  }

  /** Waits (at most ten seconds) until the shadow has seen every request. */
  private static ShadowReport awaitShadow(Deployment shadow, int requests) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    ShadowReport report = shadow.stats().shadow().orElseThrow();
    while (report.scored() + report.dropped() + report.failed() < requests && System.nanoTime() < deadline) {
      Thread.sleep(5);
      report = shadow.stats().shadow().orElseThrow();
    }
    return report;
  }

  /** A sticky share of the applicants goes to the candidate, twice over; prints each side's accuracy and that no applicant changed side. */
  private static void canaryPhase(ModelRegistry registry, List<Map<String, Object>> requests, String[] labels, PrintStream print)
      throws IOException {
    try (Deployment canary = Deployment.canary(registry.open(MODEL, "production"), registry.open(MODEL, "candidate"),
        CANARY_SHARE)) {
      Map<String, String> sideOf = new HashMap<>();
      Map<String, int[]> rightAndServed = new LinkedHashMap<>();
      int switched = 0;
      for (int pass = 0; pass < 2; pass++) {
        for (int r = 0; r < requests.size(); r++) {
          String applicant = "applicant-" + r;
          Prediction p = canary.predict(applicant + "/" + pass, applicant, requests.get(r));
          String side = p.answer().name();
          switched += side.equals(sideOf.getOrDefault(applicant, side)) ? 0 : 1;
          sideOf.put(applicant, side);
          int[] counts = rightAndServed.computeIfAbsent(side, s -> new int[2]);
          counts[0] += p.label().orElseThrow().equals(labels[r]) ? 1 : 0;
          counts[1]++;
        }
      }
      StringBuilder sides = new StringBuilder();
      rightAndServed.forEach((side, c) -> sides.append(String.format(", %s %d requests (accuracy %.3f)", side, c[1],
          c[0] / (double) c[1])));
      print.printf("canary (share %.2f, sticky by applicant, two passes): %d applicants changed model%s%n", CANARY_SHARE,
          switched, sides);
    }
  }

  /** A deployment follows the production alias: the candidate is promoted, then rolled back, and each move is served live. */
  private static void promoteAndRollBack(ModelRegistry registry, ModelVersion candidate, List<Map<String, Object>> requests,
      PrintStream print) throws IOException {
    try (Deployment live = Deployment.single(registry.open(MODEL, "production"));
        AliasFollower follower = live.follow("champion", registry, MODEL, "production", Duration.ofSeconds(1))) {
      print.printf("serving production v%d: bundle %s%n", follower.current().number(), bundleOf(live, requests));
      registry.promote(MODEL, "production", candidate.number(), "demo", "the demo promotes the candidate to show a live swap");
      follower.checkNow();
      print.printf("promoted v%d: the deployment swapped live (%d swaps), now bundle %s%n", candidate.number(),
          live.stats().swaps(), bundleOf(live, requests));
      AliasMove back = registry.rollback(MODEL, "production", "demo", "the demo rolls back to show the undo");
      follower.checkNow();
      print.printf("rolled back to v%d: %d swaps, now bundle %s%n", back.to().getAsInt(), live.stats().swaps(),
          bundleOf(live, requests));
    }
  }

  private static String bundleOf(Deployment live, List<Map<String, Object>> requests) {
    return live.predict(requests.get(0)).bundleId().substring(0, 12);
  }

  /** The candidate answers within limits, the first model standing in; prints who answered and one reason. */
  private static void limitsPhase(ModelRegistry registry, ModelVersion served, ModelVersion fallbackVersion,
      List<Map<String, Object>> requests, PrintStream print) throws IOException {
    Limits limits = Limits.builder().minConfidence(0.6).refuseUnseenCategories().maxOutsideRange(0.5).build();
    try (Deployment live = Deployment.single(registry.open(MODEL, served.number()));
        Predictor standIn = registry.open(MODEL, fallbackVersion.number())) {
      live.limit(limits, Fallback.to("v" + fallbackVersion.number(), standIn));
      Map<Answer.Kind, Integer> kinds = new EnumMap<>(Answer.Kind.class);
      String reason = null;
      for (Map<String, Object> request : requests) {
        Prediction p = live.predict(request);
        kinds.merge(p.answer().kind(), 1, Integer::sum);
        reason = reason == null ? p.answer().reason().orElse(null) : reason;
      }
      Map<String, Object> odd = new LinkedHashMap<>(requests.get(0));
      odd.put("Income", 25_000);
      Prediction p = live.predict(odd);
      print.printf("v%d within %s, v%d standing in: %s; e.g. \"%s\"; an applicant with an income of 25000: %s by %s (%s)%n",
          served.number(), limits, fallbackVersion.number(), kinds, reason, p.answer().kind(), p.answer().name(),
          p.answer().reason().orElse("-"));
    }
  }
}
