package org.mlengine.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mlengine.core.PipelineResult;
import org.mlengine.examples.Quickstart;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Fallback;
import org.mlengine.serving.GuardedPredictor;
import org.mlengine.serving.Limits;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of what answers that know their limits cost on the credit quickstart's
 * predictor: one request as a map scored alone, the four limits checked on a ready prediction
 * (minimum confidence, unseen categories over 4 columns, training ranges over 9, missing inputs
 * over 13; the request passes them all, the common case), both together, and through a {@link
 * GuardedPredictor}; and each rule alone:
 *
 * <pre>{@code
 * java -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.openjdk.jmh.Main LimitsBenchmark -wi 3 -w 2 -i 5 -r 2 -f 1
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LimitsBenchmark {
  Predictor predictor;
  Map<String, Object> request;
  Prediction prediction;
  Limits limits;
  GuardedPredictor guarded;

  /** Trains the quickstart model once and checks that the request passes the limits. */
  @Setup
  public void setUp() throws Exception {
    Table credit = Quickstart.creditData();
    PipelineResult result = Quickstart.train(credit);
    predictor = Predictor.of(result.bundle());
    request = new HashMap<>(credit.row(result.partition().test().get(0)).toMap());
    request.remove("Status");
    prediction = predictor.predict(request);
    limits = Limits.builder().minConfidence(0.5).refuseUnseenCategories().maxOutsideRange(3).maxMissing(2).build();
    guarded = limits.guard(predictor, Fallback.abstain());
    Optional<String> refusal = limits.refusal(predictor, request, prediction);
    if (refusal.isPresent()) {
      throw new IllegalStateException("the benchmark's request should pass the limits, but: " + refusal.get());
    }
  }

  /** The model alone. */
  @Benchmark
  public Prediction predict() {
    return predictor.predict(request);
  }

  /** The four limits on a ready prediction. */
  @Benchmark
  public Optional<String> check() {
    return limits.refusal(predictor, request, prediction);
  }

  /** One rule alone on a ready prediction, to see what each costs. */
  @Benchmark
  public Optional<String> checkOneRule(OneRule one) {
    return one.limits.refusal(predictor, request, prediction);
  }

  /**
   * Limits with one rule, one benchmark run per rule:
   *
   * <pre>{@code
   * java ... org.openjdk.jmh.Main 'LimitsBenchmark.checkOneRule' -p rule=maxMissing
   * }</pre>
   */
  @State(Scope.Benchmark)
  public static class OneRule {
    /** The rule. */
    @Param({"minConfidence", "refuseUnseenCategories", "maxOutsideRange", "maxMissing"})
    public String rule;

    Limits limits;

    /** Builds the limits of that one rule. */
    @Setup
    public void setUp() {
      Limits.Builder b = Limits.builder();
      limits = switch (rule) {
        case "minConfidence" -> b.minConfidence(0.5).build();
        case "refuseUnseenCategories" -> b.refuseUnseenCategories().build();
        case "maxOutsideRange" -> b.maxOutsideRange(3).build();
        default -> b.maxMissing(2).build();
      };
    }
  }

  /** The model, then the limits. */
  @Benchmark
  public Optional<String> predictAndCheck() {
    return limits.refusal(predictor, request, predictor.predict(request));
  }

  /** Through the guarded predictor (the model, the limits and the request id). */
  @Benchmark
  public Prediction guarded() {
    return guarded.predict("request-1", request);
  }
}
