package org.mlengine.core;

import org.mlengine.runtime.internal.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Every option method of every trainer changes its own option and no other: after any sequence
 * of option calls the spec is the default spec with the last value of each called option, in
 * the spec's fixed key order, whatever order the calls came in.
 */
class TrainersProperties {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One option call: the spec key it sets, the value the spec then records, and the call. */
  record Call<T extends Trainer>(String key, Object recorded, UnaryOperator<T> apply) {
    @Override
    public String toString() {
      return key + "=" + recorded;
    }
  }

  private static <T extends Trainer> Call<T> call(String key, Object recorded, UnaryOperator<T> apply) {
    return new Call<>(key, recorded, apply);
  }

  private static Arbitrary<Integer> positive(int max) {
    return Arbitraries.integers().between(1, max);
  }

  /** A share in (0, 1]. */
  private static Arbitrary<Double> share() {
    return Arbitraries.doubles().between(0, false, 1, true).ofScale(4);
  }

  private static Arbitrary<Double> nonNegative() {
    return Arbitraries.doubles().between(0, 1000).ofScale(4);
  }

  private static Arbitrary<Double> positiveRows() {
    return Arbitraries.doubles().between(0, false, 1000, true).ofScale(3);
  }

  @Provide
  Arbitrary<List<Call<Trainers.XGBoost>>> xgboostCalls() {
    Arbitrary<Call<Trainers.XGBoost>> one = Arbitraries.oneOf(List.of(
        positive(2000).map(n -> call("trees", n, t -> t.trees(n))),
        share().map(v -> call("eta", v, t -> t.eta(v))),
        positive(30).map(n -> call("maxDepth", n, t -> t.maxDepth(n))),
        nonNegative().map(v -> call("minChildWeight", v, t -> t.minChildWeight(v))),
        share().map(v -> call("subsample", v, t -> t.subsample(v))),
        share().map(v -> call("featureSubsample", v, t -> t.featureSubsample(v))),
        nonNegative().map(v -> call("lambda", v, t -> t.lambda(v))),
        nonNegative().map(v -> call("alpha", v, t -> t.alpha(v))),
        Arbitraries.longs().map(s -> call("seed", s, t -> t.seed(s))),
        positive(100).map(n -> call("earlyStoppingRounds", n, t -> t.earlyStopping(n)))));
    return one.list().ofMaxSize(25);
  }

  @Provide
  Arbitrary<List<Call<Trainers.Linear>>> linearCalls() {
    Arbitrary<Call<Trainers.Linear>> one = Arbitraries.oneOf(List.of(
        positive(500).map(n -> call("epochs", n, t -> t.epochs(n))),
        positiveRows().map(v -> call("learningRate", v, t -> t.learningRate(v))),
        nonNegative().map(v -> call("l1", v, t -> t.l1(v))),
        nonNegative().map(v -> call("l2", v, t -> t.l2(v))),
        positive(1024).map(n -> call("minibatchSize", n, t -> t.minibatchSize(n))),
        Arbitraries.longs().map(s -> call("seed", s, t -> t.seed(s))),
        positive(50).map(n -> call("earlyStoppingEpochs", n, t -> t.earlyStopping(n)))));
    return one.list().ofMaxSize(20);
  }

  @Provide
  Arbitrary<List<Call<Trainers.Logistic>>> logisticCalls() {
    Arbitrary<Call<Trainers.Logistic>> one = Arbitraries.oneOf(List.of(
        positiveRows().map(v -> call("c", v, t -> t.c(v))),
        positive(10_000).map(n -> call("maxIterations", n, t -> t.maxIterations(n))),
        positiveRows().map(v -> call("tolerance", v, t -> t.tolerance(v)))));
    return one.list().ofMaxSize(15);
  }

