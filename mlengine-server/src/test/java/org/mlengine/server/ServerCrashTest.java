package org.mlengine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.serving.Predictor;
import org.mlengine.serving.history.DiskHistory;
import org.mlengine.serving.history.FsyncPolicy;

/**
 * The command line's server ({@code ModelServer BUNDLE --history DIR}, fsync always) in a child
 * JVM takes events one request at a time and is killed with SIGKILL ({@code destroyForcibly})
 * while they arrive: every event it acknowledged (answered 200) is in the directory afterwards,
 * at most the one under way besides, and a server started again on the directory forecasts
 * exactly as the in-process predictor does over the events kept.
 */
class ServerCrashTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  /** Event {@code i}: the stores in turn, eight hours apart, sales from the number. */
  static Map<String, Object> event(long i) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("Store", WindowModels.STORES[(int) (i % 3)]);
    e.put("Date", WindowModels.DAY0.plus(Duration.ofHours(8 * i)));
    e.put("Sales", (double) (i % 17) + 0.5);
    return e;
  }

  static String json(Map<String, Object> e) {
    return "{\"Store\":\"" + e.get("Store") + "\",\"Date\":\"" + e.get("Date") + "\",\"Sales\":" + e.get("Sales") + "}";
  }

  @Test
  void kill9_whileEventsArrive_losesNoAcknowledgedEvent_andTheRestartedServerForecastsAsInProcess() throws Exception {
    Path bundle = dir.resolve("sales.mlb");
    WindowModels.forecaster().save(bundle);
    Path history = dir.resolve("history");
    Path stderr = dir.resolve("stderr.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath, ModelServer.class.getName(),
        bundle.toString(), "--history", history.toString(), "--fsync", "always", "--port", "0")
        .redirectError(stderr.toFile()).start();
    long acknowledged = 0;
    try {
      String url = listening(child, stderr);
      long until = 0;
      for (long i = 0; i < 100_000; i++) {
        if (acknowledged == 50) {
          until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);   // well under way: kill it soon
        }
        if (until != 0 && System.nanoTime() > until) {
          CompletableFuture<HttpResponse<String>> underWay = post(url, json(event(i)));
          Thread.sleep(2);   // the request is on its way (or answered) when the server dies
          child.destroyForcibly();
          assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the server did not die");
          if (answered200(underWay)) {
            acknowledged = i + 1;
          }
          break;
        }
        HttpResponse<String> response = post(url, json(event(i))).get(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        acknowledged = i + 1;
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(acknowledged > 50, "the server acknowledged only " + acknowledged + " events: " + Files.readString(stderr));

    Predictor base = Predictor.of(WindowModels.forecaster());
    long kept;
    // Unbounded: the server's retention keeps only what the windows read, but the log (far from a
    // 64 MB segment, so never compacted here) holds every append, which this reads back.
    try (DiskHistory reopened = DiskHistory.builder(history).retention(Retention.unbounded())
        .sources(base.eventSources()).open()) {
      kept = keptInOrder(reopened);
    }
    System.out.printf("ServerCrashTest: %d events acknowledged before the kill, %d in the directory%n", acknowledged, kept);
    assertTrue(kept >= acknowledged && kept <= acknowledged + 1, "the history holds " + kept + " events; the server acknowledged "
        + acknowledged + " before it was killed (and at most one more was under way)");

    History memory = History.inMemory(Retention.unbounded(), base.eventSources());
    for (long i = 0; i < kept; i++) {
      memory.append(History.ROWS, event(i));
    }
    try (Predictor reference = base.withHistory(memory);
        ModelServer again = ModelServer.forBundle(bundle).diskHistory(history, FsyncPolicy.always()).port(0).build().start()) {
      Http http = new Http(again);
      Instant next = WindowModels.DAY0.plus(Duration.ofHours(8 * kept + 24));
      for (String store : WindowModels.STORES) {
        Map<String, Object> request = Map.of("Store", store, "Date", next, "Price", 2.5);
        double served = EventsEndpointTest.value(http.post("/predict", "{\"Store\":\"" + store + "\",\"Date\":\"" + next
            + "\",\"Price\":2.5}"));
        assertEquals(reference.predict(request).value(), served, "store " + store + " after the restart");
      }
    } finally {
      base.close();
    }
  }

  /** How many events the history holds, checking they are exactly events 0..n-1 with their values. */
  private static long keptInOrder(DiskHistory history) {
    long total = 0;
    for (int s = 0; s < 3; s++) {
      var events = history.events(new EventQuery(History.ROWS, Optional.of("Store"), Optional.of(WindowModels.STORES[s]), "Date",
          Long.MIN_VALUE, Long.MAX_VALUE, 0));
      for (int r = 0; r < events.rowCount(); r++) {
        long i = s + 3L * r;
        assertEquals(((Instant) event(i).get("Date")).toEpochMilli(), events.timestamp("Date", r), "event " + i + "'s time");
        assertEquals((double) event(i).get("Sales"), events.numeric("Sales", r), "event " + i + "'s sales");
      }
      total += events.rowCount();
    }
    return total;
  }

  private static CompletableFuture<HttpResponse<String>> post(String url, String body) {
    return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(url + "/v2/models/sales/events/rows"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean answered200(CompletableFuture<HttpResponse<String>> response) throws InterruptedException {
    try {
      return response.get(30, TimeUnit.SECONDS).statusCode() == 200;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return false;   // the connection died with the server: not acknowledged
    }
  }

  /** The URL the child prints once it serves ("mlengine-server listening on URL"), waiting up to a minute. */
  private static String listening(Process child, Path stderr) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    String first;
    try {
      first = line.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      first = null;
    }
    String prefix = "mlengine-server listening on ";
    assertTrue(first != null && first.startsWith(prefix), "the server did not start (" + first + "): "
        + String.join("\n", Files.exists(stderr) ? Files.readAllLines(stderr) : List.of()));
    return first.substring(prefix.length());
  }
}
