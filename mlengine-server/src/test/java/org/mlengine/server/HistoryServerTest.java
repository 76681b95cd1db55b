package org.mlengine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;
import org.mlengine.serving.history.FsyncPolicy;

/**
 * A bundle whose window steps read past events, served from a disk history: events appended over
 * HTTP give the answers the in-process {@code Predictor.withHistory} gives for the same appends,
 * bit for bit, through {@code /predict} and V2 batches, and a server started again on the same
 * directory answers the same.
 */
class HistoryServerTest {
  static final int STORES = WindowModels.STORES.length;

  @TempDir
  Path dir;

  /** The in-process reference: the same bundle over an in-memory history. */
  static final class Reference implements AutoCloseable {
    final Predictor base = Predictor.of(WindowModels.forecaster());
    final History history = History.inMemory(Retention.unbounded(), base.eventSources());
    final Predictor live = base.withHistory(history);

    void append(int from, int to) {
      for (int r = from; r < to; r++) {
        history.append(History.ROWS, WindowModels.sales().row(r));
      }
    }

    double predict(int r) {
      Table t = WindowModels.sales();
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("Store", t.string("Store", r));
      request.put("Date", Instant.ofEpochMilli(t.timestamp("Date", r)));
      request.put("Price", t.numeric("Price", r));
      return live.predict(request).value();
    }

    @Override
    public void close() {
      live.close();
      base.close();
    }
  }

  static ModelServer start(Path bundle, Path history) throws IOException {
    return ModelServer.forBundle(bundle).diskHistory(history, FsyncPolicy.always()).port(0).build().start();
  }

  static double served(Http http, int r) throws IOException {
    HttpResponse<String> response = http.post("/predict", WindowModels.request(r));
    assertEquals(200, response.statusCode(), response.body());
    return ModelServerTest.JSON.readTree(response.body()).get("value").doubleValue();
  }

  static void append(Http http, String body, int count, Path history) {
    HttpResponse<String> response = http.post("/v2/models/sales/events/rows", body);
    assertEquals("{\"model_name\":\"sales\",\"source\":\"rows\",\"appended\":" + count + ",\"durability\":\"disk " + history
        + ", fsync ALWAYS (each append forced before it returns)\"}", response.body());
    assertEquals(200, response.statusCode());
  }

  @Test
  void appendedEvents_answerAsThePredictorWithHistory_andTheSameAfterARestart() throws IOException {
    Path bundle = dir.resolve("sales.mlb");
    WindowModels.forecaster().save(bundle);
    Path history = dir.resolve("history");
    int firstServed = 60 * STORES;
    int restartAt = 75 * STORES;
    int end = 90 * STORES;
    List<Double> beforeRestart = new ArrayList<>();
    try (Reference reference = new Reference()) {
      try (ModelServer server = start(bundle, history)) {
        Http http = new Http(server);
        append(http, WindowModels.events(0, firstServed), firstServed, history);   // the past, in one batch
        reference.append(0, firstServed);
        for (int r = firstServed; r < restartAt; r++) {   // then each day: forecast, and append it once it is over
          assertEquals(reference.predict(r), served(http, r), "row " + r);
          append(http, WindowModels.event(r), 1, history);
          reference.append(r, r + 1);
        }
        for (int r = restartAt; r < restartAt + STORES; r++) {
          beforeRestart.add(served(http, r));
        }
      }
      try (ModelServer again = start(bundle, history)) {
        Http http = new Http(again);
        for (int r = restartAt; r < restartAt + STORES; r++) {
          assertEquals(beforeRestart.get(r - restartAt), served(http, r), "row " + r + " after the restart");
        }
        for (int r = restartAt; r < end; r++) {
          assertEquals(reference.predict(r), served(http, r), "row " + r);
          append(http, WindowModels.event(r), 1, history);
          reference.append(r, r + 1);
        }
        JsonNode batch = infer(http, end, end + STORES);
        for (int r = end; r < end + STORES; r++) {
          assertEquals(reference.predict(r), batch.get("outputs").get(0).get("data").get(r - end).doubleValue(), "V2 row " + r);
        }
      }
    }
  }

