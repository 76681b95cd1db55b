package org.mlengine.core.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.Table;

/**
 * The seam a distributed tuner plugs into: a {@link TrialExecutor} that runs each round's fits
 * elsewhere gives the local tuner's winner and scores, whatever order it runs them in; the tuner
 * tells it every fold of every candidate still in, and checks what it returns.
 */
class TrialExecutorTest {

  private static Function<Tuner.Params, Pipeline> cart() {
    return p -> Pipeline.builder().target("y").split(Split.stratified(0.8))
        .trainer(Trainers.cart().maxDepth(p.integer("depth")).minChildWeight(p.number("leaf"))).bootstrap(0).seed(42).build();
  }

  /** Runs the fits last first, each on a copy of the fit made by Java serialization, as an executor elsewhere would receive it. */
  private static final class Reversed implements TrialExecutor {
    final List<List<TrialFit>> rounds = new ArrayList<>();

    @Override
    public List<TrialFit.Result> run(List<TrialFit> fits, Function<Tuner.Params, Pipeline> pipelineOf, Table table) {
      rounds.add(fits);
      List<TrialFit.Result> out = new ArrayList<>(Collections.nCopies(fits.size(), null));
      for (int i = fits.size() - 1; i >= 0; i--) {
        out.set(i, copy(fits.get(i)).run(pipelineOf, table));
      }
      return out;
    }
  }

  private static TrialFit copy(TrialFit fit) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(fit);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return (TrialFit) in.readObject();
      }
    } catch (IOException | ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Map<String, Object>> withoutDurations(TuningResult result) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Trial t : result.trials()) {
      Map<String, Object> m = new java.util.LinkedHashMap<>(t.toMap());
      m.remove("durationMillis");
      out.add(m);
    }
    return out;
  }

  @Test
  void fit_grid_onAnExecutor_givesTheLocalWinnerAndScores_andOneFitPerFoldOfEachCandidate() {
    Table table = TestData.binary(240, 3);
    Tuner tuner = Tuner.grid().param("depth", 1, 3).param("leaf", 1.0, 20.0).metric(TunerTest.brier()).folds(3).quiet();
    Reversed executor = new Reversed();
    TuningResult remote = tuner.fit(cart(), table, executor);
    TuningResult local = tuner.fit(cart(), table);
    assertEquals(withoutDurations(local), withoutDurations(remote));
    assertEquals(local.result().bundle().id(), remote.result().bundle().id());
    assertEquals(1, executor.rounds.size());
    List<String> fits = executor.rounds.get(0).stream().map(f -> f.candidate() + "/" + f.fold() + "/" + f.round()).toList();
    assertEquals(List.of("0/0/0", "0/1/0", "0/2/0", "1/0/0", "1/1/0", "1/2/0", "2/0/0", "2/1/0", "2/2/0", "3/0/0", "3/1/0", "3/2/0"), fits);
    assertEquals(Map.of("depth", 3, "leaf", 1.0), executor.rounds.get(0).get(6).params().values());
  }

  @Test
  void fit_halving_onAnExecutor_oneCallPerRound_withTheSurvivorsOnly() {
    Table table = TestData.binary(600, 4);
    Tuner tuner = Tuner.halving().param("depth", 1, 2, 3).param("leaf", 1.0, 5.0, 40.0).metric(TunerTest.brier()).folds(2).seed(9).quiet();
    Reversed executor = new Reversed();
    TuningResult remote = tuner.fit(cart(), table, executor);
    TuningResult local = tuner.fit(cart(), table);
    assertEquals(withoutDurations(local), withoutDurations(remote));
    assertEquals(local.best(), remote.best());
    assertEquals(List.of(18, 6, 2), executor.rounds.stream().map(List::size).toList());
    assertEquals(local.trials().stream().filter(t -> t.round() == 2).map(Trial::candidate).toList(),
        executor.rounds.get(2).stream().map(TrialFit::candidate).distinct().toList());
  }

  @Test
  void fit_executorReturningTooFewResults_failsSayingSo() {
    Table table = TestData.binary(120, 5);
    TrialExecutor lossy = new TrialExecutor() {
      @Override
      public List<TrialFit.Result> run(List<TrialFit> fits, Function<Tuner.Params, Pipeline> pipelineOf, Table rows) {
        return List.of(fits.get(0).run(pipelineOf, rows));
      }

      @Override
      public String toString() {
        return "lossy";
      }
    };
    var e = assertThrows(IllegalArgumentException.class,
        () -> Tuner.grid().param("depth", 1, 2).param("leaf", 1.0).metric(TunerTest.brier()).folds(2).quiet().fit(cart(), table, lossy));
    assertEquals("the TrialExecutor lossy returned 1 results for 4 fits; it must return one result per fit, in order", e.getMessage());
  }

  @Test
  void failed_namesTheTrialAsTheLocalTunerDoes() {
    Table table = TestData.binary(120, 6);
    Function<Tuner.Params, Pipeline> bad = p -> Pipeline.builder().target("y").split(Split.stratified(0.8)).drop(p.string("drop"))
        .trainer(Trainers.cart()).seed(42).build();
    Tuner tuner = Tuner.grid().param("drop", "x1", "x9").metric(TunerTest.brier()).folds(2).quiet();
    var local = assertThrows(IllegalArgumentException.class, () -> tuner.fit(bad, table));
    var remote = assertThrows(IllegalArgumentException.class, () -> tuner.fit(bad, table, (fits, pipelineOf, rows) -> {
      List<TrialFit.Result> out = new ArrayList<>();
      for (TrialFit f : fits) {
        try {
          out.add(f.run(pipelineOf, rows));
        } catch (RuntimeException thrown) {
          throw f.failed(thrown);
        }
      }
      return out;
    }));
    assertEquals(local.getMessage(), remote.getMessage());
    assertTrue(remote.getMessage().startsWith("the trial with {drop=x9} failed: "), remote.getMessage());
    assertEquals(IllegalStateException.class, new TrialFit(0, 0, new Tuner.Params(Map.of("a", 1)), 2, 10, 0, 0)
        .failed(new ArithmeticException("x")).getClass());
  }
}
