package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.serving.history.OnlineStoreContract.trip;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances sharing a Redis namespace see one store; Redis itself deletes a row's key at its expiry. */
class RedisOnlineStoreSharedTest {
  private final String namespace = "shared-" + UUID.randomUUID();

  @AfterEach
  void dropNamespace() {
    RedisServer.shared().dropNamespace(namespace);
    assertEquals(0, RedisServer.shared().keysUnder(namespace), "the test leaves no keys on the shared Redis");
  }

  @Test
  void secondInstance_seesTheViewsAndRowsTheFirstWrote_andTheStaleCheckSpansBoth() throws Exception {
    try (OnlineStore first = OnlineStore.redis(RedisServer.shared().uri(), namespace);
        OnlineStore second = OnlineStore.redis(RedisServer.shared().uri(), namespace)) {
      Instant now = Instant.now();
      first.declare(OnlineStoreContract.TRIPS);
      assertTrue(first.write("trips", "r-1", now, trip(2, "a", null)));
      assertEquals(List.of("trips version 1 (fingerprint f1)"), second.views());
      assertEquals(2.0, second.read("trips", "r-1").orElseThrow().number("count_7d"));
      assertFalse(second.write("trips", "r-1", now.minusSeconds(1), trip(1, "b", null)), "older than the first's row");
      assertEquals(new OnlineStore.Stats(0, 1, 0), second.stats());
    }
  }

  @Test
  void expiredRow_isDeletedByRedis() throws Exception {
    ViewSlot brief = new ViewSlot("brief", "1", "b1", Optional.of("k"), OnlineStoreContract.TRIPS.columns(), Duration.ofMillis(300));
    RedisClient client = RedisClient.create(RedisServer.shared().uri());
    try (OnlineStore store = OnlineStore.redis(RedisServer.shared().uri(), namespace);
        StatefulRedisConnection<String, String> raw = client.connect()) {
      store.declare(brief);
      assertTrue(store.write("brief", "k1", Instant.now(), trip(1, "a", null)));
      String key = namespace + ":f:" + Hashes.hex16("brief") + ":kk1";
      assertEquals(1L, raw.sync().exists(key));
      long until = System.nanoTime() + 20_000_000_000L;   // the expiry, then RedisFeatures.GRACE_MILLIS
      while (raw.sync().exists(key) == 1L && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertEquals(0L, raw.sync().exists(key), "Redis deletes the key once the row has expired");
      assertEquals(Optional.empty(), store.read("brief", "k1"));
    } finally {
      client.shutdown();
    }
  }
}
