package org.mlengine.serving;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A shadow deployment's running comparison, written by the shadow threads (under this object's
 * lock, off the request threads) and read as {@link ShadowReport} snapshots. Drops are counted
 * apart, lock-free, because they happen on the request thread.
 */
final class ShadowRecorder {
  private final int keep;
  private final LongAdder dropped = new LongAdder();
  private final ArrayDeque<ShadowReport.Pair> recent;
  /** Scored requests both models answered (neither abstained): the ones |Δ| is taken over. */
  private long compared;
  private long scored;
  private long failed;
  private long agreed;
  private double sumAbsDelta;
  private double maxAbsDelta = Double.NaN;

  ShadowRecorder(int keep) {
    this.keep = keep;
    this.recent = new ArrayDeque<>(keep);
  }

  void dropped() {
    dropped.increment();
  }

  synchronized void failed() {
    failed++;
  }

  synchronized void scored(String requestId, Prediction champion, Prediction shadow) {
    scored++;
    if (champion.label().isPresent() && champion.label().equals(shadow.label())) {
      agreed++;
    }
    if (champion.answer().kind() != Answer.Kind.ABSTAINED && shadow.answer().kind() != Answer.Kind.ABSTAINED) {
      double delta = absDelta(champion, shadow);
      compared++;
      sumAbsDelta += delta;
      maxAbsDelta = Double.isNaN(maxAbsDelta) ? delta : Math.max(maxAbsDelta, delta);
    }
    if (recent.size() == keep) {
      recent.removeFirst();
    }
    recent.addLast(new ShadowReport.Pair(requestId, champion, shadow));
  }

  synchronized ShadowReport report() {
    return new ShadowReport(scored, dropped.sum(), failed, agreed, compared == 0 ? Double.NaN : sumAbsDelta / compared,
        maxAbsDelta, new ArrayList<>(recent));
  }

  /** The largest difference of one class's probability, or of the two values for regression. */
  static double absDelta(Prediction champion, Prediction shadow) {
    if (champion.label().isEmpty()) {
      return Math.abs(champion.value() - shadow.value());
    }
    double max = 0;
    for (Map.Entry<String, Double> e : champion.probabilities().entrySet()) {
      max = Math.max(max, Math.abs(e.getValue() - shadow.probability(e.getKey())));
    }
    return max;
  }
}
