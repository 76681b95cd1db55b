package org.mlengine.serving;

import java.util.ArrayList;
import java.util.List;
import org.mlengine.runtime.Schema;

/**
 * What a {@link Deployment} checks of the models it is given: each a predictor of its own, all
 * reading the champion's input columns and answering its task with its classes. Each refusal
 * names both bundles and says what to do.
 */
final class DeploymentModels {
  private DeploymentModels() {}

  /** The predictors in slot order, checked: none null, none given twice, each compatible with the first. */
  static List<Predictor> checkedModels(List<String> names, Predictor... predictors) {
    List<Predictor> out = new ArrayList<>(predictors.length);
    for (int i = 0; i < predictors.length; i++) {
      if (predictors[i] == null) {
        throw new NullPointerException("the predictor for '" + names.get(i) + "' is null; load one with Predictor.load(path)");
      }
      for (int j = 0; j < i; j++) {
        requireDistinct(predictors[j], names.get(j), predictors[i], names.get(i));
      }
      if (i > 0) {
        requireCompatible(predictors[0], names.get(0), predictors[i], names.get(i));
      }
      out.add(predictors[i]);
    }
    return out;
  }

  static void requireDistinct(Predictor serving, String servingName, Predictor other, String otherName) {
    if (serving == other) {
      throw new IllegalArgumentException("the same predictor (bundle " + shortId(other) + ") is given for '" + servingName
          + "' and '" + otherName + "'; a deployment closes each model it swaps out, so give each its own"
          + " Predictor.of(bundle).");
    }
  }

  /** Refuses a model whose input columns, task or classes differ from the reference's, naming both bundles. */
  static void requireCompatible(Predictor reference, String referenceName, Predictor model, String name) {
    String them = "bundle " + shortId(model) + " ('" + name + "')";
    String us = "the " + referenceName + " bundle " + shortId(reference);
    var ourTask = reference.bundle().pipeline().task();
    var theirTask = model.bundle().pipeline().task();
    if (ourTask != theirTask) {
      throw new IllegalArgumentException(them + " is a " + theirTask + " model where " + us + " is a " + ourTask
          + " one; every model in a deployment answers the champion's task. Deploy it on its own.");
    }
    List<Schema.Field> ours = reference.inputSchema().columns();
    List<Schema.Field> theirs = model.inputSchema().columns();
    for (int i = 0; i < Math.max(ours.size(), theirs.size()); i++) {
      Schema.Field a = i < ours.size() ? ours.get(i) : null;
      Schema.Field b = i < theirs.size() ? theirs.get(i) : null;
      if (a == null || b == null || !a.name().equals(b.name()) || a.type() != b.type()) {
        throw new IllegalArgumentException(them + " reads " + describe(b) + " as input column " + (i + 1) + " where " + us
            + " reads " + describe(a) + "; every model in a deployment needs the champion's input columns " + ours.stream()
            .map(Schema.Field::name).toList() + ". Train it on the champion's columns, or deploy it on its own.");
      }
    }
    List<String> ourClasses = reference.bundle().pipeline().classes();
    List<String> theirClasses = model.bundle().pipeline().classes();
    if (!ourClasses.equals(theirClasses)) {
      throw new IllegalArgumentException(them + " predicts the classes " + theirClasses + " where " + us + " predicts "
          + ourClasses + "; every model in a deployment needs the champion's classes, in order. Train it on the same target.");
    }
  }

  static String describe(Schema.Field field) {
    return field == null ? "nothing" : "'" + field.name() + "' (" + field.type() + ")";
  }

  static String shortId(Predictor predictor) {
    String id = predictor.bundle().id();
    return id.substring(0, Math.min(12, id.length()));
  }
}
