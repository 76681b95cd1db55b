package com.example.scoring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/** The service's scorer: loads a credit bundle once and scores applications. */
public final class CreditScorer implements AutoCloseable {
  private final Predictor predictor;

  public CreditScorer(Path bundle) throws IOException {
    this.predictor = Predictor.load(bundle);
  }

  /** The probability that each application of the table is "bad". */
  public double[] badProbabilities(Table applications) {
    List<Prediction> predictions = predictor.predictAll(applications);
    double[] bad = new double[predictions.size()];
    for (int i = 0; i < bad.length; i++) {
      bad[i] = predictions.get(i).probability("bad");
    }
    return bad;
  }

  @Override
  public void close() {
    predictor.close();
  }
}
