package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.PipelineResult;

/** The threshold chooser's optimality over generated validation sets. */
class BusinessProperties {

  @Provide
  Arbitrary<Metric> objectives() {
    return Arbitraries.of(
        Metrics.accuracy(),
        Metrics.f1(Average.BINARY),
        Business.costMatrix(List.of("neg", "pos"), new double[][] {{0, 1}, {7, 0}}),
        Business.costMatrix(List.of("neg", "pos"), new double[][] {{-1, 3}, {2, -0.5}}));
  }

  @Property
  void chooseThreshold_anyValidation_isBestOverEveryCandidateAndLowestOnTies(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 20) Integer> scores,
      @ForAll @Size(min = 40, max = 40) List<Boolean> positives,
      @ForAll("objectives") Metric objective) {
    int n = scores.size();
    double[] p = new double[n];
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = scores.get(i) / 20.0; // few distinct values: ties and the 0 and 1 edges occur
      truth[i] = positives.get(i) ? 1 : 0;
    }
    Outcomes validation = BusinessTest.binary(p, truth);
    // Test rows that would prefer the opposite decisions: the chooser must not read them.
    int[] flipped = new int[n];
    for (int i = 0; i < n; i++) {
      flipped[i] = 1 - truth[i];
    }
    Outcomes test = BusinessTest.binary(p, flipped);
    PipelineResult result = new PipelineResult(
        null, null, null, Map.of(), Map.of(), List.of(), List.of(), test, Optional.of(validation));

    Threshold chosen = Business.chooseThreshold(result, objective);

    assertEquals(Business.choose(validation, objective), chosen);
    assertEquals(chosen.validationValue(), chosen.evaluate(objective, validation), 0.0);
    for (double c : Business.candidates(validation)) {
      double value = new Threshold(c, "pos", objective.name(), 0.0).evaluate(objective, validation);
      if (objective.greaterIsBetter()) {
        assertTrue(value <= chosen.validationValue(), c + " gives " + value + " > " + chosen);
      } else {
        assertTrue(value >= chosen.validationValue(), c + " gives " + value + " < " + chosen);
      }
      if (c < chosen.threshold()) {
        assertTrue(value != chosen.validationValue(), "lower tied cut " + c + " for " + chosen);
      }
    }
  }
}
