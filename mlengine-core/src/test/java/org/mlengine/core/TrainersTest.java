package org.mlengine.core;

import org.mlengine.runtime.internal.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trainers' names, specs and messages. The expected JSON is what the trainers wrote before
 * their options became records (commit 9e14c86): a bundle's id hashes its manifest, spec
 * included, so a changed byte would change the id of every golden bundle.
 */
class TrainersTest {

  static Stream<Arguments> trainers() {
    return Stream.of(
        Arguments.of(Trainers.logisticRegression(), "logistic_regression",
            "{\"c\":1.0,\"maxIterations\":100,\"tolerance\":1.0E-4}"),
        Arguments.of(Trainers.linearSgd(), "linear_sgd",
            "{\"epochs\":10,\"learningRate\":1.0,\"l1\":0.0,\"l2\":0.0,\"minibatchSize\":1}"),
        Arguments.of(Trainers.randomForest(), "random_forest",
            "{\"trees\":100,\"maxDepth\":10,\"minChildWeight\":5.0,\"featureFraction\":0.5}"),
        Arguments.of(Trainers.xgboost(), "xgboost",
            "{\"trees\":100,\"eta\":0.3,\"maxDepth\":6,\"minChildWeight\":1.0,\"subsample\":1.0,\"featureSubsample\":1.0,"
                + "\"lambda\":1.0,\"alpha\":0.0}"),
        Arguments.of(Trainers.cart(), "cart",
            "{\"maxDepth\":6,\"minChildWeight\":5.0}"),
        Arguments.of(Trainers.logisticRegression().c(0.05).maxIterations(500).tolerance(1e-6).threads(3), "logistic_regression",
            "{\"c\":0.05,\"maxIterations\":500,\"tolerance\":1.0E-6}"),
        Arguments.of(Trainers.linearSgd().epochs(50).learningRate(0.25).l1(1e-3).l2(1e-4).minibatchSize(8).seed(7).earlyStopping(3),
            "linear_sgd",
            "{\"epochs\":50,\"learningRate\":0.25,\"l1\":0.001,\"l2\":1.0E-4,\"minibatchSize\":8,\"seed\":7,\"earlyStoppingEpochs\":3}"),
        Arguments.of(Trainers.linearSgd().epochs(20).learningRate(0.5).l2(0.01).seed(-3), "linear_sgd",
            "{\"epochs\":20,\"learningRate\":0.5,\"l1\":0.0,\"l2\":0.01,\"minibatchSize\":1,\"seed\":-3}"),
        Arguments.of(Trainers.randomForest().trees(200).maxDepth(12).minChildWeight(2.3).featureFraction(0.7).seed(11), "random_forest",
            "{\"trees\":200,\"maxDepth\":12,\"minChildWeight\":2.299999952316284,\"featureFraction\":0.699999988079071,\"seed\":11}"),
        Arguments.of(Trainers.xgboost().trees(500).eta(0.05).maxDepth(4).minChildWeight(0.5).subsample(0.8).featureSubsample(0.6)
                .lambda(2).alpha(0.1).seed(42).earlyStopping(20), "xgboost",
            "{\"trees\":500,\"eta\":0.05,\"maxDepth\":4,\"minChildWeight\":0.5,\"subsample\":0.8,\"featureSubsample\":0.6,"
                + "\"lambda\":2.0,\"alpha\":0.1,\"seed\":42,\"earlyStoppingRounds\":20}"),
        Arguments.of(Trainers.cart().maxDepth(8).minChildWeight(10).seed(5), "cart",
            "{\"maxDepth\":8,\"minChildWeight\":10.0,\"seed\":5}"));
  }

  @ParameterizedTest
  @MethodSource("trainers")
  void spec_defaultAndChangedOptions_writesTheSameJsonAsBefore(Trainer trainer, String name, String json) throws Exception {
    assertEquals(name, trainer.name());
    assertEquals(json, new ObjectMapper().writeValueAsString(Json.tree(trainer.spec())));
  }

  @Test
  void spec_asTheManifestWritesIt_keepsIndentationAndNumberForms() {
    String written = new String(Json.bytes(Json.tree(Trainers.randomForest().minChildWeight(2.3).seed(11).spec())), StandardCharsets.UTF_8);
    assertEquals("{\n  \"trees\" : 100,\n  \"maxDepth\" : 10,\n  \"minChildWeight\" : 2.299999952316284,\n"
        + "  \"featureFraction\" : 0.5,\n  \"seed\" : 11\n}", written.replace(System.lineSeparator(), "\n"));
  }