  @Provide
  Arbitrary<List<Call<Trainers.Forest>>> forestCalls() {
    Arbitrary<Call<Trainers.Forest>> one = Arbitraries.oneOf(List.of(
        positive(2000).map(n -> call("trees", n, t -> t.trees(n))),
        positive(30).map(n -> call("maxDepth", n, t -> t.maxDepth(n))),
        positiveRows().map(v -> call("minChildWeight", (double) v.floatValue(), t -> t.minChildWeight(v))),
        share().map(v -> call("featureFraction", (double) v.floatValue(), t -> t.featureFraction(v))),
        Arbitraries.longs().map(s -> call("seed", s, t -> t.seed(s)))));
    return one.list().ofMaxSize(15);
  }

  @Provide
  Arbitrary<List<Call<Trainers.Cart>>> cartCalls() {
    Arbitrary<Call<Trainers.Cart>> one = Arbitraries.oneOf(List.of(
        positive(30).map(n -> call("maxDepth", n, t -> t.maxDepth(n))),
        positiveRows().map(v -> call("minChildWeight", (double) v.floatValue(), t -> t.minChildWeight(v))),
        Arbitraries.longs().map(s -> call("seed", s, t -> t.seed(s)))));
    return one.list().ofMaxSize(10);
  }

  private static final List<String> XGBOOST_KEYS = List.of("trees", "eta", "maxDepth", "minChildWeight", "subsample", "featureSubsample",
      "lambda", "alpha", "seed", "earlyStoppingRounds");
  private static final List<String> LOGISTIC_KEYS = List.of("c", "maxIterations", "tolerance");
  private static final List<String> LINEAR_KEYS = List.of("epochs", "learningRate", "l1", "l2", "minibatchSize", "seed", "earlyStoppingEpochs");
  private static final List<String> FOREST_KEYS = List.of("trees", "maxDepth", "minChildWeight", "featureFraction", "seed");
  private static final List<String> CART_KEYS = List.of("maxDepth", "minChildWeight", "seed");

  @Property
  void xgboost_anyOptionCalls_changeOnlyTheirOwnOptions(@ForAll("xgboostCalls") List<Call<Trainers.XGBoost>> calls) throws Exception {
    assertOnlyOwnOptionsChange(Trainers.xgboost(), calls, XGBOOST_KEYS);
  }

  @Property
  void linear_anyOptionCalls_changeOnlyTheirOwnOptions(@ForAll("linearCalls") List<Call<Trainers.Linear>> calls) throws Exception {
    assertOnlyOwnOptionsChange(Trainers.linearSgd(), calls, LINEAR_KEYS);
  }

  @Property
  void logistic_anyOptionCalls_changeOnlyTheirOwnOptions(@ForAll("logisticCalls") List<Call<Trainers.Logistic>> calls) throws Exception {
    assertOnlyOwnOptionsChange(Trainers.logisticRegression(), calls, LOGISTIC_KEYS);
  }

  @Property
  void forest_anyOptionCalls_changeOnlyTheirOwnOptions(@ForAll("forestCalls") List<Call<Trainers.Forest>> calls) throws Exception {
    assertOnlyOwnOptionsChange(Trainers.randomForest(), calls, FOREST_KEYS);
  }

  @Property
  void cart_anyOptionCalls_changeOnlyTheirOwnOptions(@ForAll("cartCalls") List<Call<Trainers.Cart>> calls) throws Exception {
    assertOnlyOwnOptionsChange(Trainers.cart(), calls, CART_KEYS);
  }

  @Property
  void xgboost_distinctOptionsInAnyOrder_writeTheSameSpec(@ForAll("xgboostCalls") List<Call<Trainers.XGBoost>> calls, @ForAll Random random)
      throws Exception {
    assertOrderDoesNotMatter(Trainers.xgboost(), calls, random);
  }

  @Property
  void linear_distinctOptionsInAnyOrder_writeTheSameSpec(@ForAll("linearCalls") List<Call<Trainers.Linear>> calls, @ForAll Random random)
      throws Exception {
    assertOrderDoesNotMatter(Trainers.linearSgd(), calls, random);
  }

