package org.mlengine.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.mlengine.core.PipelineResult;
import org.mlengine.examples.Quickstart;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Admission;
import org.mlengine.serving.ClientLimits;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of what {@link ClientLimits} costs per request, against the credit quickstart's
 * bare {@code predict} measured in the same run: 10,000 clients taking turns (each thread walks
 * them from its own offset, each client sending another applicant each time round), two threads,
 * the credit data's first 1,000 applicants as the requests.
 * {@code admitRate} applies a per-client rate the clients stay within (the common path);
 * {@code admitRateAndNearDuplicates} also cuts each request into cells and compares it with the
 * client's last 16 distinct queries; {@code admitRefused} is a client over its rate every time
 * (the refusal and its reason); {@code admitThenPredict} is the guarded pattern, admit then score.
 *
 * <pre>{@code
 * mvn -B -q -DskipTests -pl mlengine-bench -am package
 * java -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.openjdk.jmh.Main ClientLimitsBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@Threads(2)
public class ClientLimitsBenchmark {
  static final int CLIENTS = 10_000;
  static final int REQUESTS = 1_000;

  Predictor predictor;
  String[] clients;
  List<Map<String, Object>> requests;
  ClientLimits rate;
  ClientLimits rateAndNearDuplicates;
  ClientLimits refusing;

  /** Trains the quickstart model once, and makes every client known to the limits. */
  @Setup
  public void setUp() throws Exception {
    Table credit = Quickstart.creditData();
    PipelineResult result = Quickstart.train(credit);
    predictor = Predictor.of(result.bundle());
    requests = IntStream.range(0, REQUESTS).mapToObj(r -> {
      Map<String, Object> m = new HashMap<>(credit.row(r).toMap());
      m.remove("Status");
      return m;
    }).toList();
    clients = new String[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
      clients[i] = "client-" + i;
    }
    rate = ClientLimits.builder().rate(1_000_000_000, Duration.ofSeconds(1)).build();
    rateAndNearDuplicates = ClientLimits.builder().rate(1_000_000_000, Duration.ofSeconds(1))
        .nearDuplicateQuota(predictor, Integer.MAX_VALUE, Duration.ofHours(1)).build();
    refusing = ClientLimits.builder().rate(1, Duration.ofHours(1)).maxDelay(Duration.ZERO).build();
    for (int i = 0; i < CLIENTS; i++) {
      rate.admit(clients[i], requests.get(i % REQUESTS));
      rateAndNearDuplicates.admit(clients[i], requests.get(i % REQUESTS));
      refusing.admit(clients[i], requests.get(i % REQUESTS));
    }
    if (rate.admit(clients[0], requests.get(0)).refused() || !refusing.admit(clients[0], requests.get(0)).refused()) {
      throw new IllegalStateException("the benchmark's clients should be within the rate of 'rate' and over that of 'refusing'");
    }
  }

  /**
   * Each thread's turn through the clients and the requests; JMH makes one per thread.
   *
   * <pre>{@code
   * int client = turn.next();
   * Admission a = rate.admit(clients[client], requests.get(turn.request()));
   * }</pre>
   */
  @State(Scope.Thread)
  public static class Turn {
    int i;
    int round;

    /** Starts each thread at its own offset. */
    @Setup
    public void setUp() {
      i = (int) (Thread.currentThread().getId() * 4_099 % CLIENTS);
    }

    /** The next client. */
    int next() {
      if (++i == CLIENTS) {
        i = 0;
        round++;
      }
      return i;
    }

    /** The request the current client sends this round: another applicant each round. */
    int request() {
      return (i + round * 7) % REQUESTS;
    }
  }

  /** The predictor alone: the baseline. */
  @Benchmark
  public Prediction predict(Turn turn) {
    turn.next();
    return predictor.predict(requests.get(turn.request()));
  }

  /** The per-client rate, within it. */
  @Benchmark
  public Admission admitRate(Turn turn) {
    int i = turn.next();
    return rate.admit(clients[i], requests.get(turn.request()));
  }

  /** The rate and the near-duplicate quota. */
  @Benchmark
  public Admission admitRateAndNearDuplicates(Turn turn) {
    int i = turn.next();
    return rateAndNearDuplicates.admit(clients[i], requests.get(turn.request()));
  }

  /** A client over its rate: refused, with a reason and a retry-after. */
  @Benchmark
  public Admission admitRefused(Turn turn) {
    int i = turn.next();
    return refusing.admit(clients[i], requests.get(turn.request()));
  }

  /** Admit (rate and near-duplicates), then score. */
  @Benchmark
  public Prediction admitThenPredict(Turn turn) {
    int i = turn.next();
    Map<String, Object> request = requests.get(turn.request());
    if (rateAndNearDuplicates.admit(clients[i], request).refused()) {
      throw new IllegalStateException("refused");
    }
    return predictor.predict(request);
  }
}
