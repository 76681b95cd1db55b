package org.mlengine.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mlengine.core.PipelineResult;
import org.mlengine.examples.Quickstart;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.BanditPolicy;
import org.mlengine.serving.Deployment;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of a deployment's routing cost: the credit quickstart's request scored by a
 * bare predictor and through each strategy (single, canary at 10%, a two-arm bandit with UCB1 or
 * Thompson sampling, and a shadow), sampled per call so the report gives the median and p99.
 * The routing cost is a strategy's median minus {@code bare}'s. The shadow's goal is the
 * champion's p99 under two threads of load against {@code single}'s:
 *
 * <pre>{@code
 * java -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.openjdk.jmh.Main DeploymentBenchmark
 * java -cp ... org.openjdk.jmh.Main 'DeploymentBenchmark.(single|shadow|shadowTenth)$' -t 2
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class DeploymentBenchmark {
  Predictor bare;
  Deployment single;
  Deployment canary;
  Deployment ucb1;
  Deployment thompson;
  Deployment shadow;
  Deployment shadowTenth;
  Map<String, Object> request;

  /** Trains the quickstart model once; every deployment serves it in predictors of its own. */
  @Setup
  public void setUp() throws Exception {
    Table credit = Quickstart.creditData();
    PipelineResult result = Quickstart.train(credit);
    ModelBundle bundle = result.bundle();
    bare = Predictor.of(bundle);
    single = Deployment.single(Predictor.of(bundle));
    canary = Deployment.canary(Predictor.of(bundle), Predictor.of(bundle), 0.1);
    ucb1 = Deployment.bandit(BanditPolicy.ucb1(), Map.of("a", Predictor.of(bundle), "b", Predictor.of(bundle)));
    thompson = Deployment.bandit(BanditPolicy.thompson(42), Map.of("a", Predictor.of(bundle), "b", Predictor.of(bundle)));
    shadow = Deployment.shadow(Predictor.of(bundle), Predictor.of(bundle));
    shadowTenth = Deployment.shadow(Predictor.of(bundle), Predictor.of(bundle), 0.1);
    request = new HashMap<>(credit.row(result.partition().test().get(0)).toMap());
    request.remove("Status");
  }

  /** Closes the deployments (and stops the shadow's thread). */
  @TearDown
  public void tearDown() {
    for (Deployment d : new Deployment[] {single, canary, ucb1, thompson, shadow, shadowTenth}) {
      d.close();
    }
  }

  /** The predictor alone: the baseline. */
  @Benchmark
  public Prediction bare() {
    return bare.predict(request);
  }

  /** One model behind a deployment: a request id, the route, the generation's count. */
  @Benchmark
  public Prediction single() {
    return single.predict(request);
  }

  /** A canary at 10%, routed by the generated request id's hash. */
  @Benchmark
  public Prediction canary() {
    return canary.predict(request);
  }

  /** A two-arm UCB1 bandit (no rewards: the pending ids churn through their ring). */
  @Benchmark
  public Prediction banditUcb1() {
    return ucb1.predict(request);
  }

  /** A two-arm Thompson sampling bandit: two Beta draws per request. */
  @Benchmark
  public Prediction banditThompson() {
    return thompson.predict(request);
  }

  /** The champion's answer with the shadow handed off (the request map copied) to its thread. */
  @Benchmark
  public Prediction shadow() {
    return shadow.predict(request);
  }

  /** The champion's answer with a tenth of the requests handed off to the shadow. */
  @Benchmark
  public Prediction shadowTenth() {
    return shadowTenth.predict(request);
  }
}
