package org.mlengine.serving.history;

import java.util.UUID;

/** The online store contract on {@link OnlineStore#redis} against a real {@code redis-server}, each test in a namespace of its own. */
class RedisOnlineStoreTest extends OnlineStoreContract {
  private final String namespace = "online-" + UUID.randomUUID();

  @Override
  protected OnlineStore open(ManualClock clock) throws Exception {
    return OnlineStore.builder().clock(clock).redis(RedisServer.shared().uri(), namespace);
  }

  @Override
  protected boolean durable() {
    return true;
  }
}
