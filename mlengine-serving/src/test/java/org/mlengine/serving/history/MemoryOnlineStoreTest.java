package org.mlengine.serving.history;

/** The online store contract on {@link OnlineStore#inMemory()}. */
class MemoryOnlineStoreTest extends OnlineStoreContract {
  private OnlineStore current;

  @Override
  protected OnlineStore open(ManualClock clock) {
    if (current == null) {
      current = OnlineStore.builder().clock(clock).inMemory();
    }
    return current;
  }

  @Override
  protected boolean durable() {
    return false;
  }
}
