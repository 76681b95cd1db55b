package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The online store contract on {@link OnlineStore#redis} against a real {@code redis-server}, each test in a namespace of its own. */
class RedisOnlineStoreTest extends OnlineStoreContract {
  private final String namespace = "online-" + UUID.randomUUID();

  @AfterEach
  void dropNamespace() {
    RedisServer.shared().dropNamespace(namespace);
    assertEquals(0, RedisServer.shared().keysUnder(namespace), "the test leaves no keys on the shared Redis");
  }

  @Override
  protected OnlineStore open(ManualClock clock) throws Exception {
    return OnlineStore.builder().clock(clock).redis(RedisServer.shared().uri(), namespace);
  }

  @Override
  protected boolean durable() {
    return true;
  }
}