  @Test
  void toString_namesTheAlgorithmAndItsOptions() {
    assertEquals("logistic_regression{c=1.0, maxIterations=100, tolerance=1.0E-4}", Trainers.logisticRegression().toString());
    assertEquals("logistic_regression{c=0.5, maxIterations=100, tolerance=1.0E-4}", Trainers.logisticRegression().threads(1).c(0.5).toString());
    assertEquals("xgboost{trees=500, eta=0.05, maxDepth=4, minChildWeight=0.5, subsample=0.8, featureSubsample=0.6, lambda=2.0,"
        + " alpha=0.1, seed=42, earlyStoppingRounds=20}",
        Trainers.xgboost().trees(500).eta(0.05).maxDepth(4).minChildWeight(0.5).subsample(0.8).featureSubsample(0.6)
            .lambda(2).alpha(0.1).seed(42).earlyStopping(20).toString());
    assertEquals("random_forest{trees=200, maxDepth=12, minChildWeight=2.299999952316284, featureFraction=0.699999988079071, seed=11}",
        Trainers.randomForest().trees(200).maxDepth(12).minChildWeight(2.3).featureFraction(0.7).seed(11).toString());
    assertEquals("cart{maxDepth=8, minChildWeight=10.0, seed=5}", Trainers.cart().maxDepth(8).minChildWeight(10).seed(5).toString());
    assertEquals("linear_sgd{epochs=20, learningRate=0.5, l1=0.0, l2=0.01, minibatchSize=1, seed=-3}",
        Trainers.linearSgd().epochs(20).learningRate(0.5).l2(0.01).seed(-3).toString());
  }

