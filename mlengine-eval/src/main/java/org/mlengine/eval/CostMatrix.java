package org.mlengine.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlengine.core.spi.Outcomes;

/**
 * The cost of each (true class, predicted class) pair, copied at construction and never
 * changed: the engine of {@link Business#costMatrix(List, double[][])}.
 */
final class CostMatrix {
  static final String NAME = "Business.costMatrix";

  private final List<String> classes;
  private final Map<String, Integer> index;
  private final double[][] cost;

  CostMatrix(List<String> classes, double[][] cost) {
    Check.notNull(classes, NAME, "classes", "the class labels, e.g. List.of(\"bad\", \"good\")");
    Check.notNull(cost, NAME, "cost", "a double[][] with cost[true][predicted] per pair of classes");
    int k = classes.size();
    Check.argument(
        k >= 2,
        "%s: classes has %d label%s; expected at least 2 — list every class of the classifier",
        NAME, k, k == 1 ? "" : "s");
    Map<String, Integer> at = new HashMap<>();
    for (int c = 0; c < k; c++) {
      String label = classes.get(c);
      Check.argument(
          label != null,
          "%s: classes[%d] is null; expected a class label in every place", NAME, c);
      Check.argument(
          at.putIfAbsent(label, c) == null,
          "%s: classes lists '%s' twice; expected each class once — remove the duplicate",
          NAME, label);
    }
    Check.argument(
        cost.length == k,
        "%s: cost has %d rows for %d classes %s; expected a %dx%d matrix, cost[true][predicted]",
        NAME, cost.length, k, classes, k, k);
    double[][] copy = new double[k][];
    for (int t = 0; t < k; t++) {
      Check.argument(
          cost[t] != null && cost[t].length == k,
          "%s: cost[%d] has %s columns for %d classes %s; expected %d, one per predicted class",
          NAME, t, cost[t] == null ? "no" : String.valueOf(cost[t].length), k, classes, k);
      copy[t] = cost[t].clone();
      Check.finite(
          NAME, "cost[" + t + "]", copy[t], "cost",
          "give every pair a cost (0 for no cost, negative for a gain)");
    }
    this.classes = List.copyOf(classes);
    this.index = Map.copyOf(at);
    this.cost = copy;
  }

  List<String> classes() {
    return classes;
  }

  /** The mean, over the rows, of cost[true class][predicted class]. */
  double meanCost(Outcomes outcomes) {
    List<String> labels = outcomes.classes();
    Check.argument(
        labels.size() == classes.size() && index.keySet().containsAll(labels),
        "%s: the outcomes have classes %s but the cost matrix has %s; expected the same "
            + "classes (in any order) — build the matrix with the classifier's classes",
        NAME, labels, classes);
    int[] at = new int[labels.size()];
    for (int c = 0; c < at.length; c++) {
      at[c] = index.get(labels.get(c));
    }
    int[] yTrue = outcomes.trueClasses();
    int[] yPred = outcomes.predictedClasses();
    double total = 0.0;
    for (int i = 0; i < yTrue.length; i++) {
      total += cost[at[yTrue[i]]][at[yPred[i]]];
    }
    return total / yTrue.length;
  }
}
