package org.mlengine.runtime.internal;

import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.Task;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A compiled linear model: one weight row and bias per output; softmax over the outputs for
 * classification (as Tribuo's LogMulticlass), the identity for regression. Evaluated in plain
 * Java, without Tribuo.
 *
 * <pre>{@code
 * LinearModel model = new LinearModel(Task.REGRESSION, new double[][] {{0.5, -1.0}}, new double[] {2.0});
 * double[] y = model.score(new int[] {0, 1}, new double[] {4.0, 1.0}, 0, 2);   // {3.0}
 * }</pre>
 */
public record LinearModel(Task task, double[][] weights, double[] bias) implements ScoringModel {
  public static final String KIND = "linear";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public double[] score(int[] index, double[] value, int from, int to) {
    double[] out = new double[bias.length];
    for (int o = 0; o < out.length; o++) {
      double[] w = weights[o];
      double s = bias[o];
      for (int k = from; k < to; k++) {
        s += w[index[k]] * value[k];
      }
      out[o] = s;
    }
    if (task == Task.CLASSIFICATION) {
      softmax(out);
    }
    return out;
  }

  /** In place, with the max subtracted first, as Tribuo's ExpNormalizer. */
  public static void softmax(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.exp(v[i] - max);
      sum += v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= sum;
    }
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("kind", KIND);
    o.put("link", task == Task.CLASSIFICATION ? "softmax" : "identity");
    ArrayNode rows = o.putArray("weights");
    for (double[] w : weights) {
      rows.add(Json.doubles(w));
    }
    o.set("bias", Json.doubles(bias));
    return o;
  }

  public static LinearModel fromJson(JsonNode node, Task task, int outputs, int features) throws BundleFormatException {
    String entry = "model.json";
    String link = Json.text(node, "link", entry);
    String expected = task == Task.CLASSIFICATION ? "softmax" : "identity";
    if (!link.equals(expected)) {
      throw new BundleFormatException("model.json has link '" + link + "' but the task is " + task + ", which needs '" + expected + "'");
    }
    JsonNode rows = Json.field(node, "weights", entry);
    double[] bias = Json.doubleArray(Json.field(node, "bias", entry), "bias", entry);
    if (!rows.isArray() || rows.size() != outputs || bias.length != outputs) {
      throw new BundleFormatException("model.json has " + rows.size() + " weight rows and " + bias.length
          + " biases; the manifest declares " + outputs + " outputs");
    }
    double[][] weights = new double[outputs][];
    for (int o = 0; o < outputs; o++) {
      weights[o] = Json.doubleArray(rows.get(o), "weights[" + o + "]", entry);
      if (weights[o].length != features) {
        throw new BundleFormatException("model.json weights[" + o + "] has " + weights[o].length
            + " values; the manifest declares " + features + " features");
      }
    }
    return new LinearModel(task, weights, bias);
  }
}
