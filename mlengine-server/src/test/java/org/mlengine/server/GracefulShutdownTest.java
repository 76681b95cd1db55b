package org.mlengine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mlengine.serving.Predictor;

/** close() lets a request in flight finish, answers new ones with 503, then stops listening. */
class GracefulShutdownTest {
  @Test
  void close_withARequestInFlight_finishesItThenStops() throws Exception {
    ModelServer server = ModelServer.forPredictor("credit", Predictor.of(CreditModels.classifier())).port(0)
        .requestTimeout(Duration.ofSeconds(10)).drainTimeout(Duration.ofSeconds(10)).build().start();
    Http http = new Http(server);
    int port = server.port();
    try (Http.Raw inFlight = http.open(); Http.Raw kept = http.open()) {   // kept: connected before close, no request yet
      String body = CreditModels.APPLICANT;
      inFlight.write("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 40));
      long until = System.nanoTime() + 10_000_000_000L;
      while (server.requestsInFlight() != 1 && System.nanoTime() < until) {
        Thread.sleep(5);   // until the server has the first request's headers: it is in flight
      }
      assertEquals(1, server.requestsInFlight());
      Thread closing = new Thread(server::close);
      closing.start();
      Thread.sleep(200);
      assertTrue(closing.isAlive(), "close() returned with a request in flight");
      kept.write("GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
      String refused = kept.response();
      assertTrue(refused.contains("HTTP/1.1 503 "), refused);
      assertTrue(refused.endsWith("{\"error\":\"the server is shutting down; send the request again (to another"
          + " instance).\"}"), refused);
      String answered = inFlight.write(body.substring(40)).response();
      assertEquals("HTTP/1.1 200 OK", Http.statusLine(answered));
      assertTrue(Http.body(answered).contains("\"label\":"), answered);
      closing.join(5_000);
      assertTrue(!closing.isAlive(), "close() did not return once the request was answered");
    }
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
  }

  @Test
  void close_twice_doesNothingTheSecondTime() throws IOException {
    ModelServer server = ModelServer.forPredictor("credit", Predictor.of(CreditModels.classifier())).port(0).build().start();
    server.close();
    server.close();
    assertEquals("ModelServer[credit, " + server.url() + "]", server.toString());
  }
}
