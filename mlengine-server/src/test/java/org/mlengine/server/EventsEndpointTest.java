package org.mlengine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlengine.serving.history.FsyncPolicy;

/**
 * {@code POST /v2/models/<name>/events/<source>}: every refusal with its exact status and body,
 * and a refused batch appends nothing. One server on a disk history throughout; the tests that
 * append use store keys of their own, so their order does not matter.
 */
class EventsEndpointTest {
  static final String EXAMPLE = "{\"Store\":\"a\",\"Date\":\"2024-03-01T00:00:00Z\",\"Sales\":1.5}";
  static Path dir;
  static ModelServer server;
  static Http http;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("events-endpoint");
    Path bundle = dir.resolve("sales.mlb");
    WindowModels.forecaster().save(bundle);
    server = ModelServer.forBundle(bundle).diskHistory(dir.resolve("history"), FsyncPolicy.interval(java.time.Duration.ofMillis(50)))
        .port(0).build().start();
    http = new Http(server);
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static void refused(String source, String body, int status, String message) {
    ModelServerTest.assertError(http.post("/v2/models/sales/events/" + source, body), status, message);
  }

  @Test
  void events_ofOneStore_areAnsweredWithTheirCountAndThePolicy() {
    HttpResponse<String> response = http.post("/v2/models/sales/events/rows",
        "[{\"Store\":\"x1\",\"Date\":\"2024-01-01T00:00:00Z\",\"Sales\":3,\"Price\":2.5},"
            + "{\"Store\":\"x1\",\"Date\":1704153600000,\"Sales\":null}]");
    assertEquals("{\"model_name\":\"sales\",\"source\":\"rows\",\"appended\":2,\"durability\":\"disk " + dir.resolve("history")
        + ", fsync INTERVAL (appends forced every 50 ms)\"}", response.body());
    assertEquals(200, response.statusCode());
  }

  @Test
  void anUnknownSource_is404_namingTheSourcesTheStepsRead() {
    refused("calls", EXAMPLE, 404, "no event source 'calls' in model 'sales'; its steps read [rows]: POST their events to"
        + " /v2/models/sales/events/<source>.");
  }

  @Test
  void anEventWithoutItsTimeColumn_is400_namingTheColumnsAnEventCarries() {
    refused("rows", "{\"Store\":\"x2\",\"Sales\":1}", 400, "the event lacks column 'Date' (TIMESTAMP); every event of source"
        + " 'rows' carries [Store, Date, Sales] (null for a missing value), e.g. " + EXAMPLE + ".");
  }

  @Test
  void aBatchWithAnEventWithoutItsKeyColumn_is400_namingTheEvent() {
    refused("rows", "[" + EXAMPLE + ",{\"Date\":\"2024-01-02T00:00:00Z\",\"Sales\":1}]", 400, "event 1 of the batch lacks column"
        + " 'Store' (CATEGORICAL); every event of source 'rows' carries [Store, Date, Sales] (null for a missing value), e.g. "
        + EXAMPLE + ".");
  }

  @Test
  void aValueOfTheWrongType_is400_sayingWhatIsExpected() {
    refused("rows", "{\"Store\":\"x3\",\"Date\":\"2024-01-01T00:00:00Z\",\"Sales\":\"many\"}", 400, "column 'Sales' of source"
        + " 'rows' is NUMERIC but the event gives a JSON string; expected a number, or null for a missing value.");
    refused("rows", "{\"Store\":[\"x3\"],\"Date\":\"2024-01-01T00:00:00Z\",\"Sales\":1}", 400, "column 'Store' of source"
        + " 'rows' is CATEGORICAL but the event gives a JSON array; expected text (or a whole number), or null for a missing"
        + " value.");
    refused("rows", "[" + EXAMPLE + ",{\"Store\":\"x3\",\"Date\":\"yesterday\",\"Sales\":1}]", 400, "column 'Date' of source"
        + " 'rows' is TIMESTAMP but event 1 of the batch gives \"yesterday\"; expected an ISO-8601 instant such as"
        + " \"2024-03-01T12:00:00Z\" or epoch milliseconds, or null for a missing value.");
  }

