package org.mlengine.serving.history;

import java.util.List;
import java.util.UUID;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;

/**
 * The contract on {@link RedisHistory} against a real {@code redis-server} ({@link RedisServer}),
 * each test in a namespace of its own; a restart closes the connection and connects again.
 */
class RedisHistoryContractTest extends HistoryContract {
  private String namespace;

  @Override
  protected History open(Retention retention, List<EventSource> sources) throws Exception {
    return RedisHistory.connect(RedisServer.shared().uri(), namespace, retention, sources);
  }

  @Override
  protected void fresh() {
    RedisServer.shared();
    namespace = "test-" + UUID.randomUUID();
  }
}
