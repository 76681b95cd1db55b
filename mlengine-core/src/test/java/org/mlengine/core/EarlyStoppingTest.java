package org.mlengine.core;

import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.tuning.Tuner;
import org.mlengine.core.tuning.TunerTest;
import org.mlengine.core.tuning.TuningResult;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.BoostedModel;
import org.mlengine.runtime.internal.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Early stopping of XGBoost on the validation part of credit_data.csv (numeric columns without missing values). */
class EarlyStoppingTest {
  private static final int MAX_ROUNDS = 150;
  private static final int PATIENCE = 10;

  @TempDir Path dir;

  private static Table credit() throws Exception {
    Table credit = Table.readCsv(Path.of(EarlyStoppingTest.class.getResource("/credit_data.csv").toURI()));
    return credit.select("Status", "Seniority", "Time", "Age", "Expenses", "Amount", "Price");
  }

  private static Pipeline.Builder xgboost(Trainers.XGBoost trainer) {
    return Pipeline.builder().target("Status").split(Split.stratified(0.8).validation(0.2)).trainer(trainer).bootstrap(0).seed(42);
  }

  /** Multi-class log loss of these outcomes, probabilities clipped at 1e-16 as XGBoost's mlogloss. */
  private static double logLoss(Outcomes o) {
    int[] truth = o.trueClasses();
    double sum = 0;
    for (int r = 0; r < truth.length; r++) {
      sum -= Math.log(Math.max(o.probabilities(truth[r])[r], 1e-16));
    }
    return sum / truth.length;
  }

  @Test
  void xgboost_earlyStopping_keepsTheBestPrefixOnTheValidationPart() throws Exception {
    Table table = credit();
    Trainers.XGBoost trainer = Trainers.xgboost().trees(MAX_ROUNDS).eta(0.3).maxDepth(6);
    PipelineResult full = xgboost(trainer).build().fit(table);
    PipelineResult stopped = xgboost(trainer.earlyStopping(PATIENCE)).build().fit(table);

    // The validation loss of every prefix of the full model, scored through the ordinary scoring path.
    FittedPipeline fitted = full.pipeline();
    BoostedModel model = (BoostedModel) RuntimeAccess.pipelines().model(fitted);
    int outputs = model.outputs();
    assertEquals(MAX_ROUNDS * outputs, model.trees().size());
    Table validation = table.rows(full.partition().validation().toArray());
    double[] prefix = new double[MAX_ROUNDS];
    for (int k = 1; k <= MAX_ROUNDS; k++) {
      BoostedModel first = new BoostedModel(model.task(), outputs, model.baseScore(), model.trees().subList(0, k * outputs));
      FittedPipeline truncated = RuntimeAccess.pipelines().create(fitted.inputSchema(), fitted.target(), fitted.task(), fitted.classes(),
          fitted.transforms(), RuntimeAccess.pipelines().layout(fitted), first);
      prefix[k - 1] = logLoss(Outcomes.of(truncated.score(validation), validation, "Status"));
    }
    int best = 0;
    for (int k = 1; k < MAX_ROUNDS; k++) {
      best = prefix[k] < prefix[best] ? k : best;
    }

    JsonNode report = Json.MAPPER.readTree(stopped.bundle().spec()).get("trainer").get("earlyStopping");
    int used = report.get("roundsUsed").asInt();
    assertTrue(used < MAX_ROUNDS, "used " + used + " of " + MAX_ROUNDS);
    assertEquals(best + 1, used, "the first round with the lowest validation loss");
    assertEquals(prefix[best], report.get("bestValidationLoss").asDouble(), 1e-12);
    assertEquals("logloss", report.get("metric").asText());
    assertEquals(PATIENCE, report.get("patience").asInt());
    assertEquals(MAX_ROUNDS, report.get("maxRounds").asInt());
    assertEquals(used + PATIENCE, report.get("roundsEvaluated").asInt());
    // XGBoost's rule: no round within the patience window after the best improves on it.
    for (int k = best + 1; k < best + 1 + PATIENCE; k++) {
      assertTrue(prefix[k] >= prefix[best]);
    }
    // The kept model is the best prefix: its trees, and its validation score is the best prefix score.
    BoostedModel kept = (BoostedModel) RuntimeAccess.pipelines().model(stopped.pipeline());
    assertEquals(used * outputs, kept.trees().size());
    assertEquals(prefix[best], logLoss(stopped.validationOutcomes().orElseThrow()), 1e-12);
    assertEquals("xgboost", Json.MAPPER.readTree(stopped.bundle().spec()).get("trainer").get("algorithm").asText());
    assertEquals(PATIENCE, Json.MAPPER.readTree(stopped.bundle().spec()).get("trainer").get("earlyStoppingRounds").asInt());
    // The saved bundle loads and scores with the kept rounds.
    Path file = dir.resolve("stopped.mlb");
    stopped.bundle().save(file);
    ModelBundle loaded = ModelBundle.load(file);
    assertEquals(stopped.bundle().id(), loaded.id());
    assertEquals(prefix[best], logLoss(Outcomes.of(loaded.pipeline().score(validation), validation, "Status")), 1e-12);
  }

