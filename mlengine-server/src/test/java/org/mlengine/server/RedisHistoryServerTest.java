package org.mlengine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --history redis://...}: a real {@code redis-server} (Debian's package, started here on a
 * free loopback port, no persistence) keeps the events; answers equal the in-process predictor's
 * over the same appends, and a second server on the same Redis answers the same. Skipped without
 * the binary unless {@code MLENGINE_REQUIRE_REDIS=1} (set by {@code .ci/run}).
 */
class RedisHistoryServerTest {
  @TempDir
  Path dir;

  @Test
  void redisHistory_answersAsThePredictorWithHistory_andASecondServerAnswersTheSame() throws Exception {
    int port = freePort();
    Process redis = startRedis(port);
    try {
      Path bundle = dir.resolve("sales.mlb");
      WindowModels.forecaster().save(bundle);
      String uri = "redis://127.0.0.1:" + port;
      int first = 60 * WindowModels.STORES.length;
      int end = first + 5 * WindowModels.STORES.length;
      try (HistoryServerTest.Reference reference = new HistoryServerTest.Reference()) {
        try (ModelServer server = ModelServer.forBundle(bundle).redisHistory(uri).port(0).build().start()) {
          Http http = new Http(server);
          String body = http.post("/v2/models/sales/events/rows", WindowModels.events(0, first)).body();
          assertEquals("{\"model_name\":\"sales\",\"source\":\"rows\",\"appended\":" + first + ",\"durability\":\"Redis " + uri
              + " (namespace sales), as durable as that server's persistence setting\"}", body);
          reference.append(0, first);
          for (int r = first; r < end; r++) {
            assertEquals(reference.predict(r), HistoryServerTest.served(http, r), "row " + r);
            assertEquals(200, http.post("/v2/models/sales/events/rows", WindowModels.event(r)).statusCode());
            reference.append(r, r + 1);
          }
        }
        try (ModelServer again = ModelServer.forBundle(bundle).redisHistory(uri).port(0).build().start()) {
          Http http = new Http(again);
          for (int r = end; r < end + WindowModels.STORES.length; r++) {
            assertEquals(reference.predict(r), HistoryServerTest.served(http, r), "row " + r + " from the second server");
          }
        }
      }
    } finally {
      redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The request time limit passing while events are being appended does not answer 503: the
   * append commits anyway, so a client told to retry would append twice. Redis pauses its writes
   * ({@code CLIENT PAUSE ... WRITE}) for longer than the limit; the append waits, and its own
   * outcome is the answer, the event recorded once.
   */
  @Test
  void anAppendOutlastingTheRequestTimeLimit_isAnsweredByItsOutcome_andRecordedOnce() throws Exception {
    int port = freePort();
    Process redis = startRedis(port);
    try {
      Path bundle = dir.resolve("sales.mlb");
      WindowModels.forecaster().save(bundle);
      int first = 30 * WindowModels.STORES.length;
      try (HistoryServerTest.Reference reference = new HistoryServerTest.Reference();
          ModelServer server = ModelServer.forBundle(bundle).redisHistory("redis://127.0.0.1:" + port)
              .requestTimeout(Duration.ofMillis(200)).port(0).build().start()) {
        Http http = new Http(server);
        assertEquals(200, http.post("/v2/models/sales/events/rows", WindowModels.events(0, first)).statusCode());
        reference.append(0, first);
        assertEquals("+OK", redis(port, "CLIENT", "PAUSE", "1500", "WRITE"));
        HttpResponse<String> response = http.post("/v2/models/sales/events/rows", WindowModels.event(first));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, ModelServerTest.JSON.readTree(response.body()).get("appended").intValue(), response.body());
        reference.append(first, first + 1);
        int next = first + WindowModels.STORES.length;   // the same store's next day reads the event
        assertEquals(reference.predict(next), HistoryServerTest.served(http, next), "the event counted once");
      }
    } finally {
      redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return free.getLocalPort();
    }
  }

  /** A redis-server on {@code port} with no persistence, answering PING (the test is skipped without the binary). */
  private Process startRedis(int port) throws Exception {
    Path binary = binaryOrSkip();
    Process redis = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir",
        dir.toString(), "--save", "", "--appendonly", "no").redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    try {
      awaitPing(port, dir.resolve("redis.log"));
      return redis;
    } catch (Exception | AssertionError e) {
      redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Sends one command on a connection of its own; the first line of the reply. */
  private static String redis(int port, String... command) throws IOException {
    StringBuilder resp = new StringBuilder("*" + command.length + "\r\n");
    for (String part : command) {
      resp.append('$').append(part.length()).append("\r\n").append(part).append("\r\n");
    }
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(resp.toString().getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    }
  }

  private static Path binaryOrSkip() {
    Optional<Path> found = Stream.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server"))
        .filter(Files::isExecutable).findFirst();
    if (found.isEmpty() && "1".equals(System.getenv("MLENGINE_REQUIRE_REDIS"))) {
      Assertions.fail("MLENGINE_REQUIRE_REDIS=1 but no redis-server was found; install Debian's package with `apt-get install -y"
          + " redis-server` (as .ci/run does), or unset MLENGINE_REQUIRE_REDIS to skip the tests that need it");
    }
    Assumptions.assumeTrue(found.isPresent(), "skipped: no redis-server (apt-get install -y redis-server)");
    return found.get();
  }

  private static void awaitPing(int port, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(2000);
        s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        byte[] b = new byte[5];
        if (in.readNBytes(b, 0, 5) == 5 && new String(b, StandardCharsets.US_ASCII).equals("+PONG")) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    Assertions.fail("redis-server did not answer on port " + port + ": " + Files.readString(log));
  }
}
