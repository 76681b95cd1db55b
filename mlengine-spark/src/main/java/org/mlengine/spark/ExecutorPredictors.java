package org.mlengine.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.serving.Predictor;

/**
 * One predictor per bundle per executor JVM: the first task that needs a bundle parses its
 * broadcast bytes, and every later task of this and later jobs shares the predictor (it is
 * thread-safe). At most {@value #KEPT} bundles are kept, the least recently used dropped first, so
 * that an executor scoring many bundles over its life does not hold them all.
 */
final class ExecutorPredictors {
  static final int KEPT = 8;

  private static final Map<String, Predictor> PREDICTORS = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Predictor> eldest) {
      return size() > KEPT;
    }
  };

  private static final java.util.concurrent.atomic.AtomicLong PARSES = new java.util.concurrent.atomic.AtomicLong();

  private ExecutorPredictors() {}

  /** The predictor for the bundle with this id, parsed from {@code bytes} on first use in this JVM. */
  static Predictor get(String id, Broadcast<byte[]> bytes) {
    synchronized (PREDICTORS) {
      Predictor cached = PREDICTORS.get(id);
      if (cached != null) {
        return cached;
      }
    }
    // Parsed outside the lock: another bundle's tasks need not wait; a rare second parse is harmless.
    Predictor parsed = Predictor.of(read(id, bytes.value()));
    PARSES.incrementAndGet();
    synchronized (PREDICTORS) {
      return PREDICTORS.computeIfAbsent(id, k -> parsed);
    }
  }

  /** How many predictors this JVM holds (for tests). */
  static int size() {
    synchronized (PREDICTORS) {
      return PREDICTORS.size();
    }
  }

  /** How many bundles this JVM has parsed so far (for tests: a bundle already held is not parsed again). */
  static long parses() {
    return PARSES.get();
  }

  private static ModelBundle read(String id, byte[] bytes) {
    try {
      ModelBundle bundle = ModelBundle.read(new ByteArrayInputStream(bytes), "the broadcast bundle " + id);
      if (!bundle.id().equals(id)) {
        throw new IllegalStateException("the broadcast bundle has id " + bundle.id() + " but was sent as " + id
            + "; the bytes changed on the way. Score again.");
      }
      return bundle;
    } catch (IOException e) {
      throw new UncheckedIOException("the broadcast bundle " + id + " does not read on this executor: " + e.getMessage(), e);
    }
  }
}
