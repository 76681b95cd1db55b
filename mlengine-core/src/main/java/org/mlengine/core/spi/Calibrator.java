package org.mlengine.core.spi;

import org.apiguardian.api.API;
import org.mlengine.runtime.CalibrationMap;
import java.util.Map;

/**
 * How a pipeline calibrates its class probabilities: fitted on the validation part, which the
 * model never trained on, one map per class (for two classes, the second class only, the first
 * getting the rest), then applied by the predictor. mlengine-eval's {@code Calibration} makes
 * them.
 *
 * <pre>{@code
 * Pipeline.builder()
 *     .split(Split.stratified(0.8).validation(0.2))
 *     .calibrate(Calibration.isotonic())
 *     ...
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Calibrator {

  /** The method's name, e.g. {@code "platt"}. */
  String name();

  /** The options as JSON-ready values, for the pipeline spec. */
  Map<String, Object> spec();

  /**
   * Fits the map from a score to the probability that the row is positive.
   *
   * @param scores the model's probability of the class, per validation row
   * @param positive 1 where the row is of the class, 0 otherwise
   */
  CalibrationMap fit(double[] scores, int[] positive);
}
