package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.serving.history.HistoryFixtures.SOURCES;
import static org.mlengine.serving.history.HistoryFixtures.byCustomer;
import static org.mlengine.serving.history.HistoryFixtures.call;
import static org.mlengine.serving.history.HistoryFixtures.column;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.Retention;

/** What only the Redis history has: instances sharing one namespace, a server that forgot its scripts, no server. */
class RedisHistoryTest {

  @Test
  void twoInstances_oneNamespace_seeEachOthersEventsInAppendOrder() throws Exception {
    String uri = RedisServer.shared().uri();
    String namespace = "shared-" + UUID.randomUUID();
    try (RedisHistory a = RedisHistory.connect(uri, namespace, Retention.unbounded(), SOURCES);
        RedisHistory b = RedisHistory.connect(uri, namespace, Retention.unbounded(), SOURCES)) {
      for (int i = 0; i < 6; i++) {
        (i % 2 == 0 ? a : b).append("calls", call("c1", "n", 5, i, "from " + (i % 2 == 0 ? "a" : "b"), null));
      }
      assertEquals(List.of("0.0", "1.0", "2.0", "3.0", "4.0", "5.0"), column(a.events(byCustomer("c1")), "Minutes"));
      assertEquals(column(a.events(byCustomer("c1")), "Kind"), column(b.events(byCustomer("c1")), "Kind"));
    }
    try (RedisHistory other = RedisHistory.connect(uri, "other-" + UUID.randomUUID(), Retention.unbounded(), SOURCES)) {
      assertEquals(0, other.events(byCustomer("c1")).rowCount(), "another namespace is another history");
    }
  }

  @Test
  void append_afterTheServerForgotItsScripts_loadsThemAgain() throws Exception {
    RedisServer server = RedisServer.shared();
    try (RedisHistory h = RedisHistory.connect(server.uri(), "flush-" + UUID.randomUUID(), Retention.unbounded(), SOURCES)) {
      h.append("calls", call("c1", "n", 1, 1, "k", null));
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
        s.getOutputStream().write("SCRIPT FLUSH\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] reply = new byte[5];
        assertEquals('+', s.getInputStream().read(reply) > 0 ? reply[0] : 0, "SCRIPT FLUSH answered " + new String(reply,
            StandardCharsets.US_ASCII));
      }
      h.append("calls", call("c1", "n", 2, 2, "k", null));
      assertEquals(List.of("1.0", "2.0"), column(h.events(byCustomer("c1")), "Minutes"));
    }
  }

  @Test
  void connect_noServer_failsNamingIt() throws Exception {
    RedisServer.binaryOrSkip();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String uri = "redis://127.0.0.1:" + port + "?timeout=2s";
    IOException e = assertThrows(IOException.class, () -> RedisHistory.connect(uri, "x", Retention.unbounded(), SOURCES));
    assertTrue(e.getMessage().startsWith("could not connect to Redis at " + uri + ": "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; check that the server runs and that the URI (redis://host:port/db) names it"),
        e.getMessage());
  }

  @Test
  void connect_aBlankNamespace_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RedisHistory.connect("redis://127.0.0.1:1", " ", Retention.unbounded(), SOURCES));
    assertEquals("the namespace is blank; give the prefix of this history's Redis keys, e.g. \"chicago\"", e.getMessage());
  }
}
