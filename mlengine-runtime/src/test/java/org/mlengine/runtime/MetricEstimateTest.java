package org.mlengine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricEstimateTest {

  @Test
  void toString_withInterval_printsValueIntervalAndMethodToFourDecimals() {
    MetricEstimate m = new MetricEstimate("roc_auc", 0.8246202689243027, 0.7936508664841403, 0.853821392244272,
        "percentile bootstrap", Map.of("zero_rule", 0.5));

    assertEquals("roc_auc 0.8246 [0.7937, 0.8538] (percentile bootstrap)", m.toString());
  }

  @Test
  void toString_withoutInterval_printsNameAndValue() {
    MetricEstimate m = new MetricEstimate("accuracy", 0.8, Double.NaN, Double.NaN, "", Map.of());

    assertEquals("accuracy 0.8000", m.toString());
  }
}
