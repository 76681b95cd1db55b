package org.mlengine.core;

import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.ScoringModel;
import org.mlengine.runtime.internal.TribuoModel;
import org.mlengine.runtime.internal.TribuoModelReader;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Core's side of {@link TribuoModelReader}: reads {@code model.tribuo.pb} with Tribuo (refusing
 * classes outside {@link TribuoTraining#ALLOWED_MODEL_CLASSES}) and scores rows with Tribuo's
 * predict. Registered in {@code META-INF/services/org.mlengine.runtime.internal.TribuoModelReader}.
 */
final class TribuoProtobufReader {
  private TribuoProtobufReader() {}

  /**
   * The service provider. Public with a public constructor only because {@link
   * java.util.ServiceLoader} instantiates it; nested in a package-private class, so that no user
   * can name it.
   *
   * <pre>{@code
   * // What the runtime does when a bundle holds only Tribuo's protobuf model:
   * ServiceLoader.load(TribuoModelReader.class).findFirst();   // this provider, with core on the class path
   * }</pre>
   */
  public static final class Provider implements TribuoModelReader {
    /** Made by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public ScoringModel read(byte[] protobuf, Task task, List<String> features, List<String> classes) throws BundleFormatException {
      Model<?> model = TribuoTraining.read(protobuf, "model.tribuo.pb");
      String[] names = features.toArray(String[]::new);
      List<String> order = List.copyOf(classes);
      return new TribuoModel((index, value, from, to) -> score(model, task, names, order, index, value, from, to));
    }
  }

  @SuppressWarnings("unchecked")
  private static double[] score(Model<?> model, Task task, String[] featureNames, List<String> classes, int[] index, double[] value,
      int from, int to) {
    int size = to - from;
    String[] names = new String[size];
    double[] values = new double[size];
    for (int k = 0; k < size; k++) {
      names[k] = featureNames[index[from + k]];
      values[k] = value[from + k];
    }
    if (task == Task.CLASSIFICATION) {
      Model<Label> m = (Model<Label>) model;
      Prediction<Label> p = m.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, values));
      double[] out = new double[classes.size()];
      for (Map.Entry<String, Label> e : p.getOutputScores().entrySet()) {
        int c = classes.indexOf(e.getKey());
        if (c >= 0) {
          out[c] = e.getValue().getScore();
        }
      }
      return out;
    }
    Model<Regressor> m = (Model<Regressor>) model;
    Prediction<Regressor> p = m.predict(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, names, values));
    return new double[] {p.getOutput().getValues()[0]};
  }
}