  @Test
  void aBodyThatIsNoEvent_is400() {
    refused("rows", "[]", 400, "the batch holds no event; send one JSON object of column -> value, or an array of them, e.g. ["
        + EXAMPLE + "].");
    refused("rows", "7", 400, "the body is a JSON number; send one event of source 'rows' as a JSON object of column -> value,"
        + " e.g. " + EXAMPLE + ", or an array of them.");
    refused("rows", "[7]", 400, "event 0 of the batch is a JSON number; send each event as a JSON object of column -> value,"
        + " e.g. " + EXAMPLE + ".");
    refused("rows", "{\"Store\":\"x4\",\"Store\":\"x5\"}", 400, "the event gives column 'Store' twice; send each column once.");
    refused("rows", EXAMPLE + EXAMPLE, 400, "the body holds more than one JSON value (a JSON object after the events); send one"
        + " JSON object, or one array of them.");
    refused("rows", "{\"Store\":", 400, "the body is not valid JSON: Unexpected end-of-input within/between Object entries. Send"
        + " one event of source 'rows' as a JSON object, e.g. " + EXAMPLE + ", or an array of them.");
  }

  @Test
  void aBatchWithANullKey_isRefusedWhole_andAppendsNothing() throws IOException {
    double before = value(http.post("/predict", "{\"Store\":\"x6\",\"Date\":\"2024-02-01T00:00:00Z\",\"Price\":2}"));
    refused("rows", "[{\"Store\":\"x6\",\"Date\":\"2024-01-30T00:00:00Z\",\"Sales\":90},{\"Store\":null,\"Date\":"
        + "\"2024-01-31T00:00:00Z\",\"Sales\":1}]", 400, "row 1 of the events: event of source 'rows' has no value for its key"
        + " column 'Store'; every event needs the key of the entity it belongs to; no row was recorded");
    assertEquals(before, value(http.post("/predict", "{\"Store\":\"x6\",\"Date\":\"2024-02-01T00:00:00Z\",\"Price\":2}")));
    HttpResponse<String> accepted = http.post("/v2/models/sales/events/rows",
        "{\"Store\":\"x6\",\"Date\":\"2024-01-30T00:00:00Z\",\"Sales\":90}");
    assertEquals(200, accepted.statusCode(), accepted.body());
    assertTrue(before != value(http.post("/predict", "{\"Store\":\"x6\",\"Date\":\"2024-02-01T00:00:00Z\",\"Price\":2}")),
        "the event, once accepted, changes the forecast (its windows were empty)");
  }

  static double value(HttpResponse<String> response) throws IOException {
    assertEquals(200, response.statusCode(), response.body());
    return ModelServerTest.JSON.readTree(response.body()).get("value").doubleValue();
  }

  @Test
  void otherMethodsAndPaths_areRefusedAsTheServersOthers() {
    HttpResponse<String> get = http.get("/v2/models/sales/events/rows");
    ModelServerTest.assertError(get, 405, "GET /v2/models/sales/events/rows is not allowed; /events/<source> takes POST with one"
        + " event (a JSON object) or an array of them.");
    assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
    ModelServerTest.assertError(http.post("/v2/models/sales/events/", EXAMPLE), 404, "no endpoint /v2/models/sales/events/;"
        + " this server answers POST /predict, POST /v2/models/sales/infer, POST /v2/models/sales/events/<source>, GET"
        + " /v2/models/sales, GET /v2/models/sales/ready, GET /v2, GET /v2/health/live, GET /v2/health/ready, GET /metrics and"
        + " GET /openapi.json.");
    HttpResponse<String> text = Http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v2/models/sales/events/rows"))
        .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("Store,Date,Sales")));
    ModelServerTest.assertError(text, 415, "the body is text/csv; send it as application/json (Content-Type: application/json).");
  }

  @Test
  void openApi_describesTheEventsEndpointAndTheEvent() throws IOException {
    JsonNode doc = ModelServerTest.JSON.readTree(http.get("/openapi.json").body());
    JsonNode post = doc.get("paths").get("/v2/models/sales/events/rows").get("post");
    assertEquals("#/components/schemas/Events_rows", post.get("requestBody").get("content").get("application/json")
        .get("schema").get("$ref").asText());
    assertEquals("#/components/schemas/EventsAppended", post.get("responses").get("200").get("content").get("application/json")
        .get("schema").get("$ref").asText());
    JsonNode event = doc.get("components").get("schemas").get("Event_rows");
    assertEquals("[\"Store\",\"Date\",\"Sales\"]", event.get("required").toString());
    assertEquals("date-time", event.get("properties").get("Date").get("format").asText());
    assertEquals("number", event.get("properties").get("Sales").get("type").asText());
    assertEquals(2, doc.get("components").get("schemas").get("Events_rows").get("oneOf").size());
  }

  @Test
  void metrics_countTheEventsEndpoint() {
    http.post("/v2/models/sales/events/rows", "{\"Store\":\"x7\",\"Date\":\"2024-01-01T00:00:00Z\",\"Sales\":1}");
    String metrics = http.get("/metrics").body();
    assertTrue(metrics.contains("endpoint=\"events\""), metrics);
  }
}
