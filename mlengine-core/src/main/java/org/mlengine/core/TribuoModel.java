package org.mlengine.core;

import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.Json;
import org.mlengine.runtime.internal.ScoringModel;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * A model evaluated by Tribuo itself, read from its protobuf form: how format-1 bundles written
 * before CART trees were compiled are scored. New bundles never use it.
 */
final class TribuoModel implements ScoringModel {
  static final String KIND = "tribuo";

  private final Model<?> model;
  private final Task task;
  private final String[] featureNames;
  private final List<String> classes;

  TribuoModel(Model<?> model, Task task, List<String> featureNames, List<String> classes) {
    this.model = model;
    this.task = task;
    this.featureNames = featureNames.toArray(String[]::new);
    this.classes = classes;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  @SuppressWarnings("unchecked")
  public double[] score(int[] index, double[] value, int from, int to) {
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

  @Override
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("kind", KIND);
    o.put("entry", "model.tribuo.pb");
    return o;
  }
}