  /** A V2 batch of rows [from, to), the Date as ISO-8601 BYTES. */
  static JsonNode infer(Http http, int from, int to) throws IOException {
    Table t = WindowModels.sales();
    List<String> stores = new ArrayList<>();
    List<String> dates = new ArrayList<>();
    List<String> prices = new ArrayList<>();
    for (int r = from; r < to; r++) {
      stores.add("\"" + t.string("Store", r) + "\"");
      dates.add("\"" + Instant.ofEpochMilli(t.timestamp("Date", r)) + "\"");
      prices.add(String.valueOf(t.numeric("Price", r)));
    }
    int n = to - from;
    String body = "{\"inputs\":[{\"name\":\"Store\",\"datatype\":\"BYTES\",\"shape\":[" + n + "],\"data\":[" + String.join(",", stores)
        + "]},{\"name\":\"Date\",\"datatype\":\"BYTES\",\"shape\":[" + n + "],\"data\":[" + String.join(",", dates)
        + "]},{\"name\":\"Price\",\"datatype\":\"FP64\",\"shape\":[" + n + "],\"data\":[" + String.join(",", prices) + "]}]}";
    HttpResponse<String> response = http.post("/v2/models/sales/infer", body);
    assertEquals(200, response.statusCode(), response.body());
    return ModelServerTest.JSON.readTree(response.body());
  }

  @Test
  void aSecondServer_onADirectoryInUse_isRefusedAtStart_andTheFirstReleasesItOnClose() throws IOException {
    Path bundle = dir.resolve("sales.mlb");
    WindowModels.forecaster().save(bundle);
    Path history = dir.resolve("history");
    try (ModelServer first = start(bundle, history)) {
      IOException busy = assertThrows(IOException.class, () -> start(bundle, history));
      assertEquals("the history directory " + history + " is in use by another open history (pid "
          + ProcessHandle.current().pid() + ", this process); close that one first (history.close()), or give this one a"
          + " directory of its own", busy.getMessage());
      assertEquals(200, new Http(first).get("/v2/health/ready").statusCode());
    }
    try (ModelServer second = start(bundle, history)) {
      assertEquals(200, new Http(second).get("/v2/health/ready").statusCode());
    }
  }

  @Test
  void aHistory_forABundleThatReadsNoEvents_isRefusedAtStart() throws IOException {
    Path bundle = dir.resolve("credit.mlb");
    CreditModels.classifier().save(bundle);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> start(bundle, dir.resolve("history")));
    assertEquals("a history was given (--history), but bundle " + CreditModels.classifier().id() + " has no window or aggregate"
        + " step that reads past events; leave the history out.", refused.getMessage());
  }

  @Test
  void aHistory_withARegistryAlias_isRefusedByBuild() throws IOException {
    try (org.mlengine.serving.ModelRegistry registry = org.mlengine.serving.ModelRegistry.inDirectory(dir.resolve("registry"))) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ModelServer.forRegistry(registry,
          "sales", "production").diskHistory(dir.resolve("history"), FsyncPolicy.always()).build());
      assertEquals("a history (--history) serves a bundle file or a predictor, not a registry alias: a version the alias moves"
          + " to may read other events than the history keeps. Serve the version's bundle file.", refused.getMessage());
    }
  }

  @Test
  void withoutAHistory_aBundleThatReadsEvents_isRefusedAtStart_namingTheOption() throws IOException {
    Path bundle = dir.resolve("sales.mlb");
    WindowModels.forecaster().save(bundle);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ModelServer.forBundle(bundle).port(0).build().start());
    assertEquals("bundle " + WindowModels.forecaster().id() + " has window or aggregate steps that read each request's past"
        + " events, and this server keeps no history of them, so every answer would fail; give it one (mlengine serve"
        + " BUNDLE.mlb --history DIR, or --history redis://HOST:PORT; ModelServer builder diskHistory(dir, FsyncPolicy.always())"
        + " or redisHistory(uri)) and append events with POST /v2/models/sales/events/<source>, or serve it in process with"
        + " Predictor.withHistory(...).", refused.getMessage());
  }
}