  @Property
  void logistic_distinctOptionsInAnyOrder_writeTheSameSpec(@ForAll("logisticCalls") List<Call<Trainers.Logistic>> calls, @ForAll Random random)
      throws Exception {
    assertOrderDoesNotMatter(Trainers.logisticRegression(), calls, random);
  }

  @Property
  void forest_distinctOptionsInAnyOrder_writeTheSameSpec(@ForAll("forestCalls") List<Call<Trainers.Forest>> calls, @ForAll Random random)
      throws Exception {
    assertOrderDoesNotMatter(Trainers.randomForest(), calls, random);
  }

  @Property
  void cart_distinctOptionsInAnyOrder_writeTheSameSpec(@ForAll("cartCalls") List<Call<Trainers.Cart>> calls, @ForAll Random random)
      throws Exception {
    assertOrderDoesNotMatter(Trainers.cart(), calls, random);
  }

  @Property
  void optionMethod_countBelowOne_namesTheValueAndTheLeastAllowed(@ForAll @IntRange(min = -1000, max = 0) int n) {
    assertEquals("trees = " + n + "; boosting needs at least one round",
        assertThrows(IllegalArgumentException.class, () -> Trainers.xgboost().trees(n)).getMessage());
    assertEquals("trees = " + n + "; a forest needs at least one tree",
        assertThrows(IllegalArgumentException.class, () -> Trainers.randomForest().trees(n)).getMessage());
    assertEquals("maxDepth = " + n + "; a tree needs depth >= 1",
        assertThrows(IllegalArgumentException.class, () -> Trainers.cart().maxDepth(n)).getMessage());
    assertEquals("epochs = " + n + "; give at least 1 pass over the data",
        assertThrows(IllegalArgumentException.class, () -> Trainers.linearSgd().epochs(n)).getMessage());
    assertEquals("minibatch size " + n + " must be at least 1",
        assertThrows(IllegalArgumentException.class, () -> Trainers.linearSgd().minibatchSize(n)).getMessage());
  }

  /** Applies the calls in order; the spec must be the default one with each called key's last value, keys in their fixed order. */
  private static <T extends Trainer> void assertOnlyOwnOptionsChange(T start, List<Call<T>> calls, List<String> keyOrder) throws Exception {
    Map<String, Object> before = new LinkedHashMap<>(start.spec());
    Map<String, Object> expected = new LinkedHashMap<>(before);
    T trainer = start;
    for (Call<T> c : calls) {
      trainer = c.apply().apply(trainer);
      expected.put(c.key(), c.recorded());
    }
    Map<String, Object> spec = trainer.spec();
    assertEquals(expected, spec);
    assertEquals(keyOrder.stream().filter(spec::containsKey).toList(), List.copyOf(spec.keySet()));
    assertEquals(start.name(), trainer.name());
    assertEquals(before, start.spec(), "an option call changed the trainer it was called on");
  }

  /** Keeps the last call of each option, then applies them in the given order and in a shuffled one. */
  private static <T extends Trainer> void assertOrderDoesNotMatter(T start, List<Call<T>> calls, Random random) throws Exception {
    Map<String, Call<T>> lastOfEach = new LinkedHashMap<>();
    calls.forEach(c -> lastOfEach.put(c.key(), c));
    List<Call<T>> inOrder = new ArrayList<>(lastOfEach.values());
    List<Call<T>> shuffled = new ArrayList<>(inOrder);
    Collections.shuffle(shuffled, random);
    T a = applyAll(start, inOrder);
    T b = applyAll(start, shuffled);
    assertEquals(JSON.writeValueAsString(Json.tree(a.spec())), JSON.writeValueAsString(Json.tree(b.spec())));
    assertEquals(a.toString(), b.toString());
  }

  private static <T extends Trainer> T applyAll(T start, List<Call<T>> calls) {
    T trainer = start;
    for (Call<T> c : calls) {
      trainer = c.apply().apply(trainer);
    }
    return trainer;
  }
}