  @Test
  void xgboost_earlyStoppingInRegression_usesRmse() throws Exception {
    Table table = credit().drop("Status");
    Pipeline pipeline = Pipeline.builder().target("Price").split(Split.random(0.8).validation(0.2))
        .trainer(Trainers.xgboost().trees(80).eta(0.5).earlyStopping(5)).bootstrap(0).seed(1).build();
    PipelineResult result = pipeline.fit(table);
    JsonNode report = Json.MAPPER.readTree(result.bundle().spec()).get("trainer").get("earlyStopping");
    assertEquals("rmse", report.get("metric").asText());
    Outcomes o = result.validationOutcomes().orElseThrow();
    double[] a = o.actualValues();
    double[] p = o.predictedValues();
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (a[i] - p[i]) * (a[i] - p[i]);
    }
    assertEquals(report.get("bestValidationLoss").asDouble(), Math.sqrt(sum / a.length), 1e-9);
    assertEquals(report.get("roundsUsed").asInt(), ((BoostedModel) RuntimeAccess.pipelines().model(result.pipeline())).trees().size());
  }

  @Test
  void linearSgdClassifier_earlyStopping_keepsTheEpochCountWithTheLowestValidationLoss() throws Exception {
    Table table = credit();
    Trainers.Linear trainer = Trainers.linearSgd().epochs(12).learningRate(0.05);
    PipelineResult stopped = Pipeline.builder().target("Status").split(Split.stratified(0.8).validation(0.2))
        .trainer(trainer.earlyStopping(2)).bootstrap(0).seed(7).build().fit(table);
    JsonNode report = Json.MAPPER.readTree(stopped.bundle().spec()).get("trainer").get("earlyStopping");
    int evaluated = report.get("epochsEvaluated").asInt();
    int used = report.get("epochsUsed").asInt();
    // Each epoch count fitted on its own, through the public pipeline, scored on the same validation rows.
    double[] loss = new double[evaluated + 1];
    int best = 1;
    for (int k = 1; k <= evaluated; k++) {
      PipelineResult plain = Pipeline.builder().target("Status").split(Split.stratified(0.8).validation(0.2))
          .trainer(trainer.epochs(k)).bootstrap(0).seed(7).build().fit(table);
      loss[k] = logLoss(plain.validationOutcomes().orElseThrow());
      best = loss[k] < loss[best] ? k : best;
    }
    assertEquals(best, used);
    assertTrue(used < 12, "unscaled features: the loss turns up after a few epochs (3 of 12 with seed 7)");
    assertEquals(loss[best], report.get("bestValidationLoss").asDouble(), 1e-12);
    assertEquals(loss[best], logLoss(stopped.validationOutcomes().orElseThrow()), 1e-12);
    assertTrue(evaluated == 12 || evaluated == used + 2, "stopped after " + evaluated + " epochs, best " + used);
    assertEquals(12, report.get("maxEpochs").asInt());
  }

  @Test
  void build_earlyStoppingWithoutValidationPart_saysHowToAddOne() {
    var e = assertThrows(IllegalArgumentException.class, () -> Pipeline.builder().target("Status").split(Split.stratified(0.8))
        .trainer(Trainers.xgboost().earlyStopping(10)).build());
    assertEquals("the pipeline is not complete:\n- xgboost stops early on the validation part, but the split has none; give it one,"
        + " e.g. Split.stratified(0.8).validation(0.2), or drop earlyStopping(...).", e.getMessage());
    assertEquals("earlyStopping(0): give the rounds without improvement to wait for, at least 1 (e.g. 10)",
        assertThrows(IllegalArgumentException.class, () -> Trainers.xgboost().earlyStopping(0)).getMessage());
  }

  @Test
  void tuner_withEarlyStopping_scoresEachCandidateOnTheValidationPart() throws Exception {
    Table table = credit();
    TuningResult tuned = Tuner.grid().param("eta", 0.1, 0.5).metric(TunerTest.brier()).threads(2).quiet()
        .fit(p -> xgboost(Trainers.xgboost().trees(60).maxDepth(3).eta(p.number("eta")).earlyStopping(5)).build(), table);
    assertEquals(List.of(2), tuned.candidatesPerRound());
    assertEquals(1, tuned.trials().get(0).scores().size());
    JsonNode report = Json.MAPPER.readTree(tuned.result().bundle().spec()).get("trainer").get("earlyStopping");
    assertTrue(report.get("roundsUsed").asInt() <= 60);
    assertEquals(tuned.best().number("eta"), Json.MAPPER.readTree(tuned.result().bundle().spec()).get("trainer").get("eta").asDouble());
  }
}
