package org.mlengine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.serving.ModelRegistry;
import org.mlengine.serving.ModelVersion;
import org.mlengine.serving.Registration;

/**
 * The end-to-end test: a server on a random loopback port follows a registry alias; a
 * client thread scores without pause while the alias moves; the new bundle id appears in the
 * answers and no request fails.
 */
class HotSwapEndToEndTest {
  @TempDir Path dir;

  @Test
  void aliasMoves_whileAClientScores_newBundleIdAppearsAndNoRequestFails() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir.resolve("registry"))) {
      ModelVersion first = registry.register("credit", CreditModels.classifier(), Registration.by("test", "first"));
      ModelVersion second = registry.register("credit", CreditModels.secondClassifier(), Registration.by("test", "second"));
      registry.promote("credit", "production", first.number(), "test", "first release");
      try (ModelServer server = ModelServer.forRegistry(registry, "credit", "production").port(0)
          .pollEvery(Duration.ofMillis(50)).build().start()) {
        Http http = new Http(server);
        List<String> versions = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        ObjectMapper json = new ObjectMapper();
        Thread client = new Thread(() -> {
          while (!stop.get()) {
            HttpResponse<String> r = http.post("/predict", CreditModels.APPLICANT);
            synchronized (versions) {
              if (r.statusCode() != 200) {
                failures.add(r.statusCode() + " " + r.body());
              } else {
                try {
                  versions.add(json.readTree(r.body()).get("model_version").asText());
                } catch (IOException e) {
                  failures.add(e.toString());
                }
              }
            }
          }
        });
        client.start();
        waitFor(() -> versions.contains(first.bundleId()), versions);
        registry.promote("credit", "production", second.number(), "test", "second release");
        waitFor(() -> versions.contains(second.bundleId()), versions);
        int seen = count(versions);
        waitFor(() -> count(versions) >= seen + 20, versions);   // and it goes on answering with the new one
        stop.set(true);
        client.join();

        assertEquals(List.of(), failures);
        int firstNew = versions.indexOf(second.bundleId());
        assertTrue(firstNew > 0, "no answer came from the first version before the move");
        assertEquals(List.of(first.bundleId()), versions.subList(0, firstNew).stream().distinct().toList());
        assertEquals(List.of(second.bundleId()), versions.subList(firstNew, versions.size()).stream().distinct().toList());
        assertTrue(http.get("/metrics").body().contains("mlengine_model_info{model=\"credit\",version=\""
            + second.bundleId() + "\"} 1"));
        assertEquals(second.bundleId(), json.readTree(http.get("/v2/models/credit").body()).get("versions").get(0).asText());
      }
    }
  }

  @Test
  void anAliasMovedToAnIncompatibleVersion_isNotFollowed_andTheMetricsSaySo() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir.resolve("refused"))) {
      ModelVersion first = registry.register("credit", CreditModels.classifier(), Registration.by("test", "first"));
      ModelVersion other = registry.register("credit", CreditModels.regression(), Registration.by("test", "a regression"));
      registry.promote("credit", "production", first.number(), "test", "first release");
      try (ModelServer server = ModelServer.forRegistry(registry, "credit", "production").port(0)
          .pollEvery(Duration.ofMillis(50)).build().start()) {
        Http http = new Http(server);
        registry.promote("credit", "production", other.number(), "test", "the wrong model");
        String failed = "mlengine_model_swap_failures_total{model=\"credit\"} ";
        List<String> seen = new ArrayList<>();
        waitFor(() -> {
          String text = http.get("/metrics").body();
          String line = text.lines().filter(l -> l.startsWith(failed)).findFirst().orElse("");
          seen.add(line);
          return !line.isEmpty() && Double.parseDouble(line.substring(failed.length())) >= 1;
        }, seen);
        HttpResponse<String> answer = http.post("/predict", CreditModels.APPLICANT);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(first.bundleId(), new ObjectMapper().readTree(answer.body()).get("model_version").asText());
      }
    }
  }

  private static int count(List<String> versions) {
    synchronized (versions) {
      return versions.size();
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, List<String> versions) throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    while (true) {
      synchronized (versions) {
        if (condition.getAsBoolean()) {
          return;
        }
      }
      if (System.nanoTime() > until) {
        throw new AssertionError("waited 10 s; the answers' versions so far: " + versions.stream().distinct().toList());
      }
      Thread.sleep(5);
    }
  }
}