  static Stream<Arguments> invalidOptions() {
    return Stream.of(
        invalid(() -> Trainers.linearSgd().epochs(0), "epochs = 0; give at least 1 pass over the data"),
        invalid(() -> Trainers.linearSgd().learningRate(0), "learning rate 0.0 must be a positive finite number, e.g. 0.1 (AdaGrad's steps shrink from it)"),
        invalid(() -> Trainers.linearSgd().learningRate(Double.NaN), "learning rate NaN must be a positive finite number, e.g. 0.1 (AdaGrad's steps shrink from it)"),
        invalid(() -> Trainers.linearSgd().learningRate(Double.POSITIVE_INFINITY), "learning rate Infinity must be a positive finite number, e.g. 0.1 (AdaGrad's steps shrink from it)"),
        invalid(() -> Trainers.linearSgd().l1(-1), "l1 penalty -1.0 must be zero or a positive finite number, e.g. 1e-4"),
        invalid(() -> Trainers.linearSgd().l2(Double.POSITIVE_INFINITY), "l2 penalty Infinity must be zero or a positive finite number, e.g. 1e-4"),
        invalid(() -> Trainers.linearSgd().minibatchSize(0), "minibatch size 0 must be at least 1"),
        invalid(() -> Trainers.logisticRegression().c(0),
            "c = 0.0; give a positive, finite inverse penalty strength (scikit-learn's C; 1 by default, smaller penalises more)"),
        invalid(() -> Trainers.logisticRegression().c(Double.POSITIVE_INFINITY),
            "c = Infinity; give a positive, finite inverse penalty strength (scikit-learn's C; 1 by default, smaller penalises more)"),
        invalid(() -> Trainers.logisticRegression().maxIterations(0), "maxIterations = 0; give at least 1 L-BFGS iteration (100 by default)"),
        invalid(() -> Trainers.logisticRegression().tolerance(-1e-4), "tolerance = -1.0E-4; give a positive, finite gradient tolerance (1e-4 by default)"),
        invalid(() -> Trainers.logisticRegression().tolerance(Double.NaN), "tolerance = NaN; give a positive, finite gradient tolerance (1e-4 by default)"),
        invalid(() -> Trainers.logisticRegression().threads(0), "threads = 0; give at least 1 thread (the machine's processors by default)"),
        invalid(() -> Trainers.linearSgd().earlyStopping(0),
            "earlyStopping(0): give the epochs without improvement to wait for, at least 1 (e.g. 3)"),
        invalid(() -> Trainers.xgboost().trees(0), "trees = 0; boosting needs at least one round"),
        invalid(() -> Trainers.xgboost().eta(1.5), "eta = 1.5; give a learning rate in (0, 1]"),
        invalid(() -> Trainers.xgboost().eta(0), "eta = 0.0; give a learning rate in (0, 1]"),
        invalid(() -> Trainers.xgboost().maxDepth(0), "maxDepth = 0; a tree needs depth >= 1"),
        invalid(() -> Trainers.xgboost().minChildWeight(-1), "minChildWeight = -1.0; give a finite number, zero or more (1 by default)"),
        invalid(() -> Trainers.xgboost().subsample(0), "subsample = 0.0; give a share in (0, 1]"),
        invalid(() -> Trainers.xgboost().featureSubsample(1.1), "featureSubsample = 1.1; give a share in (0, 1]"),
        invalid(() -> Trainers.xgboost().lambda(-0.5), "lambda = -0.5; give a finite L2 penalty, zero or more (1 by default)"),
        invalid(() -> Trainers.xgboost().alpha(-1), "alpha = -1.0; give a finite L1 penalty, zero or more (0 by default)"),
        invalid(() -> Trainers.xgboost().earlyStopping(-2),
            "earlyStopping(-2): give the rounds without improvement to wait for, at least 1 (e.g. 10)"),
        invalid(() -> Trainers.xgboost().threads(0), "threads(0): give the number of threads XGBoost may use, at least 1 (by default all "
            + Runtime.getRuntime().availableProcessors() + " processors)"),
        invalid(() -> Trainers.randomForest().trees(0), "trees = 0; a forest needs at least one tree"),
        invalid(() -> Trainers.randomForest().maxDepth(-1), "maxDepth = -1; a tree needs depth >= 1"),
        invalid(() -> Trainers.randomForest().minChildWeight(0), "minChildWeight = 0.0; give a positive, finite number of rows (5 by default)"),
        invalid(() -> Trainers.randomForest().featureFraction(0), "featureFraction = 0.0; give a share in (0, 1]"),
        invalid(() -> Trainers.randomForest().featureFraction(1.5), "featureFraction = 1.5; give a share in (0, 1]"),
        invalid(() -> Trainers.cart().maxDepth(0), "maxDepth = 0; a tree needs depth >= 1"),
        invalid(() -> Trainers.cart().minChildWeight(-2), "minChildWeight = -2.0; give a positive, finite number of rows (5 by default)"),
        // +Infinity passed every check below before (issue #14): each is refused now, saying what a finite value is.
        invalid(() -> Trainers.linearSgd().l1(Double.POSITIVE_INFINITY), "l1 penalty Infinity must be zero or a positive finite number, e.g. 1e-4"),
        invalid(() -> Trainers.xgboost().minChildWeight(Double.POSITIVE_INFINITY),
            "minChildWeight = Infinity; give a finite number, zero or more (1 by default)"),
        invalid(() -> Trainers.xgboost().lambda(Double.POSITIVE_INFINITY), "lambda = Infinity; give a finite L2 penalty, zero or more (1 by default)"),
        invalid(() -> Trainers.xgboost().alpha(Double.POSITIVE_INFINITY), "alpha = Infinity; give a finite L1 penalty, zero or more (0 by default)"),
        invalid(() -> Trainers.xgboost().eta(Double.POSITIVE_INFINITY), "eta = Infinity; give a learning rate in (0, 1]"),
        invalid(() -> Trainers.randomForest().minChildWeight(Double.POSITIVE_INFINITY),
            "minChildWeight = Infinity; give a positive, finite number of rows (5 by default)"),
        invalid(() -> Trainers.cart().minChildWeight(1e300), "minChildWeight = 1.0E300; give a positive, finite number of rows (5 by default)"));
  }

  private static Arguments invalid(Supplier<Trainer> call, String message) {
    return Arguments.of(call, message);
  }

  @ParameterizedTest
  @MethodSource("invalidOptions")
  void optionMethod_invalidValue_saysWhatItNeeds(Supplier<Trainer> call, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, call::get).getMessage());
  }

  @Test
  void xgboostThreads_anyCount_leaveTheSpecAsItWas() {
    // The trees do not depend on the threads (XGBoostEngineProperties), so neither does the bundle id.
    assertEquals(Trainers.xgboost().trees(7).spec(), Trainers.xgboost().threads(1).trees(7).threads(3).spec());
  }

  @Test
  void optionMethod_invalidValue_leavesTheTrainerAsItWas() {
    Trainers.XGBoost trainer = Trainers.xgboost().trees(7);
    assertThrows(IllegalArgumentException.class, () -> trainer.maxDepth(0));
    assertEquals(Trainers.xgboost().trees(7).spec(), trainer.spec());
  }
}
